/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// Fair limits, so that the grader is neither an oracle nor one cohort's: per learner and exercise,
// N submissions per window (failed ones not counted) and one grading at a time; per cohort, a cap
// on submissions waiting for the grader, while other cohorts keep submitting.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../src/runtime/node.ts';
import { startCohortServer } from '../../src/server/index.ts';
import type { CohortServer } from '../../src/server/index.ts';
import { submission } from '../../src/server/db/schema.ts';
import { ApiClient, ORIGIN, waitGraded } from './client.ts';

const EXERCISE = '01-import-side-effects';
const SECOND = '05-break-the-cycle';
const exercise = await loadExercise('exercises', EXERCISE);
/** The solution, slowed down at import (inside the exercise's time limits): a grade that lasts. */
const slow = {
  ...exercise.solution,
  'reports/__init__.py': `import time\ntime.sleep(4)\n${exercise.solution['reports/__init__.py'] ?? ''}`,
};

describe('fair limits', () => {
  let server: CohortServer;

  beforeAll(async () => {
    server = await startCohortServer({
      dataDir: 'memory://',
      origin: ORIGIN,
      exercisesRoot: 'exercises',
      // Two gradings at once in this process: room for a learner's second one, which must still wait.
      workers: 2,
      packageVersion: '0.0.0-test',
      signInPerMinute: 1000,
    });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  }, 60_000);

  it('caps a cohort’s waiting submissions, one grading at a time per learner, rate limit shown ahead', async () => {
    const instructor = new ApiClient(server);
    const token = server.setupLink!.split('#token=')[1]!;
    expect(
      (
        await instructor.post('/api/setup', {
          token,
          name: 'Ines',
          email: 'ines@example.org',
          password: 'correct horse',
        })
      ).status,
    ).toBe(200);
    const capped = await instructor.post('/api/cohorts', {
      name: 'Capped',
      maxQueued: 2,
      assignments: [{ exercise: EXERCISE, rateLimit: { count: 2, windowMinutes: 60 } }],
    });
    expect(capped.status).toBe(201);
    expect(capped.json.maxQueued).toBe(2);
    const open = await instructor.post('/api/cohorts', { name: 'Open', assignments: [{ exercise: EXERCISE }] });
    const learner = async (name: string, code: string) => {
      const client = new ApiClient(server);
      await client.signUp(name, `${name.toLowerCase()}@example.org`);
      expect((await client.post('/api/join', { code })).status).toBe(200);
      return client;
    };
    const ada = await learner('Ada', capped.json.joinCode);
    const bea = await learner('Bea', capped.json.joinCode);
    const cy = await learner('Cy', open.json.joinCode);
    const cappedPath = `/api/cohorts/${capped.json.id}/exercises/${EXERCISE}/submissions`;
    const openPath = `/api/cohorts/${open.json.id}/exercises/${EXERCISE}/submissions`;

    const before = await ada.get(cappedPath);
    expect(before.json.next).toMatchObject({ remaining: 2 });
    const first = await ada.post(cappedPath, { files: slow });
    const second = await ada.post(cappedPath, { files: slow });
    expect([first.status, second.status]).toEqual([202, 202]);

    // The cohort has 2 waiting (Ada's second cannot start before her first is graded): Bea waits.
    const refused = await bea.post(cappedPath, { files: exercise.solution });
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatch(/your cohort has 2 submissions waiting for the grader \(its limit is 2\)/);
    // Another cohort is not held up by this one.
    const elsewhere = await cy.post(openPath, { files: exercise.solution });
    expect(elsewhere.status).toBe(202);

    // Ada has used her two submissions of the window: she is told when the next one is allowed.
    const third = await ada.post(cappedPath, { files: exercise.solution });
    expect(third.status).toBe(429);
    const listed = await ada.get(cappedPath);
    expect(listed.json.next.remaining).toBe(0);
    expect(listed.json.next.allowedAt).toBe(third.json.nextAt);
    expect(Date.parse(listed.json.next.allowedAt)).toBeGreaterThan(Date.parse(listed.json.submissions[1].submittedAt));

    expect((await waitGraded(ada, first.json.id)).score).toBe(100);
    expect((await waitGraded(ada, second.json.id)).score).toBe(100);
    expect((await waitGraded(cy, elsewhere.json.id)).score).toBe(100);
    // Her two gradings ran one after the other, never together (the queue's own record of them).
    const jobs = await server.database.db.execute<{ started: string; completed: string }>(
      sql`select started_on::text as started, completed_on::text as completed from pgboss.job
          where name = 'grade' and data->>'submissionId' in (${first.json.id}, ${second.json.id})
          order by started_on`,
    );
    const [a, b] = (jobs as { rows: { started: string; completed: string }[] }).rows;
    expect(a && b).toBeTruthy();
    expect(Date.parse(b!.started)).toBeGreaterThanOrEqual(Date.parse(a!.completed));

    // Now the cohort's queue has room again for Bea.
    expect((await bea.post(cappedPath, { files: exercise.solution })).status).toBe(202);

    // A submission the server could not grade does not count against Ada's limit.
    await server.database.db
      .update(submission)
      .set({ status: 'failed', failure: 'the grader broke' })
      .where(eq(submission.id, first.json.id));
    expect((await ada.get(cappedPath)).json.next.remaining).toBe(1);
    const again = await ada.post(cappedPath, { files: exercise.solution });
    expect(again.status).toBe(202);
    await waitGraded(ada, again.json.id);
  }, 300_000);

  it('spends late-day tokens automatically at submission and shows them to learner and staff', async () => {
    const DAY = 86_400_000;
    const now = Date.now();
    const instructor = new ApiClient(server);
    expect(
      (await instructor.post('/api/auth/sign-in/email', { email: 'ines@example.org', password: 'correct horse' }))
        .status,
    ).toBe(200);
    const dueFirst = now - 1.5 * DAY;
    const created = await instructor.post('/api/cohorts', {
      name: 'Late days',
      lateDays: 3,
      assignments: [
        { exercise: EXERCISE, dueAt: new Date(dueFirst).toISOString() },
        {
          exercise: SECOND,
          dueAt: new Date(now - 2.5 * DAY).toISOString(),
          lateDueAt: new Date(now + DAY).toISOString(),
          lateCreditPct: 50,
        },
      ],
    });
    expect(created.status).toBe(201);
    const dee = new ApiClient(server);
    const deeId = (await dee.signUp('Dee', 'dee@example.org')).id;
    expect((await dee.post('/api/join', { code: created.json.joinCode })).status).toBe(200);
    const path = (exercise: string) => `/api/cohorts/${created.json.id}/exercises/${exercise}/submissions`;

    // A day and a half past a due date with no late window: two tokens make it on time.
    const first = await dee.post(path(EXERCISE), { files: exercise.solution });
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ late: false, lateDaysSpent: 2 });
    // Two and a half days late needs three; one is left: late, with late credit, and nothing spent.
    const second = await dee.post(path(SECOND), { files: { 'notes.py': 'x = 1\n' } });
    expect(second.status).toBe(202);
    expect(second.json).toMatchObject({ late: true, lateDaysSpent: 0 });

    const view = await dee.get(`/api/cohorts/${created.json.id}`);
    expect(view.json.lateDays).toEqual({ total: 3, spent: 2, byExercise: { [EXERCISE]: 2 } });
    expect(Date.parse(view.json.assignments[0].extension.dueAt)).toBe(dueFirst + 2 * DAY);
    const members = await instructor.get(`/api/cohorts/${created.json.id}/members`);
    expect(members.json.members.find((m: { id: string }) => m.id === deeId).lateDaysSpent).toBe(2);

    expect((await waitGraded(dee, first.json.id)).score).toBe(100);
    const book = await instructor.get(`/api/cohorts/${created.json.id}/gradebook`);
    expect(book.json.rows[0].cells[0]).toMatchObject({ score: 100, late: false });
    expect(book.json.lateDaysSpent).toEqual({ [deeId]: { [EXERCISE]: 2 } });
  }, 300_000);
});
