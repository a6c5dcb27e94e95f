/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// Drills on grading time, on a real Postgres with real `strata serve` and `strata worker` processes:
// learner code that never ends, and a grade that outlives its job's expiry. Each ends with exactly
// one grade per submission. Workers that hang or die on every attempt: lost-worker-drills.test.ts.
import { describe, expect, it } from 'vitest';
import { exercise, forever, until, useDrills } from './drills.ts';

describe('grading-time drills on Postgres with worker processes', () => {
  const { freshDatabase, web, worker, cohortWith, ledger, settled } = useDrills();

  it('learner code that runs forever is cut at the time limits and recorded once, as a grade the learner reads', async () => {
    const { url, pool } = await freshDatabase();
    const server = await web(url);
    const { learners, submit } = await cohortWith(server, 1);
    await worker(url);
    const id = await submit(learners[0]!, forever);
    const rows = await settled(pool, 1);
    // Graded at the first attempt (the time limits end it long before the job's expiry), once.
    expect(rows[0]).toMatchObject({ id, status: 'graded', grades: 1, retries: 0 });
    const { json } = await learners[0]!.get(`/api/submissions/${id}`);
    expect(json).toMatchObject({ status: 'graded', failure: null });
    expect(json.score).toBeGreaterThan(0);
    expect(json.score).toBeLessThan(100);
    const tests = json.report.tests as { suite: string; status: string; message: string }[];
    // Each test that calls the loop is stopped at the exercise's per-test limit; a visible one says
    // so to the learner (a hidden one's message stays hidden before the deadline).
    const timedOut = tests.filter((test) => test.status === 'timeout');
    expect(timedOut.length).toBeGreaterThanOrEqual(1);
    const visible = timedOut.filter((test) => test.suite === 'visible');
    expect(visible.length).toBeGreaterThanOrEqual(1);
    for (const test of visible) expect(test.message).toMatch(/longer than the 5s limit per test/);
  }, 600_000);

  it('a grade that outlives its job expiry is retried on another worker and recorded once', async () => {
    const { url, pool } = await freshDatabase();
    // Jobs that expire after 10 s; the endless loop keeps each grade at least 20 s (four tests
    // that each run to their 5 s limit), so every attempt outlives its job whatever the machine.
    const server = await web(url, { STRATA_GRADE_EXPIRY_SECONDS: '10' });
    const { learners, submit } = await cohortWith(server, 2);
    await Promise.all([worker(url), worker(url)]);
    const looping = await submit(learners[0]!, forever);
    const quick = await submit(learners[1]!, exercise.solution);
    const graded = await until('the looping grade is recorded', async () => {
      const rows = await ledger(pool);
      return rows.every((row) => row.status === 'graded') ? rows : undefined;
    });
    for (const row of graded) expect(row.grades, `submission ${row.id}`).toBe(1);
    expect(graded.find((row) => row.id === looping)!.retries).toBeGreaterThanOrEqual(1);
    expect(graded.find((row) => row.id === quick)).toMatchObject({ grades: 1 });
    // Wait for every attempt to be settled (later attempts find the grade and stop): still one each.
    await until('no attempt is left', async () => {
      const { rows } = await pool.query<{ n: number }>(
        `select count(*)::int as n from pgboss.job where name in ('grade', 'grade-dead') and state in ('created', 'retry', 'active')`,
      );
      return rows[0]!.n === 0 ? true : undefined;
    });
    const after = await ledger(pool);
    expect(after.map((row) => [row.status, row.grades])).toEqual([
      ['graded', 1],
      ['graded', 1],
    ]);
    const { json } = await learners[0]!.get(`/api/submissions/${looping}`);
    expect(json.status).toBe('graded');
    expect((json.report.tests as { status: string }[]).some((test) => test.status === 'timeout')).toBe(true);
  }, 900_000);
});
