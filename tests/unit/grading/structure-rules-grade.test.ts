// A structure rule is graded like a contract: exercise 13's solution with its old upward import
// hidden behind importlib keeps the layers contract (import-linter cannot see it) and breaks the
// rule, which costs the rule's share of the contracts weight (and every entry of the exercise's debt
// list), in every report format.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEBT_TYPE,
  toGradescope,
  toJUnit,
  formatText,
  gradeContracts,
  gradeSubmission,
} from '../../../src/grading/index.ts';
import type { FileMap } from '../../../src/grading/index.ts';
import { loadExercise } from '../../../src/runtime/node.ts';

const ROOT = join(import.meta.dirname, '../../..');
const exercise = await loadExercise(join(ROOT, 'exercises'), '13-legacy-burndown');
const STORE = 'ledgerly/db/store.py';

function cheat(): FileMap {
  const files: FileMap = { ...exercise.solution };
  const source = String(files[STORE]);
  // The store audits every save again, through an import no import statement shows.
  files[STORE] = `import importlib\n${source.replace(
    '        self._accounts[account.id] = account\n',
    '        self._accounts[account.id] = account\n        importlib.import_module("ledgerly.services.audit").record("system", "save", account.id)\n',
  )}`;
  return files;
}

describe('a structure rule graded like a contract (exercise 13)', () => {
  it('the cheat keeps the layers contract and breaks the no-dynamic-imports rule, at the line', () => {
    expect(String(cheat()[STORE])).toContain('importlib.import_module("ledgerly.services.audit")');
    const solution = gradeContracts(exercise, exercise.solution).results;
    expect(solution.every((result) => result.kept)).toBe(true);
    const results = gradeContracts(exercise, cheat()).results;
    const layers = results.find((result) => result.type === 'layers')!;
    const rule = results.find((result) => result.type === 'no_dynamic_imports')!;
    expect(layers.kept).toBe(true);
    expect(rule.kept).toBe(false);
    expect(rule.violations.flatMap((violation) => violation.lines)).toEqual([
      {
        importer: 'ledgerly.db.store',
        imported: 'importlib',
        file: STORE,
        line: 1,
        column: 1,
        text: 'import importlib',
      },
      {
        importer: 'ledgerly.db.store',
        imported: 'importlib.import_module',
        file: STORE,
        line: expect.any(Number) as number,
        column: 9,
        text: 'importlib.import_module',
      },
    ]);
  });

  it("loses the rule's share of the contracts weight, and every format shows the broken rule", async () => {
    const fair = await gradeSubmission({ exercise, files: exercise.solution });
    const cheated = await gradeSubmission({ exercise, files: cheat() });
    const { contracts } = cheated.parts;
    expect([fair.parts.contracts.passed, fair.parts.contracts.total]).toEqual([contracts.total, contracts.total]);
    // Exercise 13 grades its debt list too: while a module imports dynamically, no entry counts as paid.
    const debt = cheated.contracts.filter((result) => result.type === DEBT_TYPE);
    expect(debt.length).toBeGreaterThan(0);
    expect(debt.every((result) => !result.kept)).toBe(true);
    expect(contracts.passed).toBe(contracts.total - 1 - debt.length);
    expect(cheated.parts.contracts.earned).toBeCloseTo(
      fair.parts.contracts.earned * (contracts.passed / contracts.total),
      1,
    );
    expect(cheated.score).toBeLessThan(fair.score);
    const ruleName = cheated.contracts.find((result) => !result.kept)!.name;
    expect(formatText(cheated)).toContain(`BROKEN ${ruleName}`);
    expect(formatText(cheated)).toContain(`${STORE}:1:1: import importlib`);
    expect(JSON.stringify(toGradescope(cheated))).toContain(`${STORE}:1:1: import importlib`);
    expect(toJUnit(cheated)).toContain(`${STORE}:1:1: import importlib`);
  });

  it('a project the contracts cannot be checked on (a layer deleted) still has its rules checked', () => {
    const files = Object.fromEntries(Object.entries(cheat()).filter(([path]) => !path.startsWith('ledgerly/web/')));
    const { results, error } = gradeContracts(exercise, files);
    expect(error).toMatch(/Missing layer 'ledgerly\.web'/);
    expect(results.filter((result) => result.type === 'layers').every((result) => !result.kept)).toBe(true);
    // Deleting a layer must not make the rule disappear (and with it the cap it puts on the score).
    const rule = results.find((result) => result.type === 'no_dynamic_imports');
    expect(rule?.kept).toBe(false);
    expect(rule?.violations.flatMap((violation) => violation.lines).map((line) => line.file)).toContain(STORE);
  });
});
