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
});
