/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// Drills on lost workers, on a real Postgres with real `strata serve` and `strata worker` processes:
// a worker that hangs mid-grade, and a submission whose every attempt loses its worker. Each ends
// with exactly one grade per submission, or a visible failure an instructor can re-queue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXERCISE, exercise, slow, until, useDrills } from './drills.ts';

describe('lost-worker drills on Postgres with worker processes', () => {
  const { processes, freshDatabase, web, worker, cohortWith, ledger, settled, jobOf } = useDrills();
  const hungTmp = mkdtempSync(join(tmpdir(), 'strata-hung-worker-'));
  afterAll(() => rmSync(hungTmp, { recursive: true, force: true }));

  it('a worker that hangs mid-grade (SIGSTOP): another worker grades the job once, and the hung one, resumed, records nothing twice', async () => {
    const { url, pool } = await freshDatabase();
    const server = await web(url);
    const { learners, submit } = await cohortWith(server, 2);
    // A temporary folder of its own: the worker has no remembered sandbox probe, so it probes as
    // its first grading starts, and the stop below may land mid-probe. Resumed after the probe's
    // time limit, it must not take that for a machine without a sandbox and mark submissions failed.
    const hung = await worker(url, [], { TMPDIR: hungTmp });
    const first = await submit(learners[0]!, slow);
    await until('its grade is under way', async () =>
      (await ledger(pool))[0]?.status === 'grading' ? true : undefined,
    );
    hung.child.kill('SIGSTOP');
    // Its heartbeat stops with it: the job is retried, and a second worker takes it.
    const rescuer = await worker(url);
    const rows = await until('graded by the second worker', async () => {
      const now = await ledger(pool);
      return now[0]?.status === 'graded' ? now : undefined;
    });
    expect(rows[0]).toMatchObject({ id: first, grades: 1 });
    expect(rows[0]!.retries).toBeGreaterThanOrEqual(1);

    // The hung worker comes back, finishes (or drops) the grade it had, and takes new work.
    hung.child.kill('SIGCONT');
    await rescuer.kill('SIGTERM');
    processes.splice(processes.indexOf(rescuer), 1); // stopped on purpose: not a process that died
    const second = await submit(learners[1]!, exercise.solution);
    const final = await settled(pool, 2);
    expect(final.map((row) => [row.id, row.status, row.grades])).toEqual([
      [first, 'graded', 1],
      [second, 'graded', 1],
    ]);
    expect(hung.child.exitCode, hung.output()).toBeNull();
  }, 600_000);

  it('after its bounded retries a submission shows it could not be graded; an instructor re-queues it over HTTP and it is graded once', async () => {
    const { url, pool } = await freshDatabase();
    const server = await web(url);
    const { instructor, learners, submit, cohortId } = await cohortWith(server, 1);
    const id = await submit(learners[0]!, slow);
    // Every attempt (the first and its two retries) loses its worker mid-grade.
    for (let attempt = 0; attempt <= 2; attempt++) {
      const doomed = await worker(url);
      await until(`attempt ${attempt} is under way`, async () => {
        const job = await jobOf(pool, id);
        return job?.state === 'active' && job.retry_count === attempt ? true : undefined;
      });
      expect(await doomed.kill('SIGKILL')).toBe('SIGKILL');
    }
    // A worker takes the dead letter: the submission shows why it is not graded.
    const lastWorker = await worker(url);
    const failed = await until('it shows as not graded', async () => {
      const { json } = await learners[0]!.get(`/api/submissions/${id}`);
      return json.status === 'failed' ? json : undefined;
    });
    expect(failed.failure).toMatch(/could not be graded after several attempts; an instructor can re-grade it/);
    expect(await ledger(pool)).toMatchObject([{ id, status: 'failed', grades: 0, retries: 2 }]);
    // The learner's list of submissions says so too.
    const list = await learners[0]!.get(`/api/cohorts/${cohortId}/exercises/${EXERCISE}/submissions`);
    expect(list.json.submissions).toMatchObject([{ id, status: 'failed', score: null }]);

    // With no worker running, the instructor's re-queue shows on the submission.
    await lastWorker.kill('SIGTERM');
    const run = await instructor.post(`/api/cohorts/${cohortId}/regrades`, { submission: id });
    expect(run.status).toBe(202);
    const requeued = await learners[0]!.get(`/api/submissions/${id}`);
    expect(requeued.json).toMatchObject({
      status: 'queued',
      waiting: expect.stringMatching(/re-queued by an instructor/),
    });

    await worker(url);
    const graded = await until('it is graded', async () => {
      const { json } = await learners[0]!.get(`/api/submissions/${id}`);
      return json.status === 'graded' ? json : undefined;
    });
    expect(graded).toMatchObject({ score: 100, failure: null, waiting: null });
    const { rows } = await pool.query<{ regrade_id: string | null }>(
      'select regrade_id from grade where submission_id = $1',
      [id],
    );
    expect(rows).toEqual([{ regrade_id: run.json.id }]);
    const progress = await instructor.get(`/api/cohorts/${cohortId}/regrades/${run.json.id}`);
    expect(progress.json).toMatchObject({ total: 1, done: 1, finished: true });
  }, 900_000);
});
