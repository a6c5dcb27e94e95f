/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// Group commit of submissions (src/server/accept.ts), on the embedded PGlite and on a real
// Postgres: submissions that arrive together are stored in one transaction, and each still gets the
// answer it would have had alone: a refused one (rate limit, the cohort's cap, not a member, a bad
// body) holds back none of the others, and one whose insert fails costs the others nothing.
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadExercise } from '../../src/runtime/node.ts';
import { startCohortServer } from '../../src/server/index.ts';
import type { CohortServer } from '../../src/server/index.ts';
import { createAcceptor, GATHER_MS, MAX_QUIET_WAIT_MS, QUIET_MS } from '../../src/server/accept.ts';
import type { AcceptedSubmission, SubmissionRequest } from '../../src/server/accept.ts';
import { HttpError } from '../../src/server/access.ts';
import { enqueueGrade } from '../../src/server/grader.ts';
import { startPostgres } from '../support/postgres.ts';
import type { TestPostgres } from '../support/postgres.ts';
import { ApiClient, ORIGIN } from './client.ts';

const EXERCISE = '01-import-side-effects';
const exercise = await loadExercise('exercises', EXERCISE);

describe.each(['pglite', 'postgres'] as const)('submissions stored together on %s', (backend) => {
  let postgres: TestPostgres | null = null;
  let server: CohortServer;
  let instructor: ApiClient;

  beforeAll(async () => {
    let databaseUrl: string | null = null;
    if (backend === 'postgres') {
      postgres = await startPostgres();
      databaseUrl = await postgres.createDatabase('strata_accept');
    }
    // No grading worker: the jobs stay queued, where the test reads them.
    server = await startCohortServer({
      dataDir: 'memory://',
      databaseUrl,
      origin: ORIGIN,
      exercisesRoot: 'exercises',
      workers: 0,
      packageVersion: '0.0.0-test',
      signInPerMinute: 1000,
    });
    instructor = new ApiClient(server);
    const token = server.setupLink!.split('#token=')[1]!;
    const setup = await instructor.post('/api/setup', {
      token,
      name: 'Ines',
      email: 'ines@example.org',
      password: 'correct horse',
    });
    expect(setup.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    postgres?.stop();
  }, 60_000);

  async function cohort(body: Record<string, unknown>) {
    const created = await instructor.post('/api/cohorts', { name: 'Cohort', ...body });
    expect(created.status).toBe(201);
    return created.json as { id: string; joinCode: string };
  }

  async function learner(name: string, joinCode?: string) {
    const client = new ApiClient(server);
    const user = await client.signUp(name, `${name.toLowerCase()}-${backend}@example.org`);
    if (joinCode) expect((await client.post('/api/join', { code: joinCode })).status).toBe(200);
    return { client, id: user.id };
  }

  async function query<T extends Record<string, unknown>>(statement: SQL): Promise<T[]> {
    const result = await server.database.db.execute<T>(statement);
    return (result as { rows: T[] }).rows;
  }

  async function rows(ids: string[]) {
    const stored = {
      rows: await query<{ id: string }>(
        sql`select id from submission where id in ${ids.length ? sql`(${sql.join(ids, sql`, `)})` : sql`(null)`}`,
      ),
    };
    const queued = {
      rows: await query<{ id: string }>(sql`select data->>'submissionId' as id from pgboss.job where name = 'grade'`),
    };
    return {
      stored: stored.rows.map((row) => row.id).sort(),
      queued: queued.rows
        .map((row) => row.id)
        .filter((id) => ids.includes(id))
        .sort(),
    };
  }

  /** An acceptor on the server's database that records each group's size and outcome. */
  function recordingAcceptor(options: { gatherMaxMs?: number } = {}) {
    const groups: [number, string][] = [];
    const acceptor = createAcceptor({
      db: server.database.db,
      boss: server.boss,
      catalog: server.catalog,
      onGroup: (size, outcome) => groups.push([size, outcome]),
      ...options,
    });
    return { acceptor, groups };
  }

  /** Submits all at once (the same turn of the event loop): they are stored as one group. */
  function together(acceptor: ReturnType<typeof createAcceptor>, requests: SubmissionRequest[]) {
    return Promise.allSettled(requests.map((request) => acceptor.submit(request)));
  }

  const request = (
    cohortId: string,
    userId: string,
    files: SubmissionRequest['files'] = exercise.solution,
  ): SubmissionRequest => ({ cohortId, exercise: EXERCISE, userId, files, at: Date.now() });

  const accepted = (outcome: PromiseSettledResult<AcceptedSubmission>) => {
    expect(outcome.status).toBe('fulfilled');
    return (outcome as PromiseFulfilledResult<AcceptedSubmission>).value;
  };
  const refused = (outcome: PromiseSettledResult<AcceptedSubmission>) => {
    expect(outcome.status).toBe('rejected');
    return (outcome as PromiseRejectedResult).reason as Error;
  };

  it('judges each submission of a group as if it came alone, in arrival order', async () => {
    const capped = await cohort({
      maxQueued: 3,
      assignments: [{ exercise: EXERCISE, rateLimit: { count: 1, windowMinutes: 60 } }],
    });
    const [ada, bea, cy, dan, eve] = await Promise.all(
      ['Ada', 'Bea', 'Cy', 'Dan', 'Eve'].map((name) => learner(name, capped.joinCode)),
    );
    const outsider = await learner('Otto');
    const { acceptor, groups } = recordingAcceptor();
    const outcomes = await together(acceptor, [
      request(capped.id, ada!.id),
      request(capped.id, ada!.id), // her second in the window: over her limit of 1
      request(capped.id, outsider.id), // not in the cohort
      request(capped.id, cy!.id, new HttpError(422, 'the submission was not accepted', { problems: ['bad'] })),
      request(capped.id, bea!.id),
      request(capped.id, dan!.id), // the third waiting submission: the cap
      request(capped.id, eve!.id), // a fourth: over the cap
    ]);
    // Refused before storing: not a member, a refused body. The other five, one transaction.
    expect(groups).toEqual([[5, 'committed']]);
    const first = accepted(outcomes[0]!);
    expect(first).toMatchObject({ late: false, lateDaysSpent: 0 });
    const limited = refused(outcomes[1]!) as HttpError;
    expect(limited.status).toBe(429);
    expect(limited.message).toMatch(/^you can submit again at /);
    expect((refused(outcomes[2]!) as HttpError).status).toBe(404);
    expect((refused(outcomes[3]!) as HttpError).status).toBe(422);
    const second = accepted(outcomes[4]!);
    const third = accepted(outcomes[5]!);
    const full = refused(outcomes[6]!) as HttpError;
    expect(full.status).toBe(429);
    expect(full.message).toMatch(/your cohort has 3 submissions waiting for the grader \(its limit is 3\)/);
    // Accepted means stored and queued: each of the three has its row and its grading job.
    const ids = [first.id, second.id, third.id];
    expect(await rows(ids)).toEqual({ stored: [...ids].sort(), queued: [...ids].sort() });

    // A grading job queued with others has the options of one sent alone (enqueueGrade).
    await server.database.db.transaction((tx) =>
      enqueueGrade(server.boss, tx, { submissionId: 'sent-alone', regradeId: null, exerciseVersion: 'v', group: 'g' }),
    );
    const options = {
      rows: await query<
        Record<string, unknown>
      >(sql`select data->>'submissionId' as id, priority, retry_limit, retry_delay, retry_backoff, expire_seconds,
            heartbeat_seconds, dead_letter, policy, singleton_key, group_id
          from pgboss.job where name = 'grade' and data->>'submissionId' in (${first.id}, 'sent-alone')`),
    };
    const byId = new Map(options.rows.map((row) => [row.id, row]));
    const alone = byId.get('sent-alone')!;
    const grouped = byId.get(first.id)!;
    expect(grouped.singleton_key).toBe(`${first.id}:`);
    expect(grouped.group_id).toBe(`${capped.id}/${ada!.id}/${EXERCISE}`);
    const settings = (row: Record<string, unknown>) => {
      const { id: _id, singleton_key: _key, group_id: _group, ...rest } = row;
      return rest;
    };
    expect(settings(grouped)).toEqual(settings(alone));
    await server.database.db.execute(sql`delete from pgboss.job where data->>'submissionId' = 'sent-alone'`);
  }, 120_000);

  it('stores the others when one submission of a group cannot be stored', async () => {
    const open = await cohort({ assignments: [{ exercise: EXERCISE }] });
    const [fay, gus, hal] = await Promise.all(['Fay', 'Gus', 'Hal'].map((name) => learner(name, open.joinCode)));
    // A database that refuses one row (as a failing disk or a broken constraint would).
    await server.database.db.execute(sql`
      create function refuse_boom() returns trigger language plpgsql as $$
      begin
        if new.files ? 'boom.py' then raise exception 'this row cannot be stored'; end if;
        return new;
      end $$`);
    await server.database.db.execute(
      sql`create trigger refuse_boom before insert on submission for each row execute function refuse_boom()`,
    );
    try {
      const { acceptor, groups } = recordingAcceptor();
      const outcomes = await together(acceptor, [
        request(open.id, gus!.id),
        request(open.id, fay!.id, { ...exercise.solution, 'boom.py': 'x = 1\n' }),
        request(open.id, hal!.id),
      ]);
      // The group failed as a whole (nothing of it stored), then each was tried alone.
      expect(groups).toEqual([
        [3, 'failed'],
        [1, 'committed'],
        [1, 'failed'],
        [1, 'committed'],
      ]);
      const ok = [accepted(outcomes[0]!).id, accepted(outcomes[2]!).id];
      // Its own answer is the database's error (drizzle's, with the database's as its cause).
      const failed = refused(outcomes[1]!);
      expect(failed).not.toBeInstanceOf(HttpError);
      expect((failed.cause as Error | undefined)?.message ?? failed.message).toMatch(/this row cannot be stored/);
      expect(await rows(ok)).toEqual({ stored: [...ok].sort(), queued: [...ok].sort() });
      const fays = {
        rows: await query<{ n: number }>(sql`select count(*)::int as n from submission where user_id = ${fay!.id}`),
      };
      expect(fays.rows[0]!.n).toBe(0);
    } finally {
      await server.database.db.execute(sql`drop trigger refuse_boom on submission`);
      await server.database.db.execute(sql`drop function refuse_boom()`);
    }
  }, 120_000);

  it('holds a group for a submission announced and still on its way, and not for one refused before', async () => {
    const open = await cohort({ assignments: [{ exercise: EXERCISE }] });
    const [jo, kim] = await Promise.all(['Jo', 'Kim'].map((name) => learner(name, open.joinCode)));
    // A group limit of an hour: the group goes when the announced ones have come, not at its limit.
    const { acceptor, groups } = recordingAcceptor({ gatherMaxMs: 3_600_000 });
    const kims = acceptor.announce(); // Kim's request has arrived; its session is being read
    const first = acceptor.submit(request(open.id, jo!.id));
    await new Promise((resolve) => setTimeout(resolve, GATHER_MS * 20));
    expect(groups).toEqual([]);
    const second = acceptor.submit(request(open.id, kim!.id), kims);
    const both = (await Promise.allSettled([first, second])).map(accepted);
    expect(groups).toEqual([[2, 'committed']]);
    expect(await rows(both.map((one) => one.id))).toEqual({
      stored: both.map((one) => one.id).sort(),
      queued: both.map((one) => one.id).sort(),
    });

    // One announced and then refused before it reached the acceptor (not signed in, say): the group
    // waiting for it goes as soon as it is given up.
    const refusedEarly = acceptor.announce();
    const third = acceptor.submit(request(open.id, jo!.id, { ...exercise.solution, 'notes.py': 'n = 3\n' }));
    await new Promise((resolve) => setTimeout(resolve, GATHER_MS * 20));
    expect(groups).toHaveLength(1);
    refusedEarly();
    refusedEarly(); // a second end changes nothing
    accepted((await Promise.allSettled([third]))[0]);
    expect(groups).toEqual([
      [2, 'committed'],
      [1, 'committed'],
    ]);
  }, 120_000);

  it('keeps a learner within the rate limit however many submissions arrive at once over HTTP', async () => {
    const limited = await cohort({ assignments: [{ exercise: EXERCISE, rateLimit: { count: 2, windowMinutes: 60 } }] });
    const ivy = await learner('Ivy', limited.joinCode);
    const path = `/api/cohorts/${limited.id}/exercises/${EXERCISE}/submissions`;
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        ivy.client.post(path, { files: { ...exercise.solution, 'notes.py': `n = ${i}\n` } }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([202, 202, 429, 429, 429, 429]);
    const ids = answers.filter((answer) => answer.status === 202).map((answer) => answer.json.id as string);
    expect(await rows(ids)).toEqual({ stored: [...ids].sort(), queued: [...ids].sort() });
    const count = {
      rows: await query<{ n: number }>(sql`select count(*)::int as n from submission where user_id = ${ivy.id}`),
    };
    expect(count.rows[0]!.n).toBe(2);
  }, 120_000);
});

describe('waiting for a burst to pass (Acceptor.quiet)', () => {
  // quiet() and announce() read no database; the clock is faked, so nothing here depends on speed.
  const acceptor = () => createAcceptor({ db: {} as never, boss: {} as never, catalog: {} as never });

  it('waits while a submission is on its way (its session being read), then QUIET_MS more', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      const burst = acceptor();
      const end = burst.announce();
      let quiet = false;
      void burst.quiet().then(() => (quiet = true));
      await vi.advanceTimersByTimeAsync(MAX_QUIET_WAIT_MS / 2);
      expect(quiet).toBe(false);
      end();
      await vi.advanceTimersByTimeAsync(QUIET_MS);
      expect(quiet).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits MAX_QUIET_WAIT_MS at most', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      const burst = acceptor();
      burst.announce();
      let quiet = false;
      void burst.quiet().then(() => (quiet = true));
      await vi.advanceTimersByTimeAsync(MAX_QUIET_WAIT_MS - 1);
      expect(quiet).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(quiet).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
