// The per-test limit in Pyodide end to end, with real threads: Pyodide (with the alarm shim) in a
// worker thread, the watchdog on this one writing signals into the shared interrupt buffer.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exercise } from '../../../src/grading/index.ts';
import { createRunWatchdog, DEFAULT_GRACE_MS, sendSignal } from '../../../src/runtime/browser/run-watchdog.ts';
import { loadExercise, loadExercises } from '../../../src/runtime/node.ts';
import type { GradeReport } from '../../../src/schemas/index.ts';
import type { GradeJob } from './support/pyodide-thread.ts';

/** The watchdog's grace in these tests: longer than the product's, see grade() below. */
const TEST_GRACE_MS = Math.max(DEFAULT_GRACE_MS, 10_000);
/** Room for a test that starts its own interpreter and waits out both graces. */
const OWN_INTERPRETER_TIMEOUT = 150_000;

let base: Exercise;
beforeAll(async () => {
  base = await loadExercise('exercises', '01-import-side-effects');
});

interface Outcome {
  report?: GradeReport;
  /** Seconds the stopped code had run, when the watchdog had to terminate the thread. */
  terminatedAfter?: number;
  /** Seconds from the harness's first limit to the end. */
  seconds: number;
}

function exerciseWith(tests: Record<string, string>, testSeconds: number): Exercise {
  return { ...base, tests, hidden: {}, meta: { ...base.meta, limits: { testSeconds, totalSeconds: 30 } } };
}

/** Pyodide in a worker thread, its watchdog on this thread: one interpreter for several runs. */
function startPyodide() {
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./support/pyodide-thread.ts', import.meta.url), {
    workerData: { interrupt: interrupt.buffer },
  });
  let current: ((message: { type: string; seconds?: number; report?: GradeReport }) => void) | undefined;
  worker.on('message', (message) => current?.(message));
  const ready = new Promise<void>((resolve, reject) => {
    current = (message) => message.type === 'ready' && resolve();
    worker.on('error', reject);
  });

  async function grade(exercise: Exercise, files: Record<string, string>, hidden = false): Promise<Outcome> {
    await ready;
    let firstArm: number | undefined;
    return new Promise<Outcome>((resolve) => {
      const seconds = () => (firstArm === undefined ? 0 : (performance.now() - firstArm) / 1000);
      // A longer grace than the product's (DEFAULT_GRACE_MS, 1.5 s) between SIGALRM, SIGINT and
      // terminating: these tests are about which step stops the code, not how soon. On the CI
      // machine (four Vitest forks on two cores) the interpreter's thread can be starved for
      // seconds: the 1.5 s grace twice let the SIGINT win over the SIGALRM (a loop that ended in
      // KeyboardInterrupt instead of the timeout), with 500 ms it had happened while the
      // import-time timeout was being reported, and 4 s once ran out between the SIGINT and the
      // report of the test it stopped, so the thread was terminated. Most of those were a SIGALRM
      // erased unseen by CPython's signal check (read, then clear): the watchdog now writes it
      // again through the grace (run-watchdog.ts).
      const watchdog = createRunWatchdog({
        graceMs: TEST_GRACE_MS,
        interrupt: (signal) => sendSignal(interrupt, signal),
        terminate: (after) => {
          void worker.terminate();
          resolve({ terminatedAfter: after, seconds: seconds() });
        },
      });
      current = (message) => {
        if (message.type === 'alarm') {
          firstArm ??= performance.now();
          watchdog.arm(message.seconds!);
        } else if (message.type === 'report') {
          watchdog.stop();
          resolve({ report: message.report!, seconds: seconds() });
        }
      };
      worker.postMessage({ exercise, files, hidden } satisfies GradeJob);
    });
  }
  return { grade, stop: () => worker.terminate() };
}

// One interpreter for the runs that end with a report (a terminated run takes its own).
let shared: ReturnType<typeof startPyodide>;
beforeAll(() => {
  shared = startPyodide();
});
afterAll(() => shared.stop());
const grade = (exercise: Exercise, files: Record<string, string>) => shared.grade(exercise, files);
/**
 * A run in an interpreter of its own, for the tests whose code may be terminated: the shared one
 * stays for the tests after them.
 */
async function gradeAlone(exercise: Exercise, files: Record<string, string>): Promise<Outcome> {
  const alone = startPyodide();
  return alone.grade(exercise, files).finally(() => alone.stop());
}

const fast = 'class Fast(unittest.TestCase):\n    def test_fast(self):\n        self.assertEqual(1 + 1, 2)\n';

describe('a runaway test in Pyodide', () => {
  it('is timed out at its limit by SIGALRM; the other tests keep their results', async () => {
    const tests = {
      'test_loop.py': `import unittest\n\n${fast}\nclass Loop(unittest.TestCase):\n    def test_loop(self):\n        while True:\n            pass\n`,
    };
    const outcome = await grade(exerciseWith(tests, 1), base.solution);
    expect(outcome.terminatedAfter).toBeUndefined();
    const byName = Object.fromEntries(outcome.report!.tests.map((test) => [test.name, test]));
    expect(byName['Fast.test_fast']?.status).toBe('pass');
    expect(byName['Loop.test_loop']?.status).toBe('timeout');
    expect(byName['Loop.test_loop']?.message).toContain('took longer than the 1s limit per test');
    // Not before its limit. How soon after it is not a test's business on a shared machine: the
    // report says which signal stopped it (and a terminated run would have no report).
    expect(outcome.seconds).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('in the learner’s module at import time fails that import with the timeout', async () => {
    const files = { ...base.solution, 'reports/app.py': `${base.solution['reports/app.py']}\nwhile True: pass\n` };
    const outcome = await grade(exerciseWith(base.tests, 1), files);
    const [test] = outcome.report!.tests;
    expect(test?.status).toBe('error');
    expect(test?.message).toMatch(/importing tests\.test_report failed:[\s\S]*took longer than the 1s limit per test/);
    expect(outcome.terminatedAfter).toBeUndefined();
  }, 60_000);

  it(
    'that swallows the timeout is stopped by KeyboardInterrupt, and the run goes on',
    async () => {
      const tests = {
        'test_stubborn.py':
          'import unittest\n\n' +
          `${fast}\n` +
          'class Stubborn(unittest.TestCase):\n' +
          '    def test_stubborn(self):\n' +
          '        while True:\n' +
          '            try:\n' +
          '                while True:\n' +
          '                    pass\n' +
          '            except BaseException as error:\n' +
          '                if isinstance(error, KeyboardInterrupt):\n' +
          '                    raise\n',
      };
      const outcome = await gradeAlone(exerciseWith(tests, 1), base.solution);
      expect(outcome.terminatedAfter).toBeUndefined();
      const byName = Object.fromEntries(outcome.report!.tests.map((test) => [test.name, test]));
      expect(byName['Fast.test_fast']?.status).toBe('pass');
      expect(byName['Stubborn.test_stubborn']?.status).toBe('error');
      expect(byName['Stubborn.test_stubborn']?.message).toContain('KeyboardInterrupt');
    },
    OWN_INTERPRETER_TIMEOUT,
  );

  it(
    'that swallows every interrupt is ended by terminating the interpreter',
    async () => {
      const tests = {
        'test_deaf.py':
          'import unittest\n\n' +
          'class Deaf(unittest.TestCase):\n' +
          '    def test_deaf(self):\n' +
          '        while True:\n' +
          '            try:\n' +
          '                while True:\n' +
          '                    pass\n' +
          '            except BaseException:\n' +
          '                pass\n',
      };
      const outcome = await gradeAlone(exerciseWith(tests, 1), base.solution);
      expect(outcome.report).toBeUndefined();
      // The 1 s limit, then the grace after SIGALRM and the grace after SIGINT.
      expect(outcome.terminatedAfter).toBeGreaterThanOrEqual(1 + (2 * TEST_GRACE_MS) / 1000 - 0.1);
    },
    OWN_INTERPRETER_TIMEOUT,
  );

  it('leaves normal runs as they were: every solution scores 100%, every starter less, in one interpreter', async () => {
    for (const exercise of await loadExercises('exercises')) {
      const solution = await shared.grade(exercise, exercise.solution, true);
      expect(solution.report?.errors, exercise.meta.id).toEqual([]);
      expect(solution.report?.runtime.mode).toBe('inprocess');
      expect(solution.report?.score, exercise.meta.id).toBe(100);
      const starter = await shared.grade(exercise, exercise.starter, true);
      expect(starter.report?.score, exercise.meta.id).toBeLessThan(100);
    }
  }, 120_000);
});
