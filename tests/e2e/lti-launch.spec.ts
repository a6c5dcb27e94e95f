// An LTI 1.3 launch in Chromium, against the built site served with the cohort server on and the
// test platform (tests/support/lti-platform.ts) on loopback: the LMS's link goes through the
// tool's login initiation, the platform's auth endpoint and its auto-submitting form, and lands a
// signed-in learner on the linked exercise, enrolled in the course's cohort; their submission's
// score arrives in the platform's gradebook. The instructor, signed in by their launch, uses the
// registration page.
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { eq } from 'drizzle-orm';
import { loadExercise } from '../../src/runtime/node.ts';
import { user } from '../../src/server/db/schema.ts';
import { ltiPlatform } from '../../src/server/lti/schema.ts';
import { ROLE, TestPlatform } from '../support/lti-platform.ts';
import { expect, test } from './support/cohort.ts';
import { RUNTIME_TEST_TIMEOUT, workspaceReady } from './support/waits.ts';

const EXERCISE = await loadExercise('exercises', '01-import-side-effects');
const PAGE = `/exercises/${EXERCISE.meta.id}/`;

test.setTimeout(RUNTIME_TEST_TIMEOUT);

test('a learner launched from the LMS lands signed in on the exercise, submits, and the score reaches the LMS', async ({
  browser,
  cohortServer,
}) => {
  const origin = cohortServer.url;
  const platform = await TestPlatform.start();
  platform.tool = origin;
  try {
    // The registration form is tested in tests/server; here the row is written as it stores it.
    await cohortServer.database.db.insert(ltiPlatform).values({ id: randomUUID(), ...platform.registration() });
    const course = { id: `course-${randomUUID()}`, title: 'LTI e2e course' };
    const link = { id: 'link-e2e', title: EXERCISE.meta.title };

    // The instructor's first launch links the course to a new cohort.
    const teacher = await (await browser.newContext()).newPage();
    await teacher.goto(
      platform.loginUrl({
        user: { sub: 'teacher-e2e', name: 'Ines Instructor', roles: [ROLE.instructor] },
        context: course,
        resourceLink: link,
        targetLinkUri: `${origin}${PAGE}`,
      }),
    );
    await teacher.waitForURL(`${origin}${PAGE}`);
    await workspaceReady(teacher);
    const teacherMe = (await (await teacher.request.get(`${origin}/api/me`)).json()) as {
      user: { name: string; isInstructor: boolean };
      cohorts: { name: string; role: string }[];
    };
    expect(teacherMe.user).toMatchObject({ name: 'Ines Instructor', isInstructor: true });
    expect(teacherMe.cohorts).toEqual([expect.objectContaining({ name: course.title, role: 'instructor' })]);

    // Signed in from the LMS as an instructor, they see the registration page: the tool's URLs,
    // its public keys and the LMS registered above, but not the forms that change whom the tool
    // trusts (any teacher on a registered LMS gets here).
    await teacher.goto(`${origin}/cohorts/lti/`);
    const tool = teacher.getByRole('region', { name: /^This tool, for the LMS/ });
    await expect(tool.getByText(`${origin}/api/lti/login`)).toBeVisible();
    await expect(tool.getByText(`${origin}/api/lti/jwks`)).toBeVisible();
    await tool.getByText('Public keys (JWKS)').click();
    await expect(tool.locator('[data-jwks]')).toContainText('"kty": "RSA"');
    const listed = teacher.getByRole('region', { name: 'Registered LMSs' });
    await expect(listed.getByRole('heading', { name: 'Test LMS' })).toBeVisible();
    await expect(listed.getByText('Your account was made by a launch from your LMS')).toBeVisible();
    await expect(teacher.getByRole('form', { name: 'Register an LMS' })).toBeHidden();
    await expect(teacher.getByRole('button', { name: 'Rotate the signing key' })).toBeHidden();
    const teacherAxe = await new AxeBuilder({ page: teacher }).analyze();
    expect(teacherAxe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    await teacher.context().close();

    // An instructor with a Strata account registers another LMS with the form.
    const admin = await (await browser.newContext()).newPage();
    const adminEmail = `ada-${randomUUID()}@example.org`;
    const signedUp = await admin.request.post(`${origin}/api/auth/sign-up/email`, {
      data: { name: 'Ada Admin', email: adminEmail, password: 'a long password' },
      headers: { origin },
    });
    expect(signedUp.status()).toBe(200);
    // (Made an instructor as the setup link or another instructor would: not what this test is about.)
    await cohortServer.database.db.update(user).set({ isInstructor: true }).where(eq(user.email, adminEmail));
    await admin.goto(`${origin}/cohorts/lti/`);
    const registered = admin.getByRole('region', { name: 'Registered LMSs' });
    await expect(registered.getByRole('heading', { name: 'Test LMS' })).toBeVisible();
    await expect(registered.getByText('Your account was made by a launch from your LMS')).toBeHidden();
    const form = admin.getByRole('form', { name: 'Register an LMS' });
    await form.getByLabel('Name').fill('Faculty Moodle');
    await form.getByLabel('Issuer (platform id)').fill('https://moodle.example.edu');
    await form.getByLabel('Client id').fill('moodle-client-1');
    await form.getByLabel('Deployment ids (one per line)').fill('1\n2');
    await form.getByLabel('Authentication request URL').fill('https://moodle.example.edu/mod/lti/auth.php');
    await form.getByLabel('Access token URL').fill('https://moodle.example.edu/mod/lti/token.php');
    await form.getByLabel('Public keyset URL').fill('https://moodle.example.edu/mod/lti/certs.php');
    await form.getByRole('button', { name: 'Register' }).click();
    await expect(form.getByRole('status')).toHaveText('Faculty Moodle is registered.');
    await expect(registered.getByRole('heading', { name: 'Faculty Moodle' })).toBeVisible();
    await expect(registered.locator('article', { hasText: 'Faculty Moodle' })).toContainText('1, 2');
    await admin.screenshot({ path: 'test-results/screenshots/lti-registration.png', fullPage: true });
    const axe = await new AxeBuilder({ page: admin }).analyze();
    expect(axe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    await admin.context().close();

    const learner = await browser.newPage();
    await learner.goto(
      platform.loginUrl({
        user: { sub: 'learner-e2e', name: 'Lea Learner', email: 'lea-e2e@lms.example', roles: [ROLE.learner] },
        context: course,
        resourceLink: link,
        targetLinkUri: `${origin}${PAGE}`,
      }),
    );
    await learner.waitForURL(`${origin}${PAGE}`);
    await workspaceReady(learner);
    const me = (await (await learner.request.get(`${origin}/api/me`)).json()) as {
      user: { name: string };
      cohorts: { name: string; role: string }[];
    };
    expect(me.user.name).toBe('Lea Learner');
    expect(me.cohorts).toEqual([expect.objectContaining({ name: course.title, role: 'learner' })]);

    const submit = learner.getByRole('button', { name: 'Submit' });
    await expect(submit).toBeVisible();
    await submit.click();
    const panel = learner.getByRole('region', { name: 'Submission to your cohort' });
    await expect(panel.getByRole('status')).toHaveText(/^Graded: \d+(\.\d+)? \/ 100\.$/, {
      timeout: RUNTIME_TEST_TIMEOUT,
    });
    const shown = Number(/Graded: ([\d.]+)/.exec((await panel.getByRole('status').textContent()) ?? '')?.[1]);
    await expect
      .poll(() => platform.scores.find((score) => score.body.userId === 'learner-e2e')?.body.scoreGiven, {
        timeout: 120_000,
      })
      .toBe(shown);
    await learner.screenshot({ path: 'test-results/screenshots/lti-launch.png' });
    await learner.context().close();

    // Back in the LMS, the instructor opens the course's cohort: the learner's cell says, in
    // words, that its score reached the LMS.
    const staff = await (await browser.newContext()).newPage();
    await staff.goto(
      platform.loginUrl({
        user: { sub: 'teacher-e2e', name: 'Ines Instructor', roles: [ROLE.instructor] },
        context: course,
        resourceLink: link,
        targetLinkUri: `${origin}${PAGE}`,
      }),
    );
    await staff.waitForURL(`${origin}${PAGE}`);
    const mine = (await (await staff.request.get(`${origin}/api/me`)).json()) as { cohorts: { id: string }[] };
    await staff.goto(`${origin}/cohorts/cohort/?id=${encodeURIComponent(mine.cohorts[0]!.id)}`);
    const cell = staff.getByRole('row', { name: /Lea Learner/ }).locator(`td[data-exercise="${EXERCISE.meta.id}"]`);
    await expect(cell).toHaveAttribute('data-lms', 'sent', { timeout: 60_000 });
    await expect(cell).toContainText('LMS: sent');

    // On the LTI page the instructor syncs the course's roster from the LMS (two pages of members),
    // and again after one learner left the course.
    platform.members.set(course.id, [
      { user_id: 'teacher-e2e', name: 'Ines Instructor', roles: [ROLE.instructor] },
      { user_id: 'learner-e2e', name: 'Lea Learner', email: 'lea-e2e@lms.example', roles: [ROLE.learner] },
      { user_id: 'learner-gone', name: 'Leo Leaver', roles: [ROLE.learner] },
    ]);
    await staff.goto(`${origin}/cohorts/lti/`);
    const linked = staff.getByRole('region', { name: 'Courses linked from an LMS' });
    const article = linked.locator('article', { has: staff.getByRole('heading', { name: course.title }) });
    await expect(article).toContainText('1 sent');
    const syncRoster = article.locator('form[data-form="lti-roster"]');
    await syncRoster.getByRole('button', { name: 'Sync the roster from the LMS' }).click();
    await expect(syncRoster.getByRole('status')).toHaveText(
      'Read 3 members over 2 pages; nobody left since the last sync.',
    );
    const roster = article.getByRole('table', { name: `Members of ${course.title} in the LMS` });
    await expect(roster.getByRole('row', { name: /Leo Leaver/ })).toContainText('active');
    await expect(roster.getByRole('row', { name: /Lea Learner/ })).toContainText('yes');
    platform.members.set(
      course.id,
      platform.members.get(course.id)!.filter((member) => member.user_id !== 'learner-gone'),
    );
    await syncRoster.getByRole('button', { name: 'Sync the roster from the LMS' }).click();
    await expect(syncRoster.getByRole('status')).toHaveText('Read 2 members over 1 page; 1 left since the last sync.');
    await expect(roster.getByRole('row', { name: /Leo Leaver/ })).toContainText(/left \(/);
    const sendScores = article.locator('form[data-form="lti-scores"]');
    await sendScores.getByRole('button', { name: 'Send changed scores to the LMS' }).click();
    await expect(sendScores.getByRole('status')).toHaveText('Every score is as the LMS last received it.');
    await staff.screenshot({ path: 'test-results/screenshots/lti-courses.png', fullPage: true });
    const courseAxe = await new AxeBuilder({ page: staff }).analyze();
    expect(courseAxe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    await staff.context().close();
  } finally {
    await platform.stop();
  }
});

test('an instructor adds exercises from the LMS by deep linking, and the LMS gets them as assignments with columns', async ({
  browser,
  cohortServer,
}) => {
  const origin = cohortServer.url;
  const platform = await TestPlatform.start();
  platform.tool = origin;
  try {
    await cohortServer.database.db.insert(ltiPlatform).values({ id: randomUUID(), ...platform.registration() });
    const course = { id: `course-${randomUUID()}`, title: 'LTI deep-linking course' };
    const page = await (await browser.newContext()).newPage();
    await page.goto(
      platform.loginUrl({
        user: { sub: 'teacher-dl', name: 'Ines Instructor', roles: [ROLE.instructor] },
        context: course,
        messageType: 'LtiDeepLinkingRequest',
        targetLinkUri: `${origin}/`,
      }),
    );
    await page.waitForURL(new RegExp(`^${origin}/api/lti/deep-link/`));
    const picker = page.getByRole('group', { name: /^Exercises to add/ });
    await picker.getByRole('checkbox', { name: new RegExp(EXERCISE.meta.title) }).check();
    await picker.getByRole('checkbox', { name: /05-break-the-cycle/ }).check();
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    await page.getByRole('button', { name: 'Add the chosen exercises' }).click();
    // The signed response posts itself back to the LMS, which makes an assignment of each item.
    await page.waitForURL(`${platform.url}/deep-link-return`);
    await expect(page.getByText('Items received')).toBeVisible();
    const made = platform.createdLinks.filter((link) => link.contextId === course.id);
    expect(made.map((link) => link.custom.exercise)).toEqual([EXERCISE.meta.id, '05-break-the-cycle']);
    expect(made.map((link) => link.lineItem?.scoreMaximum)).toEqual([100, 100]);
    expect(made[0]!.url).toBe(`${origin}${PAGE}`);
    await page.context().close();
  } finally {
    await platform.stop();
  }
});
