// Submit from the exercise workspace, against the built site served with the cohort server on:
// a learner in a cohort submits the starter (a partial score, graded on the server in the
// sandbox) and sees it go from submitted to graded; their work is in their account, so a fresh
// browser context that signs in opens the same files, submits them and scores 100. A visitor who
// is not signed in sees no Submit at all. Under a rate limit used up elsewhere, Submit is refused
// with the time the next submission is allowed, and comes back at that time.
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { loadExercise } from '../../src/runtime/node.ts';
import { expect, test } from './support/cohort.ts';
import { openExercise, RUNTIME_TEST_TIMEOUT } from './support/waits.ts';

const EXERCISE = await loadExercise('exercises', '01-import-side-effects');
const LIMITED = await loadExercise('exercises', '05-break-the-cycle');
const PAGE = `/exercises/${EXERCISE.meta.id}/`;
const DAY = 86_400_000;

async function api(request: APIRequestContext, origin: string, method: 'post' | 'put', path: string, data: unknown) {
  const response = await request[method](`${origin}${path}`, { data, headers: { origin } });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as Record<string, unknown>;
}

async function signedIn(browser: Browser, origin: string, email: string, create: boolean): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const path = create ? '/api/auth/sign-up/email' : '/api/auth/sign-in/email';
  await api(page.request, origin, 'post', path, { name: 'Lea Learner', email, password: 'a long password' });
  return page;
}

test.setTimeout(RUNTIME_TEST_TIMEOUT);

test('a learner submits from the workspace, watches it grade, and finds their work in another browser', async ({
  browser,
  page,
  cohortServer,
}) => {
  const origin = cohortServer.url;
  expect(cohortServer.setupLink, 'this worker’s server still has its setup link').not.toBeNull();
  const token = cohortServer.setupLink!.split('#token=')[1];
  await api(page.request, origin, 'post', '/api/setup', {
    token,
    name: 'Ines Instructor',
    email: 'ines@example.org',
    password: 'a long password',
  });
  const dueAt = new Date(Date.now() + 7 * DAY).toISOString();
  const cohort = await api(page.request, origin, 'post', '/api/cohorts', {
    name: 'Submit cohort',
    assignments: [{ exercise: EXERCISE.meta.id, dueAt }],
  });

  // Not signed in: the workspace is the self-paced one, with no Submit.
  const visitor = await browser.newPage();
  await openExercise(visitor, `${origin}${PAGE}`);
  await expect(visitor.getByRole('button', { name: 'Check' })).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Submit' })).toBeHidden();
  await visitor.close();

  const learner = await signedIn(browser, origin, 'lea@example.org', true);
  await api(learner.request, origin, 'post', '/api/join', { code: cohort.joinCode });
  await openExercise(learner, `${origin}${PAGE}`);
  const submitButton = learner.getByRole('button', { name: 'Submit' });
  await expect(submitButton).toBeVisible();
  await submitButton.click();
  const panel = learner.getByRole('region', { name: 'Submission to your cohort' });
  await expect(panel.getByRole('status')).toContainText(/Submitted|Grading|Graded/);
  await expect(panel.getByRole('status')).toHaveText(/^Graded: \d+(\.\d+)? \/ 100\.$/, {
    timeout: RUNTIME_TEST_TIMEOUT,
  });
  const starterScore = Number(/Graded: ([\d.]+)/.exec((await panel.getByRole('status').textContent()) ?? '')?.[1]);
  expect(starterScore).toBeGreaterThan(0);
  expect(starterScore).toBeLessThan(100);
  await expect(panel.getByText('This score counts in your cohort.')).toBeVisible();
  // Submit sends the files and nothing else: it does not also run the visible tests in the page
  // (it used to, and that run's end enabled Submit again during a rate limit's wait).
  await expect(learner.locator('[data-results]')).toHaveText('');
  await expect(panel.locator('li[data-status="fail"]').first()).toBeVisible();
  await learner.context().close();

  // The learner's account holds a working copy (the workspace keeps it there as they type); here
  // it is the solution, written through the same API, and a fresh browser opens it.
  const elsewhere = await signedIn(browser, origin, 'lea@example.org', false);
  await api(elsewhere.request, origin, 'put', `/api/workspace/${EXERCISE.meta.id}`, { files: EXERCISE.solution });
  await openExercise(elsewhere, `${origin}${PAGE}`);
  await expect(elsewhere.getByText('Your work on this exercise from your account')).toBeVisible();
  await expect(elsewhere.locator('.monaco-editor .view-lines').first()).toContainText('_connection = None');
  await elsewhere.getByRole('button', { name: 'Submit' }).click();
  const second = elsewhere.getByRole('region', { name: 'Submission to your cohort' });
  await expect(second.getByRole('status')).toHaveText('Graded: 100 / 100.', { timeout: RUNTIME_TEST_TIMEOUT });
  await second.scrollIntoViewIfNeeded();
  await elsewhere.screenshot({ path: 'test-results/screenshots/cohort-submit.png' });
  const history = await elsewhere.request.get(`${origin}/api/cohorts/${String(cohort.id)}`);
  const view = (await history.json()) as { scores: Record<string, { score: number }> };
  expect(view.scores[EXERCISE.meta.id]?.score).toBe(100);

  // One submission a minute on another exercise. The page asks ahead (one left); a submission made
  // elsewhere then uses it, so Submit is refused, says until when, and comes back at that time.
  await api(page.request, origin, 'put', `/api/cohorts/${String(cohort.id)}`, {
    name: 'Submit cohort',
    assignments: [
      { exercise: EXERCISE.meta.id, dueAt },
      { exercise: LIMITED.meta.id, rateLimit: { count: 1, windowMinutes: 1 } },
    ],
  });
  await openExercise(elsewhere, `${origin}/exercises/${LIMITED.meta.id}/`);
  const limited = elsewhere.getByRole('region', { name: 'Submission to your cohort', includeHidden: true });
  await expect(limited).toHaveAttribute('data-remaining', '1');
  const path = `/api/cohorts/${String(cohort.id)}/exercises/${LIMITED.meta.id}/submissions`;
  await api(elsewhere.request, origin, 'post', path, { files: LIMITED.starter });
  const allowedAt = (
    (await (await elsewhere.request.get(`${origin}${path}`)).json()) as { next: { allowedAt: string } }
  ).next.allowedAt;
  const submitLimited = elsewhere.getByRole('button', { name: 'Submit' });
  await submitLimited.click();
  await expect(limited.getByRole('status')).toHaveText(
    /^Not submitted: you have used every submission this exercise allows in its time window\. Next submission allowed at .+\.$/,
  );
  await expect(limited).toHaveAttribute('data-next-at', allowedAt);
  await expect(submitLimited).toBeDisabled();
  await expect(limited.getByRole('status')).toHaveText('You can submit again now.', { timeout: 120_000 });
  await expect(submitLimited).toBeEnabled();
  await elsewhere.context().close();
});
