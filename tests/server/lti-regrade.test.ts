/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// Grade passback after a re-grade, on a real Postgres: a learner's score reaches the test LMS;
// the exercise's hidden tests change and the server restarts with them (as an instructor fixing
// an exercise would); the instructor re-grades with review: nothing goes to the LMS while the
// change is held, and the changed score does once it is accepted.
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadExercise } from '../../src/runtime/node.ts';
import { serve } from '../../src/server/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { ROLE, TestPlatform } from '../support/lti-platform.ts';
import type { PreparedLaunch } from '../support/lti-platform.ts';
import { startPostgres } from '../support/postgres.ts';
import type { TestPostgres } from '../support/postgres.ts';
import { copyExercises, LtiBrowser, until } from './lti-support.ts';

const EXERCISE = '01-import-side-effects';

describe('LTI score passback after a re-grade (Postgres)', () => {
  let postgres: TestPostgres;
  let databaseUrl = '';
  let root = '';
  let running: RunningServer | null = null;
  let platform: TestPlatform;
  const course = { id: 'course-regrade', title: 'Re-grade course' };
  const teacherUser = { sub: 'teacher-1', name: 'Ines Instructor', roles: [ROLE.instructor] };
  const learnerUser = { sub: 'learner-1', name: 'Lea Learner', roles: [ROLE.learner] };
  const launch = (user: PreparedLaunch['user']): PreparedLaunch => ({
    user,
    context: course,
    resourceLink: { id: 'regrade-link-1', title: 'Import side effects' },
    targetLinkUri: `${running!.url}/exercises/${EXERCISE}/`,
  });

  const start = async () => {
    running = await serve({
      cohort: { dataDir: 'memory://', databaseUrl, exercisesRoot: root, workers: 1, packageVersion: '0.0.0-test' },
      host: '127.0.0.1',
      port: 0,
      siteDir: null,
    });
    platform.tool = running.url;
    return running;
  };
  /** A browser signed in by an LMS launch of the course's link. */
  const launched = async (user: PreparedLaunch['user']) => {
    const browser = new LtiBrowser(running!.url);
    const hop = await browser.launch(platform, platform.loginUrl(launch(user)));
    expect(hop.status, hop.text).toBe(303);
    return browser;
  };

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    postgres = await startPostgres();
    databaseUrl = await postgres.createDatabase('strata_lti_regrade');
    root = await copyExercises([EXERCISE]);
    platform = await TestPlatform.start();
    await start();
    const admin = new LtiBrowser(running!.url);
    const token = running!.cohort!.setupLink!.split('#token=')[1]!;
    await admin.send('POST', '/api/setup', {
      token,
      name: 'Ada',
      email: 'ada@example.org',
      password: 'a long password',
    });
    expect((await admin.send('POST', '/api/lti/platforms', platform.registration())).status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
    await platform?.stop();
    postgres?.stop();
    vi.restoreAllMocks();
  }, 60_000);

  it('posts the changed score of an accepted re-grade, and nothing while it is held for review', async () => {
    await launched(teacherUser);
    const learner = await launched(learnerUser);
    const me = await learner.json('/api/me');
    const cohortId = me.cohorts[0].id as string;
    const learnerId = me.user.id as string;
    const exercise = await loadExercise(root, EXERCISE);
    const sent = await learner.send('POST', `/api/cohorts/${cohortId}/exercises/${EXERCISE}/submissions`, {
      files: exercise.solution,
    });
    expect(sent.status, JSON.stringify(sent.json)).toBe(202);
    const first = await until('the first score at the platform', () => platform.scores[0]);
    expect(first.body).toMatchObject({ userId: 'learner-1', scoreGiven: 100 });

    // The exercise gains a hidden requirement the submission does not meet; the server restarts.
    const jwks = async () => (await fetch(`${running!.url}/api/lti/jwks`)).json() as Promise<{ keys: object[] }>;
    const keysBefore = await jwks();
    expect(keysBefore.keys).toHaveLength(1);
    await running!.stop();
    await appendFile(
      join(root, EXERCISE, 'hidden', 'test_hidden.py'),
      [
        '',
        '',
        'class AddedRequirementTest(unittest.TestCase):',
        '    def test_added_after_the_first_grading(self):',
        '        self.fail("a requirement the exercise gained after the first grading")',
        '',
      ].join('\n'),
    );
    await start();
    expect(await jwks(), 'the tool key is made on the first start only, and kept').toEqual(keysBefore);
    const teacher = await launched(teacherUser);
    const run = await teacher.send('POST', `/api/cohorts/${cohortId}/regrades`, { exercise: EXERCISE, review: true });
    expect(run.status, JSON.stringify(run.json)).toBe(202);
    const done = await until('the re-grade to finish', async () => {
      const status = await teacher.json(`/api/cohorts/${cohortId}/regrades/${run.json.id}`);
      return status.finished ? status : null;
    });
    expect(done.changes).toHaveLength(1);
    const change = done.changes[0];
    expect(change).toMatchObject({ userId: learnerId, exercise: EXERCISE, before: 100, decision: null });
    expect(change.after).toBeLessThan(100);

    // Held for review: the counted score is still 100, which the LMS has.
    const held = await teacher.send('POST', `/api/lti/cohorts/${cohortId}/scores/sync`, {});
    expect(held.json).toEqual({ queued: 0 });
    expect(platform.scores).toHaveLength(1);

    const decided = await teacher.send('POST', `/api/cohorts/${cohortId}/regrades/${run.json.id}/decision`, {
      accept: true,
    });
    expect(decided.json.decision).toBe('accepted');
    const changed = await until('the re-graded score at the platform', () => platform.scores[1]);
    expect(changed.body).toMatchObject({
      userId: 'learner-1',
      scoreGiven: change.after,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    expect(changed.lineItem).toBe(first.lineItem);
    const cell = await until('the cell to show sent', async () => {
      const { cells } = await teacher.json(`/api/lti/cohorts/${cohortId}/scores`);
      return cells.find((c: { userId: string; status: string }) => c.userId === learnerId && c.status === 'sent');
    });
    expect(cell.sentScore).toBe(change.after);
    expect(platform.scores).toHaveLength(2);
  }, 600_000);
});
