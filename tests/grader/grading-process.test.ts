// `strata serve`'s in-process workers grade in a separate process started before the database
// opens (src/runtime/node/grading-process.ts): its sandboxes are forked from it, not from the big
// web server. The grade must be the one grading in-process gives, and a lost process must fail
// its gradings visibly and be replaced.
import { afterEach, describe, expect, it } from 'vitest';
import {
  detectSandbox,
  gradeWithLocalPython,
  GradingProcess,
  GRADING_NICENESS,
  loadExercise,
} from '../../src/runtime/node.ts';
import { gradeReportSchema } from '../../src/schemas/index.ts';
import type { GradeReport } from '../../src/schemas/index.ts';
import { procStat } from '../support/proc.ts';

const sandbox = detectSandbox();
const exercise = await loadExercise('exercises', '01-import-side-effects');
let grading: GradingProcess | undefined;
afterEach(() => grading?.close());

/** The nice value of a process (field 19 of /proc/<pid>/stat). */
const niceOf = (pid: number): number => Number(procStat(pid)?.[16]);

function exited(pid: number, ms = 10_000): Promise<boolean> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = Date.now() + ms;
  return new Promise((done) => {
    const poll = () => (!alive() || Date.now() > stop ? done(!alive()) : setTimeout(poll, 20));
    poll();
  });
}

/** What a report says about the submission, without timings. */
const verdict = (report: GradeReport) => ({
  score: report.score,
  tests: report.tests.map((test) => [test.id, test.status]),
  contracts: report.contracts.map((contract) => [contract.name, contract.kept]),
});

describe.skipIf(!sandbox.available)('grading in a separate process (strata serve)', () => {
  it('gives the grade that grading in this process gives, at a lower CPU priority', async () => {
    grading = GradingProcess.start(1);
    const pid = grading.pid!;
    expect(pid).not.toBe(process.pid);
    for (const files of [exercise.starter, exercise.solution]) {
      const request = { exercise, files, hidden: true, audience: 'instructor' } as const;
      const [remote, local] = await Promise.all([grading.grade(request), gradeWithLocalPython(request)]);
      expect(gradeReportSchema.parse(remote)).toBeTruthy();
      expect(verdict(remote)).toEqual(verdict(local));
    }
    expect(grading.pid).toBe(pid); // one process served both
    expect(niceOf(pid)).toBe(Math.max(GRADING_NICENESS, niceOf(process.pid)));
  });

  it('fails the gradings of a process that dies, and the next grading starts another', async () => {
    grading = GradingProcess.start(1);
    const first = grading.pid!;
    const request = { exercise, files: exercise.solution, hidden: true, audience: 'instructor' } as const;
    const lost = grading.grade(request);
    process.kill(first, 'SIGKILL');
    await expect(lost).rejects.toThrow(/grading process ended \(SIGKILL\) during this grading/);
    const report = await grading.grade(request);
    expect(report.score).toBe(100);
    expect(grading.pid).not.toBe(first);
  });

  it('ends its process on close', async () => {
    grading = GradingProcess.start(2);
    const pid = grading.pid!;
    await grading.grade({ exercise, files: exercise.starter, hidden: false, audience: 'learner' });
    grading.close();
    expect(await exited(pid)).toBe(true);
    await expect(
      grading.grade({ exercise, files: exercise.starter, hidden: false, audience: 'learner' }),
    ).rejects.toThrow(/closed/);
  });
});
