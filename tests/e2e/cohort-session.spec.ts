// A learner whose browser has dropped the session's signed copy (its Max-Age is 50 s, so after a
// long edit) is still signed in: the server reads the session from the token cookie and sends a
// new copy, which the browser keeps and sends back (src/server/session-reader.ts). Signing out
// still ends the session.
import { expect, test } from './support/cohort.ts';

test('a learner whose browser dropped the signed copy of the session stays signed in', async ({
  browser,
  cohortServer,
}) => {
  const origin = cohortServer.url;
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = 'noor@example.org';
  const signedUp = await page.request.post(`${origin}/api/auth/sign-up/email`, {
    data: { name: 'Noor', email, password: 'a long password' },
    headers: { origin },
  });
  expect(signedUp.status(), await signedUp.text()).toBe(200);
  const copies = async () =>
    (await context.cookies()).filter((cookie) => cookie.name.endsWith('session_data')).map((cookie) => cookie.value);
  const first = await copies();
  expect(first).toHaveLength(1);

  // The copy's Max-Age has passed: the browser sends the token cookie alone.
  await context.clearCookies({ name: /session_data$/ });
  expect(await copies()).toEqual([]);
  await page.goto(`${origin}/cohorts/`);
  await expect(page.getByText(email)).toBeVisible();
  await expect.poll(copies).toHaveLength(1);
  const renewed = (await copies())[0];
  expect(renewed).not.toBe(first[0]);

  // With the new copy the learner is still signed in, and the copy is kept as it is.
  await page.reload();
  await expect(page.getByText(email)).toBeVisible();
  expect(await copies()).toEqual([renewed]);

  // Signing out ends the session and drops its cookies.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await expect(page.getByText(email)).toBeHidden();
  expect(await copies()).toEqual([]);
  await context.close();
});
