// Safety net until `strata exercises check` covers every exercise: the reference solution must pass
// its visible and hidden tests on the machine's CPython, and the starter must fail at least one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeContracts } from '../../src/grading/index.ts';
import type { Exercise, FileMap } from '../../src/grading/index.ts';
import { listExerciseFolders, loadExercise } from '../../src/runtime/node.ts';

// STRATA_EXERCISES_ROOT lets an author validate exercises kept outside the repository.
const ROOT = process.env.STRATA_EXERCISES_ROOT ?? 'exercises';
const folders = await listExerciseFolders(ROOT);

function writeFiles(dir: string, files: FileMap): void {
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** Lays out a project the way the grader does (code at the root, all tests in tests/) and runs unittest. */
function runTests(exercise: Exercise, code: 'starter' | 'solution'): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), `strata-${exercise.meta.id}-${code}-`));
  try {
    writeFiles(dir, exercise[code]);
    // `-t .` needs tests/ to be an importable package; exercises may leave the marker out.
    writeFiles(join(dir, 'tests'), { '__init__.py': '', ...exercise.tests, ...exercise.hidden });
    const result = spawnSync('python3', ['-B', '-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: exercise.meta.limits.totalSeconds * 1000,
      env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' },
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(folders)('exercise %s', (folder) => {
  it('has no test file name shared by tests/ and hidden/', async () => {
    const exercise = await loadExercise(ROOT, folder);
    const clashes = Object.keys(exercise.hidden).filter((name) => name in exercise.tests);
    expect(clashes).toEqual([]);
  });

  it('reference solution passes every visible and hidden test', async () => {
    const exercise = await loadExercise(ROOT, folder);
    const { status, output } = runTests(exercise, 'solution');
    expect(output).toMatch(/^Ran [1-9]\d* tests?/m);
    expect(status, output).toBe(0);
  });

  it('starter runs but fails at least one test', async () => {
    const exercise = await loadExercise(ROOT, folder);
    if (exercise.meta.writesContracts) {
      // The learner writes the contracts: the starter's code is right and its tests pass; what
      // it lacks is contracts, and every check of those fails.
      expect(runTests(exercise, 'starter').status).toBe(0);
      expect(gradeContracts(exercise, exercise.starter).results.filter((result) => result.kept)).toEqual([]);
      return;
    }
    const { status, output } = runTests(exercise, 'starter');
    expect(output).toMatch(/^FAILED \((failures|errors)=/m);
    expect(status, output).toBe(1);
  });
});
