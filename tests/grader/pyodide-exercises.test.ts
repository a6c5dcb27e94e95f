// Every exercise graded in Pyodide (CPython compiled to WebAssembly, as the browser runs it):
// the reference solution scores 100% and the starter does not, as with the local python3.
import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../src/grading/index.ts';
import type { Exercise } from '../../src/grading/index.ts';
import { createPyodideHost } from '../../src/runtime/browser/pyodide-host.ts';
import { loadExercises } from '../../src/runtime/node.ts';

let host: ReturnType<typeof createPyodideHost>;
const exercises: Exercise[] = await loadExercises('exercises');

beforeAll(async () => {
  host = createPyodideHost(await loadPyodide({ indexURL: 'node_modules/pyodide/' }));
}, 60_000);

describe('exercises in Pyodide', () => {
  it('finds the exercises', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(12);
  });

  for (const exercise of exercises) {
    it(`${exercise.meta.id}: solution 100%, starter below`, async () => {
      const solution = await gradeSubmission({ exercise, files: exercise.solution, host });
      expect(solution.errors).toEqual([]);
      expect(solution.runtime.mode).toBe('inprocess');
      expect(solution.score).toBe(100);
      const starter = await gradeSubmission({ exercise, files: exercise.starter, host });
      expect(starter.score).toBeLessThan(100);
    }, 60_000);
  }
});
