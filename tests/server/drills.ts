/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// What the fault drills share (fault-drills.test.ts: processes killed; postgres-outage-drill.test.ts;
// grading-time-drills.test.ts: grades that loop or outlive their job; lost-worker-drills.test.ts: workers
// that hang, or die on every attempt): a throw-away Postgres, `strata serve`
// and `strata worker` processes started from this checkout, a cohort with learners, and the ledger that
// checks, in the database, that every submission has exactly one grade (or shows as failed with its reason).
// Four files, so Vitest's forks run the drills side by side: they mostly wait.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { loadExercise } from '../../src/runtime/node.ts';
import { startWeb, startWorkerProcess } from '../support/cohort-processes.ts';
import type { StrataProcess, WebProcess } from '../support/cohort-processes.ts';
import { startPostgres } from '../support/postgres.ts';
import type { TestPostgres } from '../support/postgres.ts';
import { ApiClient, ORIGIN, overHttp } from './client.ts';

export const EXERCISE = '01-import-side-effects';
export const exercise = await loadExercise('exercises', EXERCISE);
/** The solution, slowed down at import (inside the exercise's time limits): a grade that lasts. */
export const slow = {
  ...exercise.solution,
  'reports/__init__.py': `import time\ntime.sleep(3)\n${exercise.solution['reports/__init__.py'] ?? ''}`,
};

/** The solution with a loop that never ends in the summary every hidden summary test calls: only the time limits stop it. */
export const forever = {
  ...exercise.solution,
  'reports/summary.py': exercise.solution['reports/summary.py']!.replace(
    '    totals = {}\n',
    '    while True:  # never ends\n        pass\n    totals = {}\n',
  ),
};

export const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `check` until it returns a value other than undefined (no wall-time assertion: the test's own timeout bounds it). */
export async function until<T>(what: string, check: () => Promise<T | undefined>, every = 250): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await wait(every);
  }
}

export interface Ledger {
  id: string;
  status: string;
  failure: string | null;
  grades: number;
  retries: number;
}

/** Registers the hooks (one Postgres for the file, processes and pools cleaned after each drill) and returns the helpers. Call inside `describe`. */
export function useDrills() {
  let postgres: TestPostgres | undefined;
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
    const url = await postgres!.createDatabase(`drill_${databases}`);
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

  async function worker(
    databaseUrl: string,
    extra: string[] = [],
    env: Record<string, string> = {},
  ): Promise<StrataProcess> {
    const started = await startWorkerProcess({ databaseUrl, concurrency: 1, extra, env });
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

  /** The grading job of a submission: its state and attempt (0 for the first), once it has one. */
  async function jobOf(pool: pg.Pool, submissionId: string) {
    const { rows } = await pool.query<{ state: string; retry_count: number }>(
      `select state, retry_count from pgboss.job where name = 'grade' and data->>'submissionId' = $1
       order by created_on desc limit 1`,
      [submissionId],
    );
    return rows[0];
  }

  return {
    /** The file's Postgres (started in beforeAll). */
    postgres: () => postgres!,
    processes,
    freshDatabase,
    web,
    worker,
    cohortWith,
    ledger,
    settled,
    jobOf,
  };
}
