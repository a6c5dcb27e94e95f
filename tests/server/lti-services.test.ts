/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// LTI Advantage services against the test platform (tests/support/lti-platform.ts) over loopback:
// scores posted through the queue when a counted grade changes (and only then), with a retry and
// the per-cell sync status; the roster read page by page with leavers marked; a deep-linking round
// trip; and the tool's key rotation.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadExercise } from '../../src/runtime/node.ts';
import { serve } from '../../src/server/index.ts';
import { and, eq } from 'drizzle-orm';
import { ltiScoreSync } from '../../src/server/lti/schema.ts';
import { PENDING_STALE_MS, SCORE_RETRIES } from '../../src/server/lti/sync.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { formOf, ROLE, SCOPES, TestPlatform } from '../support/lti-platform.ts';
import type { PreparedLaunch } from '../support/lti-platform.ts';
import { copyExercises, LtiBrowser, until } from './lti-support.ts';

const EXERCISE = '01-import-side-effects';
const SECOND = '05-break-the-cycle';
const exercise = await loadExercise('exercises', EXERCISE);
const second = await loadExercise('exercises', SECOND);

describe('LTI Advantage services', () => {
  let running: RunningServer;
  let platform: TestPlatform;
  let tool = '';
  let teacher: LtiBrowser;
  let learner: LtiBrowser;
  let cohortId = '';
  let learnerId = '';
  /** The instructor with a Strata account (made at setup), who registers the LMS. */
  let admin: LtiBrowser;
  const course = { id: 'course-services', title: 'Services course' };
  const launch = (overrides: Partial<PreparedLaunch> = {}): PreparedLaunch => ({
    user: { sub: 'learner-1', name: 'Lea Learner', email: 'lea@lms.example', roles: [ROLE.learner] },
    context: course,
    resourceLink: { id: 'link-1', title: 'Import side effects' },
    targetLinkUri: `${tool}/exercises/${EXERCISE}/`,
    ...overrides,
  });

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    platform = await TestPlatform.start();
    running = await serve({
      cohort: {
        dataDir: 'memory://',
        databaseUrl: null,
        exercisesRoot: await copyExercises([EXERCISE, SECOND]),
        workers: 1,
        packageVersion: '0.0.0-test',
      },
      host: '127.0.0.1',
      port: 0,
      siteDir: null,
    });
    tool = running.url;
    platform.tool = tool;
    admin = new LtiBrowser(tool);
    const token = running.cohort!.setupLink!.split('#token=')[1]!;
    await admin.send('POST', '/api/setup', {
      token,
      name: 'Ada',
      email: 'ada@example.org',
      password: 'a long password',
    });
    expect((await admin.send('POST', '/api/lti/platforms', platform.registration())).status).toBe(201);

    teacher = new LtiBrowser(tool);
    const teacherLaunch = launch({
      user: { sub: 'teacher-1', name: 'Ines Instructor', roles: [ROLE.instructor] },
    });
    expect((await teacher.launch(platform, platform.loginUrl(teacherLaunch))).status).toBe(303);
    learner = new LtiBrowser(tool);
    expect((await learner.launch(platform, platform.loginUrl(launch()))).status).toBe(303);
    const me = await learner.json('/api/me');
    cohortId = me.cohorts[0].id;
    learnerId = me.user.id;
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
    await platform?.stop();
    vi.restoreAllMocks();
  }, 60_000);

  async function submit(files: Record<string, string>, id = EXERCISE, cohort = cohortId): Promise<number> {
    const sent = await learner.send('POST', `/api/cohorts/${cohort}/exercises/${id}/submissions`, { files });
    expect(sent.status, JSON.stringify(sent.json)).toBe(202);
    const graded = await until('the submission to be graded', async () => {
      const view = await learner.json(`/api/submissions/${sent.json.id}`);
      return view.status === 'graded' || view.status === 'failed' ? view : null;
    });
    expect(graded.status).toBe('graded');
    return graded.score as number;
  }

  it('posts a learner’s score to the line item when it is graded, and a changed score after a better submission, retrying a failed POST', async () => {
    const starter = await submit(exercise.starter);
    expect(starter).toBeGreaterThan(0);
    expect(starter).toBeLessThan(100);
    const first = await until('the first score at the platform', () => platform.scores[0]);
    expect(first.contentType).toBe('application/vnd.ims.lis.v1.score+json');
    expect(first.lineItem).toBe(`${platform.url}/ags/${course.id}/lineitems/1`);
    expect(first.body).toMatchObject({
      userId: 'learner-1',
      scoreGiven: starter,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    expect(new Date(String(first.body.timestamp)).toISOString()).toBe(first.body.timestamp);
    // The token came from a client assertion the platform verified against the tool's JWKS.
    expect(platform.tokenRequests.some((r) => r.scope.includes('lti-ags/scope/score'))).toBe(true);
    expect(platform.tokenRequests[0]!.assertion).toMatchObject({ iss: platform.clientId, sub: platform.clientId });

    platform.failScores = 1;
    expect(await submit(exercise.solution)).toBe(100);
    const second = await until('the changed score at the platform', () => platform.scores[1]);
    expect(second.body).toMatchObject({ userId: 'learner-1', scoreGiven: 100 });
    const status = await until('the cell to show as sent', async () => {
      const { cells } = await teacher.json(`/api/lti/cohorts/${cohortId}/scores`);
      const cell = cells.find((c: { userId: string }) => c.userId === learnerId);
      return cell?.status === 'sent' && cell.sentScore === 100 ? cell : null;
    });
    expect(status.attempts, 'the first POST failed with 503 and was retried').toBe(2);
    expect(platform.failScores).toBe(0);
  }, 300_000);

  it('posts nothing when a new grade leaves the counted score unchanged', async () => {
    const posted = platform.scores.length;
    // Best-score policy: a worse attempt after 100 changes nothing in the gradebook.
    await submit(exercise.starter);
    const swept = await teacher.send('POST', `/api/lti/cohorts/${cohortId}/scores/sync`, {});
    expect(swept.status).toBe(200);
    expect(swept.json).toEqual({ queued: 0 });
    expect(platform.scores).toHaveLength(posted);
  }, 300_000);

  it('posts an instructor’s override as the changed score', async () => {
    const posted = platform.scores.length;
    const override = await teacher.send('POST', `/api/cohorts/${cohortId}/overrides`, {
      userId: learnerId,
      exercise: EXERCISE,
      score: 90,
      reason: 'late penalty agreed in class',
    });
    expect(override.status, JSON.stringify(override.json)).toBeLessThan(300);
    const changed = await until('the override at the platform', () => platform.scores[posted]);
    expect(changed.body).toMatchObject({ userId: 'learner-1', scoreGiven: 90 });
  }, 120_000);

  const cellOf = async (cohort: string, id: string) => {
    const { cells } = await teacher.json(`/api/lti/cohorts/${cohort}/scores`);
    return cells.find((c: { userId: string; exercise: string }) => c.userId === learnerId && c.exercise === id);
  };

  it('marks a cell failed with the LMS’s answer once the retries run out, and sends it at the next sync', async () => {
    platform.failScores = 1000;
    const override = await teacher.send('POST', `/api/cohorts/${cohortId}/overrides`, {
      userId: learnerId,
      exercise: EXERCISE,
      score: 85,
      reason: 'second look at the report',
    });
    expect(override.status, JSON.stringify(override.json)).toBeLessThan(300);
    const failed = await until('the cell to show failed', async () => {
      const cell = await cellOf(cohortId, EXERCISE);
      return cell?.status === 'failed' ? cell : null;
    });
    expect(failed.attempts, 'the first try and every retry').toBe(SCORE_RETRIES + 1);
    expect(failed.error).toContain('answered 503');
    expect(failed.sentScore, 'the LMS still has the score it last accepted').toBe(90);
    expect(platform.scores.some((score) => score.body.scoreGiven === 85)).toBe(false);

    // The LMS is back: the staff's sync queues the failed cell again.
    platform.failScores = 0;
    const resent = await teacher.send('POST', `/api/lti/cohorts/${cohortId}/scores/sync`, {});
    expect(resent.json).toEqual({ queued: 1 });
    const sent = await until('the score after the LMS came back', () =>
      platform.scores.find((score) => score.body.scoreGiven === 85),
    );
    expect(sent.body).toMatchObject({ userId: 'learner-1' });
    const cell = await until('the cell to show sent', async () => {
      const row = await cellOf(cohortId, EXERCISE);
      return row?.status === 'sent' ? row : null;
    });
    expect(cell).toMatchObject({ sentScore: 85, error: null });
  }, 300_000);

  it('queues again a cell left pending by a lost job once it is stale, and not before', async () => {
    const db = running.cohort!.database.db;
    const where = and(
      eq(ltiScoreSync.cohortId, cohortId),
      eq(ltiScoreSync.userId, learnerId),
      eq(ltiScoreSync.exercise, EXERCISE),
    );
    // As if the server had stopped for good while the cell's job waited: the LMS has an older score.
    await db.update(ltiScoreSync).set({ status: 'pending', sentScore: 1, updatedAt: new Date() }).where(where);
    const recent = await teacher.send('POST', `/api/lti/cohorts/${cohortId}/scores/sync`, {});
    expect(recent.json, 'a job queued a moment ago is waited for').toEqual({ queued: 0 });
    await db
      .update(ltiScoreSync)
      .set({ updatedAt: new Date(Date.now() - PENDING_STALE_MS - 60_000) })
      .where(where);
    const posted = platform.scores.length;
    const stale = await teacher.send('POST', `/api/lti/cohorts/${cohortId}/scores/sync`, {});
    expect(stale.json).toEqual({ queued: 1 });
    const sent = await until('the stale cell’s score at the platform', () => platform.scores[posted]);
    expect(sent.body).toMatchObject({ userId: 'learner-1', scoreGiven: 85 });
    const cell = await until('the cell to show sent', async () => {
      const row = await cellOf(cohortId, EXERCISE);
      return row?.status === 'sent' ? row : null;
    });
    expect(cell.sentScore).toBe(85);
  }, 300_000);

  it('posts to every column of the exercise when the course has it as two assignments', async () => {
    const again = await learner.launch(
      platform,
      platform.loginUrl(launch({ resourceLink: { id: 'link-1-again', title: 'Import side effects (graded)' } })),
    );
    expect(again.status, again.text).toBe(303);
    const columns = platform.lineItems
      .get(course.id)!
      .filter((item) => item.resourceLinkId === 'link-1' || item.resourceLinkId === 'link-1-again')
      .map((item) => item.id);
    expect(columns).toHaveLength(2);
    const override = await teacher.send('POST', `/api/cohorts/${cohortId}/overrides`, {
      userId: learnerId,
      exercise: EXERCISE,
      score: 70,
      reason: 'agreed at the review',
    });
    expect(override.status, JSON.stringify(override.json)).toBeLessThan(300);
    const posted = await until('the score in both columns', () => {
      const items = platform.scores.filter((s) => s.body.scoreGiven === 70).map((s) => s.lineItem);
      return columns.every((column) => items.includes(column)) ? items : null;
    });
    expect(posted.sort()).toEqual([...columns].sort());
  }, 300_000);

  it('creates the line item when the LMS gave none, and finds it again for the next score (Moodle-style URLs)', async () => {
    const bare = { id: 'course-no-columns', title: 'Course without columns' };
    // Moodle's AGS URLs carry ?type_id=: the tool must keep it on every call.
    platform.moodleStyle.add(bare.id);
    const noColumn = (user: PreparedLaunch['user']) =>
      launch({ user, context: bare, resourceLink: { id: 'bare-link-1', title: 'Imports' }, lineItem: false });
    const staff = new LtiBrowser(tool);
    const teacherUser = { sub: 'teacher-1', name: 'Ines Instructor', roles: [ROLE.instructor] };
    expect((await staff.launch(platform, platform.loginUrl(noColumn(teacherUser)))).status).toBe(303);
    expect((await learner.launch(platform, platform.loginUrl(noColumn(launch().user)))).status).toBe(303);
    const me = await learner.json('/api/me');
    const bareCohort = me.cohorts.find((c: { name: string }) => c.name === bare.title).id as string;

    const score = await submit(exercise.starter, EXERCISE, bareCohort);
    const posted = await until('the score in a column the tool made', () =>
      platform.scores.find((s) => s.lineItem.includes(`/ags/${bare.id}/`)),
    );
    expect(platform.lineItems.get(bare.id)).toEqual([
      { id: posted.lineItem, scoreMaximum: 100, label: exercise.meta.title, resourceId: EXERCISE, tag: 'strata' },
    ]);
    expect(posted.lineItem, 'scores go to <line item>/scores with its query kept').toMatch(/\/lineitem\?type_id=7$/);
    expect(posted.body).toMatchObject({ userId: 'learner-1', scoreGiven: score });
    expect(platform.tokenRequests.some((r) => r.scope.split(' ').includes(SCOPES[0]!))).toBe(true);

    // The next changed score goes to the same column, found by the exercise id.
    const override = await staff.send('POST', `/api/cohorts/${bareCohort}/overrides`, {
      userId: learnerId,
      exercise: EXERCISE,
      score: 77,
      reason: 'discussed in class',
    });
    expect(override.status, JSON.stringify(override.json)).toBeLessThan(300);
    const again = await until('the override in the same column', () =>
      platform.scores.find((s) => s.lineItem === posted.lineItem && s.body.scoreGiven === 77),
    );
    expect(again.body).toMatchObject({ userId: 'learner-1' });
    expect(platform.lineItems.get(bare.id)).toHaveLength(1);
  }, 300_000);

  it('syncs the roster from NRPS page by page and marks members who left', async () => {
    platform.members.set(course.id, [
      { user_id: 'teacher-1', name: 'Ines Instructor', roles: [ROLE.instructor] },
      { user_id: 'learner-1', name: 'Lea Learner', email: 'lea@lms.example', roles: [ROLE.learner] },
      { user_id: 'learner-2', name: 'Leo Learner', roles: [ROLE.learner] },
      { user_id: 'learner-3', name: 'Liv Learner', roles: [ROLE.learner], status: 'Inactive' },
      { user_id: 'learner-4', name: 'Lou Learner', roles: [ROLE.learner] },
    ]);
    platform.pageSize = 2;
    const pagesBefore = platform.nrpsPages.length;
    const first = await teacher.send('POST', `/api/lti/cohorts/${cohortId}/roster/sync`, {});
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json).toEqual({ members: 5, pages: 3, left: 0 });
    expect(platform.nrpsPages.length - pagesBefore).toBe(3);

    platform.members.set(
      course.id,
      platform.members.get(course.id)!.filter((m) => m.user_id !== 'learner-2'),
    );
    const second = await teacher.send('POST', `/api/lti/cohorts/${cohortId}/roster/sync`, {});
    expect(second.json).toEqual({ members: 4, pages: 2, left: 1 });
    const { members } = await teacher.json(`/api/lti/cohorts/${cohortId}/roster`);
    const bySub = Object.fromEntries(members.map((m: { sub: string }) => [m.sub, m]));
    expect(bySub['learner-2']).toMatchObject({ status: 'left', name: 'Leo Learner' });
    expect(bySub['learner-2'].leftAt).not.toBeNull();
    expect(bySub['learner-3']).toMatchObject({ status: 'inactive' });
    expect(bySub['learner-1']).toMatchObject({ status: 'active', userId: learnerId });
    expect(bySub['learner-4'].userId, 'never launched: no Strata account yet').toBeNull();

    // A learner may not sync or read the roster.
    expect((await learner.send('POST', `/api/lti/cohorts/${cohortId}/roster/sync`, {})).status).toBe(403);

    // The LTI page's list of linked courses: the roster and score sync state of each.
    const { courses } = await teacher.json('/api/lti/courses');
    const linked = courses.find((c: { cohortId: string }) => c.cohortId === cohortId);
    expect(linked).toMatchObject({
      title: course.title,
      platform: 'Test LMS',
      roster: true,
      members: { active: 3, inactive: 1, left: 1 },
      cells: { sent: 1 },
    });
    expect(linked.rosterSyncedAt).not.toBeNull();
    expect((await learner.json('/api/lti/courses')).courses, 'a learner teaches no course').toEqual([]);
  });

  it('round-trips deep linking: the instructor picks exercises, the LMS makes them assignments with line items, and a score lands in one', async () => {
    const browser = new LtiBrowser(tool);
    const landed = await browser.launch(
      platform,
      platform.loginUrl({
        user: { sub: 'teacher-1', name: 'Ines Instructor', roles: [ROLE.instructor] },
        context: course,
        messageType: 'LtiDeepLinkingRequest',
        targetLinkUri: `${tool}/`,
      }),
    );
    expect(landed.status, landed.text).toBe(303);
    expect(landed.location).toMatch(new RegExp(`^${tool}/api/lti/deep-link/[\\w-]+$`));
    const picker = await browser.request(landed.location!);
    expect(picker.text).toContain(`value="${EXERCISE}"`);
    const form = new URLSearchParams();
    form.append('exercise', EXERCISE);
    form.append('exercise', SECOND);
    const answer = await browser.request(landed.location!, { form, origin: tool });
    expect(answer.status, answer.text).toBe(200);
    const back = formOf(answer.text);
    expect(back.action).toBe(`${platform.url}/deep-link-return`);
    const received = await browser.request(back.action, { form: back.fields, origin: tool });
    expect(received.status, received.text).toBe(200);
    const response = platform.deepLinkResponses.at(-1)!;
    expect(response['https://purl.imsglobal.org/spec/lti/claim/message_type']).toBe('LtiDeepLinkingResponse');
    expect(response['https://purl.imsglobal.org/spec/lti/claim/deployment_id']).toBe(platform.deploymentId);
    expect(String(response['https://purl.imsglobal.org/spec/lti-dl/claim/data'])).toMatch(/^data-/);
    const items = response['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked below
    expect(items.map((item) => item.custom.exercise)).toEqual([EXERCISE, SECOND]);
    expect(items[1]).toMatchObject({
      type: 'ltiResourceLink',
      url: `${tool}/exercises/${SECOND}/`,
      lineItem: { scoreMaximum: 100, resourceId: SECOND },
    });
    // The LMS made an assignment of each item, with a gradebook column from its lineItem: a
    // learner's launch of one opens its exercise, and their score goes to that column.
    const made = platform.createdLinks.filter((link) => link.contextId === course.id);
    expect(made.map((link) => link.custom.exercise)).toEqual([EXERCISE, SECOND]);
    const assignment = made[1]!;
    expect(assignment.lineItem).toMatchObject({ scoreMaximum: 100, resourceId: SECOND, label: second.meta.title });
    const opened = await learner.launch(
      platform,
      platform.loginUrl(
        launch({
          resourceLink: { id: assignment.id, title: assignment.title },
          targetLinkUri: assignment.url,
          custom: assignment.custom,
        }),
      ),
    );
    expect(opened.location).toBe(`${tool}/exercises/${SECOND}/`);
    const score = await submit(second.starter, SECOND);
    const posted = await until('the score in the deep-linked column', () =>
      platform.scores.find((s) => s.lineItem === assignment.lineItem!.id),
    );
    expect(posted.body).toMatchObject({ userId: 'learner-1', scoreGiven: score });
    // The request is single use; a learner cannot start one.
    expect((await browser.request(landed.location!, { form, origin: tool })).status).toBe(409);
    const student = new LtiBrowser(tool);
    const refused = await student.launch(
      platform,
      platform.loginUrl({
        user: { sub: 'learner-1', name: 'Lea Learner', roles: [ROLE.learner] },
        context: course,
        messageType: 'LtiDeepLinkingRequest',
        targetLinkUri: `${tool}/`,
      }),
    );
    expect(refused.text).toContain('data-check="roles"');
  }, 300_000);

  it('rotates the tool’s signing key: both keys are published, and the platform accepts assertions signed with the new one', async () => {
    // An instructor an LMS launch signed in sees the registrations but cannot change whom the tool trusts.
    expect((await teacher.json('/api/lti/platforms')).canManage).toBe(false);
    const teacherCannot = await teacher.send('POST', '/api/lti/keys/rotate', {});
    expect(teacherCannot.status).toBe(403);
    expect(teacherCannot.json.error).toMatch(/made by an LMS launch cannot register LMSs or rotate the signing key/);
    const registerCannot = await teacher.send('POST', '/api/lti/platforms', platform.registration());
    expect(registerCannot.status).toBe(403);
    expect((await admin.json('/api/lti/platforms')).canManage).toBe(true);
    const rotated = await admin.send('POST', '/api/lti/keys/rotate', {});
    expect(rotated.status).toBe(200);
    expect(rotated.json.jwks.keys).toHaveLength(2);
    expect(rotated.json.jwks.keys[0].kid).toBe(rotated.json.kid);
    const learnerCannot = await learner.send('POST', '/api/lti/keys/rotate', {});
    expect(learnerCannot.status).toBe(403);
    const tokens = platform.tokenRequests.length;
    const synced = await teacher.send('POST', `/api/lti/cohorts/${cohortId}/roster/sync`, {});
    expect(synced.status).toBe(200);
    // The rotation dropped the cached token: the new assertion is signed with the new key.
    expect(platform.tokenRequests.length).toBe(tokens + 1);
    expect(platform.tokenRequests.at(-1)!.kid).toBe(rotated.json.kid);
  });
});
