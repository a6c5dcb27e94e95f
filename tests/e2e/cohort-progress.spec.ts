// A signed-in learner's course progress follows them to another browser, through the cohort
// server (PUT /api/progress): lessons read on one machine are marked read on the other, progress
// made before signing in joins the account, and another learner signing in on the same browser
// gets their own progress, not the previous learner's.
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './support/cohort.ts';

const PASSWORD = 'a long password';

const readMark = (page: Page, lesson: string) => page.locator(`.course-sidebar a[data-lesson="${lesson}"]`).first();

async function account(browser: Browser, origin: string, email: string, create: boolean): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, origin, email, create);
  return page;
}

async function signIn(page: Page, origin: string, email: string, create: boolean): Promise<void> {
  const path = create ? '/api/auth/sign-up/email' : '/api/auth/sign-in/email';
  const response = await page.request.post(`${origin}${path}`, {
    data: { name: email.split('@')[0], email, password: PASSWORD },
    headers: { origin },
  });
  expect(response.status(), await response.text()).toBe(200);
  // The cohorts page asks who is signed in, as a learner opening it after signing in would.
  await page.goto(`${origin}/cohorts/`);
  await expect(page.getByText(email)).toBeVisible();
  // Signing in merges this browser's progress with the account's (or, for another learner, replaces it).
  await expect
    .poll(() =>
      page.evaluate(() => localStorage.getItem('strata:progress-account') === localStorage.getItem('strata:account')),
    )
    .toBe(true);
}

/** Opens a lesson and scrolls to its end, which is when a lesson counts as read. */
async function readLesson(page: Page, origin: string, lesson: string): Promise<void> {
  await page.goto(`${origin}/lessons/${lesson}/`);
  await page.locator('.read-marker').scrollIntoViewIfNeeded();
  await expect(readMark(page, lesson)).toHaveAttribute('data-read', 'true');
}

/** The lessons the account's copy of the progress has as read. */
async function lessonsInAccount(page: Page, origin: string): Promise<string[]> {
  const response = await page.request.get(`${origin}/api/progress`);
  const body = (await response.json()) as { progress: { lessons: Record<string, unknown> } };
  return Object.keys(body.progress.lessons).sort();
}

test('a learner’s progress follows them to another browser, and stays theirs', async ({ browser, cohortServer }) => {
  const origin = cohortServer.url;

  // On a laptop: signed in, the learner reads a lesson; the account has it shortly after.
  const laptop = await account(browser, origin, 'pia@example.org', true);
  await readLesson(laptop, origin, 'what-import-does');
  await expect.poll(() => lessonsInAccount(laptop, origin)).toEqual(['what-import-does']);

  // On a phone: a lesson read before signing in joins the account, and the laptop's shows up.
  const phone = await (await browser.newContext()).newPage();
  await readLesson(phone, origin, 'project-layout');
  await signIn(phone, origin, 'pia@example.org', false);
  await phone.goto(`${origin}/lessons/project-layout/`);
  await expect(readMark(phone, 'what-import-does')).toHaveAttribute('data-read', 'true');
  await expect(readMark(phone, 'project-layout')).toHaveAttribute('data-read', 'true');
  await expect.poll(() => lessonsInAccount(phone, origin)).toEqual(['project-layout', 'what-import-does']);

  // Back on the laptop, the next page it opens has the phone's lesson too.
  await laptop.goto(`${origin}/lessons/what-import-does/`);
  await expect(readMark(laptop, 'project-layout')).toHaveAttribute('data-read', 'true');

  // Someone else signs in on the phone: their own (empty) progress replaces Pia's in this browser,
  // and Pia's account keeps hers.
  await phone.goto(`${origin}/cohorts/`);
  await phone.getByRole('button', { name: 'Sign out' }).click();
  await expect(phone.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await signIn(phone, origin, 'ravi@example.org', true);
  await readLesson(phone, origin, 'project-layout');
  await expect(readMark(phone, 'what-import-does')).toHaveAttribute('data-read', 'false');
  await expect.poll(() => lessonsInAccount(phone, origin)).toEqual(['project-layout']);
  expect(await lessonsInAccount(laptop, origin)).toEqual(['project-layout', 'what-import-does']);
  await laptop.context().close();
  await phone.context().close();
});
