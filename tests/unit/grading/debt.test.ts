// A debt list graded entry by entry (exercise 13): an entry of the exercise's ignore_imports is paid
// off when the contract holds without it, on the learner's code; the learner's own copy of the
// configuration is never read, and a hidden or rerouted import pays nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEBT_TYPE,
  debtItemName,
  ExerciseError,
  gradeContracts,
  gradeSubmission,
  parseExercise,
} from '../../../src/grading/index.ts';
import type { FileMap } from '../../../src/grading/index.ts';
import type { ContractResult } from '../../../src/schemas/index.ts';
import { loadExercise, readTree } from '../../../src/runtime/node.ts';

const FOLDER = join(import.meta.dirname, '../../../exercises/13-legacy-burndown');
const exercise = await loadExercise(join(FOLDER, '..'), '13-legacy-burndown');
const MONEY = 'ledgerly.models.money -> ledgerly.db.config';
const FEES = 'ledgerly.models.account -> ledgerly.services.fees';

const debtOf = (results: ContractResult[]) => results.filter((result) => result.type === DEBT_TYPE);
const paid = (results: ContractResult[]) =>
  debtOf(results)
    .filter((result) => result.kept)
    .map((result) => result.name);

/** The starter with the currency precision moved down into models: one entry paid off. */
function moneyPaid(): FileMap {
  return {
    ...exercise.starter,
    'ledgerly/models/money.py': String(exercise.starter['ledgerly/models/money.py'])
      .replace('from ledgerly.db.config import CURRENCY_PLACES\n', '')
      .replace('def to_money', 'CURRENCY_PLACES = 2\n\n\ndef to_money'),
  };
}

describe('a debt list graded entry by entry (exercise 13)', () => {
  it('grades each ignored import of the starter as unpaid, at the line that still imports it', () => {
    const results = gradeContracts(exercise, exercise.starter).results;
    expect(results.filter((result) => result.type !== DEBT_TYPE).every((result) => result.kept)).toBe(true);
    const debt = debtOf(results);
    expect(debt).toHaveLength(6);
    expect(debt.every((result) => !result.kept)).toBe(true);
    const money = debt.find((result) => result.name === debtItemName(MONEY))!;
    expect(money.violations.flatMap((violation) => violation.lines)).toEqual([
      { importer: 'ledgerly.models.money', imported: 'ledgerly.db.config', file: 'ledgerly/models/money.py', line: 3 },
    ]);
    expect(money.warnings.join()).toMatch(/breaks without this entry/);
  });

  it('counts the entries paid off: one fixed import, one item; the solution pays all six', async () => {
    expect(paid(gradeContracts(exercise, moneyPaid()).results)).toEqual([debtItemName(MONEY)]);
    expect(paid(gradeContracts(exercise, exercise.solution).results)).toHaveLength(6);
    const starter = await gradeSubmission({ exercise, files: exercise.starter, hidden: false });
    const partial = await gradeSubmission({ exercise, files: moneyPaid(), hidden: false });
    expect(partial.parts.contracts.total).toBe(8);
    expect(partial.parts.contracts.passed).toBe(starter.parts.contracts.passed + 1);
  });

  it("reads the list from the exercise: the learner's emptied or extended copy changes nothing", async () => {
    const learnerConfig = [
      '[importlinter]',
      'root_package = ledgerly',
      '[importlinter:contract:layers]',
      'name = Web above services above db above models',
      'type = layers',
      'layers =',
      '    ledgerly.web',
      '    ledgerly.services',
      '    ledgerly.db',
      '    ledgerly.models',
      'ignore_imports =',
      '    ledgerly.** -> ledgerly.**',
      '',
    ].join('\n');
    const plain = await gradeSubmission({ exercise, files: moneyPaid(), hidden: false });
    const withCopy = await gradeSubmission({
      exercise,
      files: { ...moneyPaid(), '.importlinter': learnerConfig },
      hidden: false,
    });
    expect(withCopy.contracts).toEqual(plain.contracts);
    expect(withCopy.errors).toContain("submission: ignored .importlinter (the exercise's contracts apply)");
  });

  it('pays nothing for an import rerouted through another module, or for a new upward import', () => {
    const detour: FileMap = {
      ...exercise.starter,
      'ledgerly/models/fee_rules.py': 'from ledgerly.services.fees import withdrawal_fee  # noqa: F401\n',
      'ledgerly/models/account.py': String(exercise.starter['ledgerly/models/account.py']).replace(
        'from ledgerly.services.fees import',
        'from ledgerly.models.fee_rules import',
      ),
    };
    const rerouted = gradeContracts(exercise, detour).results;
    expect(rerouted.find((result) => result.type === 'layers')!.kept).toBe(false);
    expect(paid(rerouted)).toEqual([]);
    const fees = rerouted.find((result) => result.name === debtItemName(FEES))!;
    expect(fees.warnings.join()).toMatch(/broken even with every entry ignored/);

    const upward = { ...moneyPaid(), 'ledgerly/models/extra.py': 'import ledgerly.web.views\n' };
    expect(paid(gradeContracts(exercise, upward).results)).toEqual([]);
  });

  it('pays nothing while a module imports dynamically: the graph cannot show an import is gone', () => {
    const hidden: FileMap = {
      ...exercise.starter,
      'ledgerly/models/money.py': [
        'import importlib',
        'from decimal import ROUND_HALF_UP, Decimal',
        '',
        '',
        'def to_money(value):',
        '    places = importlib.import_module("ledgerly.db.config").CURRENCY_PLACES',
        '    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)',
        '',
      ].join('\n'),
    };
    const results = gradeContracts(exercise, hidden).results;
    expect(results.find((result) => result.type === 'no_dynamic_imports')!.kept).toBe(false);
    expect(paid(results)).toEqual([]);
    expect(debtOf(results)[0]!.warnings.join()).toMatch(/imports dynamically \("No dynamic imports in ledgerly"\)/);
  });

  it('refuses a debt it cannot grade fairly, naming the file and the field', async () => {
    const files = await readTree(FOLDER);
    const config = String(files['.importlinter']);
    const broken = (change: (text: string) => string, meta?: (json: string) => string) => () =>
      parseExercise('13-legacy-burndown', {
        ...files,
        '.importlinter': change(config),
        'exercise.json': (meta ?? ((json) => json))(String(files['exercise.json'])),
      });
    const problem = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ExerciseError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(problem(broken((text) => text))).toBe('no error');
    expect(problem(broken((text) => text.replace('unmatched_ignore_imports_alerting = none\n', '')))).toMatch(
      /^13-legacy-burndown\/exercise.json \(debt\): .*unmatched_ignore_imports_alerting = none/,
    );
    expect(problem(broken((text) => text.slice(0, text.indexOf('[strata:rule'))))).toMatch(
      /needs a no_dynamic_imports structure rule/,
    );
    expect(
      problem(
        broken(
          (text) => text,
          (json) => json.replace('"debt": ["Web above', '"debt": ["Typo above'),
        ),
      ),
    ).toMatch(/no contract named "Typo above services above db above models"/);
  });
});
