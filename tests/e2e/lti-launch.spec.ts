// An LTI 1.3 launch in Chromium, against the built site served with the cohort server on and the
// test platform (tests/support/lti-platform.ts) on loopback: the LMS's link goes through the
// tool's login initiation, the platform's auth endpoint and its auto-submitting form, and lands a
// signed-in learner on the linked exercise, enrolled in the course's cohort; their submission's
// score arrives in the platform's gradebook.
import { randomUUID } from 'node:crypto';
import { loadExercise } from '../../src/runtime/node.ts';
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
    const teacher = await browser.newPage();
    await teacher.goto(
      platform.loginUrl({
        user: { sub: 'teacher-e2e', name: 'Ines Instructor', roles: [ROLE.instructor] },
        context: course,
        resourceLink: link,
        targetLinkUri: `${origin}${PAGE}`,
      }),
    );
    await teacher.waitForURL(`${origin}${PAGE}`);
    await teacher.context().close();

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
  } finally {
    await platform.stop();
  }
});
