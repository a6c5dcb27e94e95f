/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// Fault drills on a real Postgres with real processes: `strata serve` and `strata worker` started
// from this checkout, then a worker SIGKILLed mid-grade, the web server killed with 50 jobs
// queued, a worker with another exercise version. Each drill ends by checking, in the database,
// that every submission has exactly one grade (or shows as failed with its reason). Postgres
// stopped under load is in postgres-outage-drill.test.ts, the drills on grading time in
// grading-time-drills.test.ts and lost-worker-drills.test.ts: one file per fork, since they mostly wait.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISE, exercise, slow, until, useDrills } from './drills.ts';

describe('fault drills on Postgres with worker processes', () => {
  const { freshDatabase, web, worker, cohortWith, ledger, settled } = useDrills();

  it('a worker SIGKILLed mid-grade: its job goes to another worker and is graded once', async () => {
    const { url, pool } = await freshDatabase();
    const server = await web(url);
    const { learners, submit } = await cohortWith(server, 2);
    const doomed = await worker(url);
    const ids = await Promise.all(learners.map((learner) => submit(learner, slow)));
    // The moment a grade is under way (the slow solution takes seconds to import), kill its worker.
    const victim = await until('a grade is under way', async () => {
      const rows = await ledger(pool);
      return rows.find((row) => row.status === 'grading' && row.grades === 0)?.id;
    });
    expect(await doomed.kill('SIGKILL')).toBe('SIGKILL');
    expect((await ledger(pool)).find((row) => row.id === victim)).toMatchObject({ status: 'grading', grades: 0 });

    await worker(url);
    const rows = await settled(pool, ids.length);
    expect(rows.map((row) => row.status)).toEqual(ids.map(() => 'graded'));
    // The killed grade was taken again (a retry), not lost and not recorded twice.
    expect(rows.find((row) => row.id === victim)!.retries).toBeGreaterThanOrEqual(1);
  }, 600_000);

  it('the web server killed with 50 jobs queued: a new one and two workers grade each once', async () => {
    const { url, pool } = await freshDatabase();
    const first = await web(url);
    const { learners, submit } = await cohortWith(first, 10);
    const ids: string[] = [];
    for (let round = 0; round < 5; round++) {
      ids.push(
        ...(await Promise.all(
          learners.map((learner, i) =>
            submit(learner, {
              ...(i % 2 ? exercise.solution : exercise.starter),
              'reports/notes.py': `ROUND = ${round}\n`,
            }),
          ),
        )),
      );
    }
    // (Not /api/health: pg-boss caches its queue counts for up to a minute.)
    const { rows: queued } = await pool.query<{ n: number }>(
      `select count(*)::int as n from pgboss.job where name = 'grade' and state = 'created'`,
    );
    expect(queued[0]!.n).toBe(50);
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');

    const second = await web(url);
    expect(second.token).toBeNull(); // the same database: its instructor is still there
    await Promise.all([worker(url), worker(url)]);
    const rows = await settled(pool, 50);
    expect(rows.filter((row) => row.status === 'graded')).toHaveLength(50);
    const { rows: scores } = await pool.query<{ score: number; n: number }>(
      `select g.score, count(*)::int as n from grade g group by g.score order by g.score`,
    );
    // Starters score partly, solutions fully: 25 of each.
    expect(scores.map((row) => row.n)).toEqual([25, 25]);
    expect(scores[1]!.score).toBe(100);
  }, 900_000);

  it('a worker with another version of the exercise refuses the job back to the queue, then it shows why', async () => {
    // A checkout whose hidden tests differ from the web server's: another exercise version.
    const other = mkdtempSync(join(tmpdir(), 'strata-exercises-'));
    try {
      cpSync('exercises', other, { recursive: true });
      appendFileSync(join(other, EXERCISE, 'hidden', 'test_hidden.py'), '\n# edited on this worker only\n');
      const { url, pool } = await freshDatabase();
      const server = await web(url);
      const { instructor, learners, submit, cohortId } = await cohortWith(server, 2);
      const stale = await worker(url, ['--exercises', other, '--max-refusals', '2']);
      const first = await submit(learners[0]!, exercise.solution);
      const waiting = await until('the stale worker refuses it', async () => {
        const { json } = await learners[0]!.get(`/api/submissions/${first}`);
        return json.waiting ? json : undefined;
      });
      expect(waiting.status).toBe('queued');
      expect(waiting.waiting).toMatch(
        /refused 1 time\(s\): it needs exercise 01-import-side-effects at version \w+; worker .+ has version \w+/,
      );
      // Nobody else can take it: after the bounded refusals it shows as not graded, with the reason.
      const failed = await until('it shows as not graded', async () => {
        const { json } = await learners[0]!.get(`/api/submissions/${first}`);
        return json.status === 'failed' ? json : undefined;
      });
      expect(failed.failure).toMatch(/no worker could grade it after 3 tries: it needs exercise .* at version/);
      expect((await ledger(pool))[0]).toMatchObject({ grades: 0 });

      // A worker with the web server's version grades new submissions, and the instructor's re-grade
      // brings the refused one back.
      await stale.kill('SIGTERM');
      await worker(url);
      const second = await submit(learners[1]!, exercise.solution);
      const run = await instructor.post(`/api/cohorts/${cohortId}/regrades`, { submission: first });
      expect(run.status).toBe(202);
      await until('both are graded', async () => {
        const rows = await ledger(pool);
        return rows.every((row) => row.status === 'graded') ? true : undefined;
      });
      const { rows } = await pool.query<{ submission_id: string; score: number; regrade_id: string | null }>(
        'select submission_id, score, regrade_id from grade order by submission_id',
      );
      expect(rows).toHaveLength(2);
      expect(rows.find((row) => row.submission_id === second)).toMatchObject({ score: 100, regrade_id: null });
      expect(rows.find((row) => row.submission_id === first)).toMatchObject({ score: 100, regrade_id: run.json.id });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 600_000);

  it('a worker without a sandbox: a first grading shows why it cannot be graded there; a re-grade it cannot run leaves the grade that stands', async () => {
    const { url, pool } = await freshDatabase();
    const server = await web(url);
    const { instructor, learners, submit, cohortId } = await cohortWith(server, 2);
    const noSandbox = { STRATA_BWRAP: '' };
    const unsafe = await worker(url, [], noSandbox);
    const refused = await submit(learners[0]!, exercise.solution);
    const failed = await until('it shows why it is not graded', async () => {
      const { json } = await learners[0]!.get(`/api/submissions/${refused}`);
      return json.status === 'failed' ? json : undefined;
    });
    expect(failed.failure).toMatch(
      /^this server cannot grade safely: no sandbox: STRATA_BWRAP="" is not an executable/,
    );
    await unsafe.kill('SIGTERM');

    const safe = await worker(url);
    const graded = await submit(learners[1]!, exercise.solution);
    await until('a sandboxed worker grades the other', async () => {
      const { json } = await learners[1]!.get(`/api/submissions/${graded}`);
      return json.status === 'graded' ? json : undefined;
    });
    await safe.kill('SIGTERM');

    // Its re-grade reaches a worker without a sandbox: the grade stands, and says why it was not re-graded.
    await worker(url, [], noSandbox);
    const run = await instructor.post(`/api/cohorts/${cohortId}/regrades`, { submission: graded });
    expect(run.status).toBe(202);
    const kept = await until('the re-grade could not run', async () => {
      const { json } = await learners[1]!.get(`/api/submissions/${graded}`);
      return json.waiting || json.status === 'failed' ? json : undefined;
    });
    expect(kept).toMatchObject({ status: 'graded', score: 100, failure: null });
    expect(kept.waiting).toMatch(/^re-grade [\w-]+: this server cannot grade safely: no sandbox/);
    expect(await ledger(pool)).toMatchObject([
      { id: refused, status: 'failed', grades: 0 },
      { id: graded, status: 'graded', grades: 1 },
    ]);
  }, 600_000);
});
