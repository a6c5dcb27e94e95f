import { describe, expect, it } from 'vitest';
import { ExerciseError, parseExercise } from '../../src/grading/index.ts';
import { readTree } from '../../src/runtime/node.ts';

const FOLDER = '01-import-side-effects';

async function realExercise(): Promise<Record<string, string>> {
  return readTree(`exercises/${FOLDER}`);
}

function errorOf(run: () => unknown): ExerciseError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExerciseError) return error;
    throw error;
  }
  throw new Error('expected an ExerciseError');
}

describe('parseExercise', () => {
  it('parses a real exercise folder into its parts', async () => {
    const exercise = parseExercise(FOLDER, await realExercise());
    expect(exercise.meta.id).toBe(FOLDER);
    expect(exercise.contracts.path).toBe('.importlinter');
    expect(Object.keys(exercise.starter)).toContain('reports/db.py');
    expect(Object.keys(exercise.hidden)).toEqual(['test_hidden.py']);
    expect(exercise.meta.limits).toEqual({ testSeconds: 5, totalSeconds: 30 });
  });

  it('names the folder, file and field of a schema error', async () => {
    const files = await realExercise();
    const meta = JSON.parse(files['exercise.json']!) as { weights: { hidden: number } };
    meta.weights.hidden = -1;
    const error = errorOf(() => parseExercise(FOLDER, { ...files, 'exercise.json': JSON.stringify(meta) }));
    expect(error.folder).toBe(FOLDER);
    expect(error.file).toBe('exercise.json');
    expect(error.field).toBe('weights.hidden');
    expect(error.message).toMatch(/^01-import-side-effects\/exercise\.json \(weights\.hidden\): /);
  });

  it('rejects unknown fields, too few hints and a solution rule without attempts', async () => {
    const files = await realExercise();
    const base = JSON.parse(files['exercise.json']!) as { hints: unknown[] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, colour: 'blue' }, '(root)'],
      [{ ...base, hints: base.hints.slice(0, 1) }, 'hints'],
      [{ ...base, solution: { reveal: 'after-attempts' } }, 'solution.attempts'],
    ];
    for (const [meta, field] of cases) {
      const error = errorOf(() => parseExercise(FOLDER, { ...files, 'exercise.json': JSON.stringify(meta) }));
      expect(error.message).toContain(field === '(root)' ? 'colour' : field);
    }
  });

  it('reports invalid JSON, a wrong id, missing instructions, contracts and starter', async () => {
    const files = await realExercise();
    const without = (name: string) => Object.fromEntries(Object.entries(files).filter(([path]) => path !== name));
    expect(errorOf(() => parseExercise(FOLDER, { ...files, 'exercise.json': '{' })).message).toMatch(
      /exercise\.json: is not valid JSON/,
    );
    expect(errorOf(() => parseExercise('02-other', files)).field).toBe('id');
    expect(errorOf(() => parseExercise(FOLDER, without('README.md'))).file).toBe('README.md');
    expect(errorOf(() => parseExercise(FOLDER, without('.importlinter'))).file).toBe('.importlinter');
    const noStarter = Object.fromEntries(Object.entries(files).filter(([path]) => !path.startsWith('starter/')));
    expect(errorOf(() => parseExercise(FOLDER, noStarter)).file).toBe('starter/');
  });

  it('takes the contracts lint-imports would read in the folder: setup.cfg first, a file without the section passed over', async () => {
    const files = await realExercise();
    const own = files['.importlinter']!;
    const other =
      '[importlinter]\nroot_package = reports\n\n[importlinter:contract:x]\nname = Other\ntype = forbidden\nsource_modules = reports\nforbidden_modules = sqlite3\n';
    // Both with contracts: lint-imports reads setup.cfg (then .importlinter, then pyproject.toml).
    const both = parseExercise(FOLDER, { ...files, 'setup.cfg': other });
    expect(both.contracts).toEqual({ path: 'setup.cfg', text: other });
    // Another tool's setup.cfg is not a configuration of lint-imports: .importlinter is.
    const flake8 = parseExercise(FOLDER, { ...files, 'setup.cfg': '[flake8]\nmax-line-length = 100\n' });
    expect(flake8.contracts).toEqual({ path: '.importlinter', text: own });
    // A pyproject.toml with no [tool.importlinter] table beside it changes nothing either.
    const toml = parseExercise(FOLDER, { ...files, 'pyproject.toml': '[project]\nname = "reports"\n' });
    expect(toml.contracts.path).toBe('.importlinter');
    // Files that are there but hold no contracts are named, with what they lack.
    const { '.importlinter': _dropped, ...rest } = files;
    const error = errorOf(() => parseExercise(FOLDER, { ...rest, 'setup.cfg': '[flake8]\nmax-line-length = 100\n' }));
    expect(error.file).toBe('setup.cfg');
    expect(error.message).toMatch(/no \[importlinter\] section/);
  });
});

describe('parseExercise: an exercise where the learner writes the contracts', () => {
  const WRITES = '18-write-the-contracts';
  const load = async () => readTree(`exercises/${WRITES}`);
  type RawProject = { expect?: string; check?: string; by?: string[] };
  type RawMeta = { writesContracts?: { projects: Record<string, RawProject> } };
  /** The files with exercise.json changed: `change` gets its hidden projects and the whole of it. */
  const edit = (
    files: Record<string, string>,
    change: (projects: Record<string, RawProject>, meta: RawMeta) => void,
  ) => {
    const meta = JSON.parse(files['exercise.json']!) as RawMeta;
    change(meta.writesContracts!.projects, meta);
    return { ...files, 'exercise.json': JSON.stringify(meta) };
  };

  it('reads the hidden projects by name and takes the starter configuration as the contracts', async () => {
    const exercise = parseExercise(WRITES, await load());
    expect(exercise.contracts).toEqual({ path: '.importlinter', text: exercise.starter['.importlinter'] });
    expect(Object.keys(exercise.projects).sort()).toEqual(Object.keys(exercise.meta.writesContracts!.projects).sort());
    expect(exercise.projects['domain-uses-storage']?.['shop/domain/orders.py']).toContain('shop.adapters.memory');
    expect(Object.keys(exercise.hidden)).toEqual([]);
  });

  it('names the file and field of each malformed declaration', async () => {
    const files = await load();
    const cases: [Record<string, string>, string, string | undefined, RegExp][] = [
      [
        edit(files, (projects) => (projects['domain-uses-storage']!.by = ['shop.domain.orders'])),
        'exercise.json',
        'writesContracts.projects.domain-uses-storage.by.0',
        /must be an import such as/,
      ],
      [
        edit(files, (projects) => (projects['domain-uses-storage']!.by = ['shop.domain.nowhere -> shop.adapters'])),
        'exercise.json',
        'writesContracts.projects.domain-uses-storage.by.0',
        /projects\/domain-uses-storage\/ has no module shop\.domain\.nowhere/,
      ],
      [
        edit(files, (projects) => {
          for (const project of Object.values(projects)) {
            project.expect = 'broken';
            project.by ??= ['shop.main -> shop.adapters.console'];
          }
        }),
        'exercise.json',
        'writesContracts.projects',
        /needs at least one project that must be kept/,
      ],
      [
        edit(files, (projects) => (projects['with-discounts']!.check = 'Keeps your own project')),
        'exercise.json',
        'writesContracts.projects.with-discounts.check',
        /names another check/,
      ],
      [
        edit(files, (projects) => (projects['with-discounts']!.expect = 'maybe')),
        'exercise.json',
        'writesContracts.projects.with-discounts.expect',
        /kept|broken/,
      ],
      [
        edit(files, (projects) => delete projects['with-discounts']),
        'projects/with-discounts/',
        undefined,
        /is not declared in exercise\.json \(writesContracts\.projects\.with-discounts\)/,
      ],
      [
        edit(files, (projects) => (projects.extra = { expect: 'kept', check: 'Keeps an extra shop' })),
        'projects/extra/',
        'writesContracts.projects.extra',
        /folder is missing or has no Python files/,
      ],
      [
        { ...files, '.importlinter': '[importlinter]\n' },
        '.importlinter',
        undefined,
        /remove the exercise's own contracts file/,
      ],
      [
        Object.fromEntries(Object.entries(files).filter(([path]) => path !== 'solution/.importlinter')),
        'solution/.importlinter',
        undefined,
        /file is missing: the learner's contracts live there/,
      ],
      [
        edit(files, (_, meta) => delete meta.writesContracts),
        'projects/application-uses-storage/',
        undefined,
        /hidden projects need writesContracts in exercise\.json/,
      ],
    ];
    for (const [variant, file, field, message] of cases) {
      const error = errorOf(() => parseExercise(WRITES, variant));
      expect(error.file).toBe(file);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
      expect(error.message.startsWith(`${WRITES}/${file}`)).toBe(true);
    }
  });
});
