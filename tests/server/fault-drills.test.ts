/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// Fault drills on a real Postgres with real processes: `strata serve` and `strata worker` started
// from this checkout, then a worker SIGKILLed mid-grade, the web server killed with 50 jobs
// queued, Postgres stopped and started while workers poll. Each drill ends by checking, in the
// database, that every submission has exactly one grade (or shows as failed with its reason).
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../src/runtime/node.ts';
import { startWeb, startWorkerProcess } from '../support/cohort-processes.ts';
import type { StrataProcess, WebProcess } from '../support/cohort-processes.ts';
import { startPostgres } from '../support/postgres.ts';
import type { TestPostgres } from '../support/postgres.ts';
import { ApiClient, ORIGIN, overHttp } from './client.ts';

const EXERCISE = '01-import-side-effects';
const exercise = await loadExercise('exercises', EXERCISE);
/** The solution, slowed down at import (inside the exercise's time limits): a grade that lasts. */
const slow = {
  ...exercise.solution,
  'reports/__init__.py': `import time\ntime.sleep(3)\n${exercise.solution['reports/__init__.py'] ?? ''}`,
};

/** The solution with a loop that never ends in the summary every hidden summary test calls: only the time limits stop it. */
const forever = {
  ...exercise.solution,
  'reports/summary.py': exercise.solution['reports/summary.py']!.replace(
    '    totals = {}\n',
    '    while True:  # never ends\n        pass\n    totals = {}\n',
  ),
};

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `check` until it returns a value other than undefined (no wall-time assertion: the test's own timeout bounds it). */
async function until<T>(what: string, check: () => Promise<T | undefined>, every = 250): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await wait(every);
  }
}

interface Ledger {
  id: string;
  status: string;
  failure: string | null;
  grades: number;
  retries: number;
}

describe('fault drills on Postgres with worker processes', () => {
  let postgres: TestPostgres;
  let databases = 0;
  const processes: StrataProcess[] = [];
  const pools: pg.Pool[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
  }, 180_000);

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.kill('SIGKILL')));
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  }, 60_000);

  afterAll(() => postgres?.stop());

  async function freshDatabase() {
    databases += 1;
    const url = await postgres.createDatabase(`drill_${databases}`);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on('error', () => {}); // the Postgres drill cuts these connections on purpose
    pools.push(pool);
    return { url, pool };
  }

  async function web(databaseUrl: string, env: Record<string, string> = {}): Promise<WebProcess> {
    const started = await startWeb({ databaseUrl, origin: ORIGIN, env });
    processes.push(started);
    return started;
  }

  async function worker(databaseUrl: string, extra: string[] = []): Promise<StrataProcess> {
    const started = await startWorkerProcess({ databaseUrl, concurrency: 1, extra });
    processes.push(started);
    return started;
  }

  /** An instructor, a cohort with one exercise and no rate limit, and `n` learners in it. */
  async function cohortWith(server: WebProcess, n: number) {
    const remote = overHttp(server.url);
    const instructor = new ApiClient(remote);
    const made = await instructor.post('/api/setup', {
      token: server.token,
      name: 'Ines',
      email: 'ines@example.org',
      password: 'correct horse',
    });
    expect(made.status).toBe(200);
    const created = await instructor.post('/api/cohorts', { name: 'Drill', assignments: [{ exercise: EXERCISE }] });
    expect(created.status).toBe(201);
    const learners: ApiClient[] = [];
    for (let i = 0; i < n; i++) {
      const learner = new ApiClient(remote);
      await learner.signUp(`Learner ${i}`, `learner${i}@example.org`);
      expect((await learner.post('/api/join', { code: created.json.joinCode })).status).toBe(200);
      learners.push(learner);
    }
    const path = `/api/cohorts/${created.json.id}/exercises/${EXERCISE}/submissions`;
    const submit = async (learner: ApiClient, files: Record<string, string>): Promise<string> => {
      const response = await learner.post(path, { files });
      expect(response.status, response.text).toBe(202);
      return response.json.id as string;
    };
    return { instructor, learners, submit, cohortId: created.json.id as string };
  }

  /** Every submission, its state, how many first gradings it has and how often its job was retried. */
  async function ledger(pool: pg.Pool): Promise<Ledger[]> {
    const { rows } = await pool.query<Ledger>(`
      select s.id, s.status, s.failure,
        (select count(*)::int from grade g where g.submission_id = s.id and g.regrade_id is null) as grades,
        coalesce((select max(j.retry_count)::int from pgboss.job j
          where j.name = 'grade' and j.data->>'submissionId' = s.id), 0) as retries
      from submission s order by s.submitted_at`);
    return rows;
  }

  /** Waits until no submission is queued or grading; then every one has exactly one grade, or failed visibly. */
  async function settled(pool: pg.Pool, expected: number): Promise<Ledger[]> {
    const rows = await until('every submission settles', async () => {
      // A process that died would leave the rest waiting forever: say so, with what it printed.
      const dead = processes.find((p) => p.child.exitCode !== null && p.child.signalCode === null);
      if (dead) throw new Error(`a strata process exited (${dead.child.exitCode}):\n${dead.output()}`);
      const now = await ledger(pool).catch(() => null);
      return now && now.length === expected && now.every((row) => row.status === 'graded' || row.status === 'failed')
        ? now
        : undefined;
    });
    for (const row of rows) {
      if (row.status === 'graded') expect(row.grades, `submission ${row.id}`).toBe(1);
      else expect(row.failure, `submission ${row.id} failed without a reason`).toMatch(/\w/);
    }
    return rows;
  }

  it('a worker SIGKILLed mid-grade: its job goes to another worker and is graded once', async () => {
    const { url, pool } = await freshDatabase();
    const server = await web(url);
    const { learners, submit } = await cohortWith(server, 4);
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

  it('Postgres stopped and started while workers grade and poll: nothing lost, nothing twice', async () => {
    const { url, pool } = await freshDatabase();
    const server = await web(url);
    const { learners, submit } = await cohortWith(server, 10);
    const workers = await Promise.all([worker(url), worker(url)]);
    const ids: string[] = [];
    for (let round = 0; round < 2; round++) {
      ids.push(...(await Promise.all(learners.map((learner) => submit(learner, slow)))));
    }
    await until('grading is under way', async () => {
      const rows = await ledger(pool);
      return rows.some((row) => row.status === 'grading') && rows.some((row) => row.status === 'queued')
        ? true
        : undefined;
    });
    postgres.pause();
    // The web server sees the database gone before it comes back.
    await until('the web server notices', async () =>
      (await learners[0]!.get('/api/me').catch(() => ({ status: 0 }))).status >= 500 ? true : undefined,
    );
    await wait(3_000); // and the workers poll into the outage for a few seconds
    postgres.resume();

    const rows = await settled(pool, ids.length);
    expect(rows.filter((row) => row.status === 'graded').length).toBe(ids.length);
    // Every process rode it out.
    for (const p of [server, ...workers]) expect(p.child.exitCode, p.output()).toBeNull();
    const health = await new ApiClient(overHttp(server.url)).get('/api/health');
    expect(health.status).toBe(200);
  }, 900_000);

  /** The grading job of a submission: its state and attempt (0 for the first), once it has one. */
  async function jobOf(pool: pg.Pool, submissionId: string) {
    const { rows } = await pool.query<{ state: string; retry_count: number }>(
      `select state, retry_count from pgboss.job where name = 'grade' and data->>'submissionId' = $1
       order by created_on desc limit 1`,
      [submissionId],
    );
    return rows[0];
  }

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

  it('a worker that hangs mid-grade (SIGSTOP): another worker grades the job once, and the hung one, resumed, records nothing twice', async () => {
    const { url, pool } = await freshDatabase();
    const server = await web(url);
    const { learners, submit } = await cohortWith(server, 2);
    const hung = await worker(url);
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
});
