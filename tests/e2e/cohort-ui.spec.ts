// The cohort pages in Chromium against the built site served with the cohort server on: the
// instructor's first account from the setup link, a cohort with two exercises, a roster with a bad
// row, a learner who signs up and joins with the code, a submission seen queued then graded, the
// gradebook with an extension and an override, re-grades held for review (a changed score
// discarded, then accepted), the CSV export, late-day tokens and the rate limit as both sides see
// them; and what a static-only deployment says instead.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { loadExercise } from '../../src/runtime/node.ts';
import { grade } from '../../src/server/db/schema.ts';
import { expect, test } from './support/cohort.ts';

// Grading starts when the test says so, so the learner's page is seen with the submission queued;
// dates are typed and read in UTC.
test.use({ cohortGrading: 'on-demand', timezoneId: 'UTC' });

const FIRST = await loadExercise('exercises', '01-import-side-effects');
const SECOND = await loadExercise('exercises', '05-break-the-cycle');
const DAY = 86_400_000;
/** A datetime-local value; the browser's zone is UTC here. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

async function axeLightAndDark(page: Page): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(page), scheme).toEqual([]);
  }
}

async function noSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** The status region of the form with this accessible name. */
const statusOf = (form: Locator) => form.getByRole('status');

test('without a cohort server, /cohorts/ says so and that self-paced learning works as usual', async ({
  page,
  siteUrl,
}) => {
  await page.goto(`${siteUrl}/`);
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Cohorts' }).click();
  await expect(page).toHaveURL(`${siteUrl}/cohorts/`);
  await expect(page.getByRole('heading', { name: 'No cohort server on this site' })).toBeVisible();
  await expect(page.getByText('Self-paced learning works as usual')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeHidden();
});

test('/cohorts/ passes axe in light and dark, signed out and signed in, and fits 390 px', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/cohorts/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await noSidewaysScroll(page);
  await axeLightAndDark(page);
  await page.screenshot({ path: 'test-results/screenshots/cohorts-signed-out-390.png', fullPage: true });

  const signUp = page.getByRole('form', { name: 'Create an account' });
  await signUp.getByLabel('Name').fill('Axel Axe');
  await signUp.getByLabel('Email').fill('axel@example.org');
  await signUp.getByLabel('Password').fill('a long password');
  await signUp.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Signed in as Axel Axe')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Join with a code' })).toBeVisible();
  // Not an instructor: no create-cohort form.
  await expect(page.getByRole('heading', { name: 'Create a cohort' })).toBeHidden();
  await noSidewaysScroll(page);
  await axeLightAndDark(page);

  const join = page.getByRole('form', { name: 'Join with a code' });
  await join.getByLabel('Join code').fill('AAAA-BBBB-CCCC-DDDD');
  await join.getByRole('button', { name: 'Join' }).click();
  await expect(statusOf(join)).toContainText('No cohort has this join code');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('an instructor runs a cohort and a learner joins, submits and is graded', async ({
  page,
  browser,
  cohortServer,
}) => {
  const origin = cohortServer.url;
  const now = Date.now();
  let cohortUrl = '';
  let joinCode = '';

  await test.step('the setup link makes the first instructor', async () => {
    expect(cohortServer.setupLink).not.toBeNull();
    await page.goto(cohortServer.setupLink!);
    const form = page.getByRole('form', { name: 'Your instructor account' });
    await form.getByLabel('Name').fill('Ines Instructor');
    await form.getByLabel('Email').fill('ines@example.org');
    await form.getByLabel('Password').fill('correct horse battery');
    await form.getByRole('button', { name: 'Create instructor account' }).click();
    await expect(page).toHaveURL(`${origin}/cohorts/`);
    await expect(page.getByText('Signed in as Ines Instructor')).toBeVisible();
    await expect(page.getByText('You are not in a cohort yet')).toBeVisible();
    await axeLightAndDark(page);
  });

  await test.step('the instructor creates a cohort with two exercises and due dates', async () => {
    const form = page.getByRole('form', { name: 'Create a cohort' });
    await form.getByLabel('Name').fill('Architecture, spring');
    await form.getByLabel('The last graded submission').check();
    await form.getByLabel('Late days per learner (optional)').fill('1');
    await form.getByLabel(FIRST.meta.title).check();
    const first = form.getByRole('group', { name: `Dates and limits for ${FIRST.meta.title}` });
    await first.getByLabel('Due', { exact: true }).fill(local(now + 7 * DAY));
    await first.getByLabel('Submissions allowed').fill('5');
    // A rate limit needs its window too: the form says so before anything is sent.
    await form.getByRole('button', { name: 'Create cohort' }).click();
    await expect(statusOf(form)).toContainText(
      `${FIRST.meta.title}: a rate limit needs both a number of submissions and a window in minutes`,
    );
    await first.getByLabel('Per (minutes)').fill('60');
    await form.getByLabel(SECOND.meta.title).check();
    const second = form.getByRole('group', { name: `Dates and limits for ${SECOND.meta.title}` });
    await second.getByLabel('Due', { exact: true }).fill(local(now + 14 * DAY));
    await second.getByLabel('Late due').fill(local(now + 21 * DAY));
    await second.getByLabel('Late credit (%)').fill('50');
    await page.screenshot({ path: 'test-results/screenshots/cohorts-create.png', fullPage: true });
    await form.getByRole('button', { name: 'Create cohort' }).click();
    await expect(page).toHaveURL(/\/cohorts\/cohort\/\?id=/);
    cohortUrl = page.url();
    await expect(page.getByRole('heading', { level: 1, name: 'Architecture, spring' })).toBeVisible();
    await expect(page.getByText('You are an instructor here')).toContainText('the last graded submission counts');
    joinCode = (await page.locator('[data-join-code]').textContent()) ?? '';
    expect(joinCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await expect(page.getByRole('link', { name: /\/cohorts\/join\/\?code=/ })).toHaveAttribute(
      'href',
      `${origin}/cohorts/join/?code=${joinCode}`,
    );
  });

  await test.step('a roster with a bad row: the good row is imported, the bad one shown with its line', async () => {
    const roster = page.getByRole('form', { name: 'Import a roster' });
    await roster.getByLabel('CSV file').setInputFiles({
      name: 'roster.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('email,name\r\nana@example.org,Ana Analyst\r\nnot-an-email,Bob Broken\r\n'),
    });
    await expect(roster.getByLabel('Or paste it')).toHaveValue(/ana@example\.org,Ana Analyst/);
    await roster.getByRole('button', { name: 'Import' }).click();
    const status = statusOf(roster);
    await expect(status).toContainText('0 enrolled, 1 invited');
    await expect(status).toContainText('1 row was not imported');
    await expect(status.getByRole('listitem')).toHaveText(['Line 3: "not-an-email" is not an email address']);
    const members = page.getByRole('region', { name: 'Members' });
    await expect(members.getByRole('heading', { name: 'Invited, not signed up yet (1)' })).toBeVisible();
    await expect(members).toContainText('ana@example.org');
  });

  const cohortId = () => new URL(cohortUrl).searchParams.get('id');
  const learnerContext = await browser.newContext({ baseURL: origin, timezoneId: 'UTC' });
  const learner = await learnerContext.newPage();
  let submissionId = '';
  let starterScore = 0;

  await test.step('a learner signs up and joins with the code', async () => {
    await learner.goto('/cohorts/');
    const signUp = learner.getByRole('form', { name: 'Create an account' });
    await signUp.getByLabel('Name').fill('Lea Learner');
    await signUp.getByLabel('Email').fill('lea@example.org');
    await signUp.getByLabel('Password').fill('a long password');
    await signUp.getByRole('button', { name: 'Create account' }).click();
    await expect(learner.getByText('Signed in as Lea Learner')).toBeVisible();
    const join = learner.getByRole('form', { name: 'Join with a code' });
    // Case and dashes do not matter.
    await join.getByLabel('Join code').fill(joinCode.toLowerCase().replace(/-/g, ' '));
    await join.getByRole('button', { name: 'Join' }).click();
    await expect(statusOf(join)).toHaveText('You are in Architecture, spring as learner.');
    const mine = learner.getByRole('region', { name: 'Your cohorts' });
    await expect(mine.getByRole('listitem')).toHaveText(['Architecture, spring learner']);
    await mine.getByRole('link', { name: 'Architecture, spring' }).click();
    await expect(learner.getByRole('heading', { name: 'Your exercises' })).toBeVisible();
    const card = learner.getByRole('article', { name: FIRST.meta.title });
    await expect(card.getByRole('link', { name: FIRST.meta.title })).toHaveAttribute(
      'href',
      `/exercises/${FIRST.meta.id}/`,
    );
    await expect(card).toContainText('at most 5 every 60 minutes');
    const late = learner.getByRole('article', { name: SECOND.meta.title });
    await expect(late).toContainText('for 50% of the score');
    await expect(learner.locator(`[data-score="${FIRST.meta.id}"]`)).toHaveText('no score yet');
    await expect(learner.locator('[data-late-days]')).toContainText('Late days: 1 of 1 left (0 late days spent).');
    await expect(card.locator(`[data-late-days-spent="${FIRST.meta.id}"]`)).toHaveText('none');
  });

  await test.step('a submission shows queued, then graded with its report', async () => {
    const submitted = await learner.request.post(`/api/cohorts/${cohortId()}/exercises/${FIRST.meta.id}/submissions`, {
      data: { files: FIRST.starter },
      headers: { Origin: origin },
    });
    expect(submitted.status()).toBe(202);
    submissionId = ((await submitted.json()) as { id: string }).id;
    await learner.reload();
    const card = learner.getByRole('article', { name: FIRST.meta.title });
    await card.getByText(`Your submissions to ${FIRST.meta.title}`).click();
    const entry = card.locator(`li[data-submission="${submissionId}"]`);
    await expect(entry).toHaveAttribute('data-status', 'queued');
    await expect(entry).toContainText('queued');

    await cohortServer.startGrading();
    await expect(entry).toHaveAttribute('data-status', 'graded', { timeout: 120_000 });
    const graded = (await (await learner.request.get(`/api/submissions/${submissionId}`)).json()) as {
      score: number;
    };
    starterScore = graded.score;
    // The starter passes some tests and fails others.
    expect(starterScore).toBeGreaterThan(0);
    expect(starterScore).toBeLessThan(100);
    await expect(learner.locator('[data-learner-live]')).toContainText(`graded, ${starterScore}%`);
    await expect(learner.locator(`[data-score="${FIRST.meta.id}"]`)).toHaveText(String(starterScore));
    await entry.getByRole('button', { name: 'Show details' }).click();
    const detail = entry.locator('.submission-detail');
    await expect(detail.locator('.report-summary')).toContainText(`Score ${starterScore}%`);
    await expect(detail.getByRole('heading', { name: 'Tests' })).toBeVisible();
    await expect(detail.getByRole('heading', { name: 'Feedback' })).toBeVisible();
    await expect(detail.locator('.report')).toHaveAttribute('data-audience', 'learner');
    await expect(detail.getByRole('heading', { name: /^Files \(\d+\)$/ })).toBeVisible();
  });

  await test.step('Ana, on the roster, follows the join link and signs up there', async () => {
    const anaContext = await browser.newContext({ baseURL: origin, timezoneId: 'UTC' });
    const ana = await anaContext.newPage();
    await ana.goto(`/cohorts/join/?code=${joinCode}`);
    const signUp = ana.getByRole('form', { name: 'Create an account' });
    await signUp.getByLabel('Name').fill('Ana Analyst');
    await signUp.getByLabel('Email').fill('ana@example.org');
    await signUp.getByLabel('Password').fill('a long password');
    await signUp.getByRole('button', { name: 'Create account' }).click();
    await expect(ana.getByRole('heading', { name: 'Joined' })).toBeVisible();
    await expect(ana.getByText('You are in Architecture, spring as learner.')).toBeVisible();
    await ana.getByRole('link', { name: 'Open Architecture, spring' }).click();
    await expect(ana.getByRole('heading', { name: 'Your exercises' })).toBeVisible();
    await anaContext.close();
  });

  await test.step('the instructor sees the learner in the gradebook and opens the cell', async () => {
    await page.goto(cohortUrl);
    const gradebook = page.getByRole('table', { name: /Counted score per learner and exercise/ });
    const row = gradebook.getByRole('row', { name: /Lea Learner/ });
    await expect(row.locator(`td[data-exercise="${FIRST.meta.id}"]`)).toHaveAttribute(
      'data-score',
      String(starterScore),
    );
    await expect(row.locator(`td[data-exercise="${SECOND.meta.id}"]`)).toHaveAttribute('data-score', '');
    const ana = gradebook.getByRole('row', { name: /Ana Analyst/ });
    await expect(ana.locator('td[data-score=""]')).toHaveCount(2);
    await expect(page.getByRole('region', { name: 'Members' })).not.toContainText('Invited, not signed up yet');
    await axeLightAndDark(page);

    await row.getByRole('button', { name: `Lea Learner, ${FIRST.meta.title}: ${starterScore}` }).click();
    const dialog = page.getByRole('dialog', { name: `Lea Learner · ${FIRST.meta.title}` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText(`Counted score: ${starterScore}`)).toBeVisible();
    const entry = dialog.locator(`li[data-submission="${submissionId}"]`);
    await entry.getByRole('button', { name: 'Show details' }).click();
    await expect(entry.locator('.report')).toHaveAttribute('data-audience', 'instructor');
    for (const path of Object.keys(FIRST.starter)) {
      await expect(entry.locator('summary', { hasText: path })).toBeVisible();
    }
    await page.screenshot({ path: 'test-results/screenshots/cohort-cell-dialog.png' });
  });

  await test.step('an extension and an override with a reason; the overridden mark shows', async () => {
    const dialog = page.getByRole('dialog', { name: `Lea Learner · ${FIRST.meta.title}` });
    const extension = dialog.getByRole('form', { name: 'Grant an extension' });
    await extension.getByLabel('New due date').fill(local(now + 10 * DAY));
    await extension.getByRole('button', { name: 'Grant extension' }).click();
    await expect(statusOf(extension)).toContainText('Extension granted: Lea Learner has until');

    const override = dialog.getByRole('form', { name: 'Override the score' });
    await override.getByLabel('Score (0–100)').fill('75');
    await override.getByRole('button', { name: 'Override score' }).click();
    await expect(statusOf(override)).toContainText('Say why');
    await override.getByLabel('Reason (kept in the audit log)').fill('Reviewed by hand: the design is right');
    await override.getByRole('button', { name: 'Override score' }).click();
    await expect(statusOf(override)).toHaveText('Score for Lea Learner set to 75.');
    await expect(dialog.getByText('Counted score: 75 (overridden)')).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    const cell = page.getByRole('row', { name: /Lea Learner/ }).locator(`td[data-exercise="${FIRST.meta.id}"]`);
    await expect(cell).toHaveAttribute('data-score', '75');
    await expect(cell).toHaveAttribute('data-overridden', 'true');
    await expect(cell.getByText('overridden')).toBeVisible();
    const audit = page.getByRole('region', { name: 'Audit log' });
    await expect(audit).toContainText(
      `Ines Instructor set Lea Learner's score for ${FIRST.meta.title} to 75: "Reviewed by hand: the design is right"`,
    );
    await expect(audit).toContainText(`Ines Instructor gave Lea Learner until`);
    await page.screenshot({ path: 'test-results/screenshots/cohort-staff.png', fullPage: true });
  });

  const review = page.locator('[data-regrade-review]');
  const reviewStatus = page.locator('[data-regrade-review-status]');
  await test.step('a re-grade of one exercise: the override still counts, so nothing changes', async () => {
    await page.getByLabel('Exercise', { exact: true }).selectOption(FIRST.meta.id);
    await page.getByRole('button', { name: 'Re-grade this exercise' }).click();
    await expect(page.locator('[data-regrade-status]')).toHaveText(
      `Re-grade of ${FIRST.meta.title} finished: 1 submission re-graded, no counted score changed.`,
      { timeout: 120_000 },
    );
    await expect(review).toContainText('No counted score changed.');
    await review.getByRole('button', { name: 'Discard all remaining changes of this re-grade' }).click();
    await expect(reviewStatus).toHaveText(
      'Discarded the re-grade: the gradebook keeps every score it had, except changes you accepted.',
    );
    await expect(review).toHaveAttribute('data-decision', 'discarded');
    await expect(review.getByRole('button')).toHaveCount(0);
  });

  let secondScore = 0;
  await test.step('a re-grade of the cohort puts a wrong grade right and highlights the cell', async () => {
    const submitted = await learner.request.post(`/api/cohorts/${cohortId()}/exercises/${SECOND.meta.id}/submissions`, {
      data: { files: SECOND.starter },
      headers: { Origin: origin },
    });
    expect(submitted.status()).toBe(202);
    const id = ((await submitted.json()) as { id: string }).id;
    await expect
      .poll(
        async () => ((await (await learner.request.get(`/api/submissions/${id}`)).json()) as { status: string }).status,
        {
          timeout: 120_000,
        },
      )
      .toBe('graded');
    secondScore = ((await (await learner.request.get(`/api/submissions/${id}`)).json()) as { score: number }).score;
    // A grade recorded wrong (by an older grader, say): what a re-grade is for.
    const wrong = secondScore >= 50 ? secondScore - 10 : secondScore + 10;
    await cohortServer.database.db.update(grade).set({ score: wrong }).where(eq(grade.submissionId, id));

    await page.reload();
    const gradebook = page.getByRole('table', { name: /Counted score per learner and exercise/ });
    const cell = gradebook.getByRole('row', { name: /Lea Learner/ }).locator(`td[data-exercise="${SECOND.meta.id}"]`);
    await expect(cell).toHaveAttribute('data-score', String(wrong));
    const regradeCohort = async () => {
      await page.getByRole('button', { name: 'Re-grade the whole cohort' }).click();
      await expect(page.locator('[data-regrade-status]')).toHaveText(
        `Re-grade of the whole cohort finished: 2 submissions re-graded, 1 counted score changed: ` +
          `Lea Learner, ${SECOND.meta.title}: ${wrong} → ${secondScore}. ` +
          'Accept or discard each change below; until then the gradebook keeps the old scores.',
        { timeout: 120_000 },
      );
      // Held for review: the gradebook still counts the old score, and says what the re-grade gives.
      await expect(cell).toHaveAttribute('data-score', String(wrong));
      await expect(cell).toHaveAttribute('data-changed', 'pending');
      await expect(cell.getByText(`re-grade: ${secondScore}, not accepted`)).toBeVisible();
      const changes = review.getByRole('table', { name: 'Counted scores the re-grade changes (before → after)' });
      await expect(changes.getByRole('row')).toHaveCount(2);
      const row = changes.getByRole('row', { name: /Lea Learner/ });
      await expect(row.getByRole('cell')).toHaveText([SECOND.meta.title, String(wrong), String(secondScore), /Accept/]);
    };

    // Discarded: nothing changes.
    await regradeCohort();
    await axeLightAndDark(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await review.getByRole('button', { name: `Discard the change for Lea Learner, ${SECOND.meta.title}` }).click();
    await expect(reviewStatus).toHaveText(
      `Discarded the change for Lea Learner, ${SECOND.meta.title}: the gradebook keeps ${wrong}.`,
    );
    await expect(review.locator(`tr[data-learner]`)).toHaveAttribute('data-decision', 'discarded');
    await expect(review.locator(`tr[data-learner] td`).last()).toHaveText('Discarded');
    await expect(review.locator(`tr[data-learner] td`).last()).toBeFocused();
    await expect(cell).toHaveAttribute('data-changed', 'discarded');
    await expect(cell).toHaveAttribute('data-score', String(wrong));
    // The rest of the run (Lea's first exercise, unchanged) accepted: the discarded cell stays.
    await review.getByRole('button', { name: 'Accept all remaining changes of this re-grade' }).click();
    await expect(reviewStatus).toHaveText(
      'Accepted the re-grade: every change not discarded now counts in the gradebook.',
    );
    await expect(cell).toHaveAttribute('data-score', String(wrong));

    // Accepted: the new score counts, the old one is shown beside it.
    await regradeCohort();
    await review.getByRole('button', { name: `Accept the change for Lea Learner, ${SECOND.meta.title}` }).click();
    await expect(reviewStatus).toHaveText(
      `Accepted the change for Lea Learner, ${SECOND.meta.title}: the gradebook now counts ${secondScore}.`,
    );
    await expect(cell).toHaveAttribute('data-score', String(secondScore));
    await expect(cell).toHaveAttribute('data-changed', 'accepted');
    await expect(cell.getByText(`was ${wrong}`)).toBeVisible();
    const first = gradebook.getByRole('row', { name: /Lea Learner/ }).locator(`td[data-exercise="${FIRST.meta.id}"]`);
    await expect(first).not.toHaveAttribute('data-changed');
    const audit = page.getByRole('region', { name: 'Audit log' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(audit).toContainText(
      `Ines Instructor discarded the re-grade's change for Lea Learner, ${SECOND.meta.title}`,
    );
    await expect(audit).toContainText(
      `Ines Instructor accepted the re-grade's change for Lea Learner, ${SECOND.meta.title} (1 submission updated)`,
    );
  });

  await test.step('the gradebook CSV downloads with CRLF lines, the header and the learner row', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the gradebook (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('gradebook.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    // The total is the mean over the cohort's exercises, two decimals.
    const total = Math.round(((75 + secondScore) / 2) * 100) / 100;
    expect(csv.split('\r\n')).toEqual([
      `name,email,${FIRST.meta.id},${SECOND.meta.id},total`,
      'Ana Analyst,ana@example.org,,,0',
      `Lea Learner,lea@example.org,75,${secondScore},${total}`,
      '',
    ]);
    const submissions = page.getByRole('link', { name: 'Download every submission (CSV)' });
    await expect(submissions).toHaveAttribute('href', /\/api\/cohorts\/[^/]+\/submissions\.csv$/);
  });

  await test.step('the join code: a new one, off and on again; staff are added by the email of an account', async () => {
    await page.getByRole('button', { name: 'New code' }).click();
    await expect(page.locator('[data-invite-status]')).toHaveText(
      'New join code made: the old code and link no longer work.',
    );
    await expect(page.locator('[data-join-code]')).not.toHaveText(joinCode);
    await page.getByRole('button', { name: 'Turn the code off' }).click();
    await expect(page.locator('[data-join-state]')).toHaveText('off: nobody can join with it');
    await expect(page.getByText('Join link:')).toBeHidden();
    await page.getByRole('button', { name: 'Turn the code on' }).click();
    await expect(page.locator('[data-join-state]')).toHaveText('on');

    const staff = page.getByRole('form', { name: 'Teaching staff' });
    await staff.getByLabel('Email of their account').fill('nobody@example.org');
    await staff.getByRole('button', { name: 'Add' }).click();
    await expect(statusOf(staff)).toHaveText('No account uses nobody@example.org; ask them to sign up first');
  });

  await test.step('the learner sees the extension and the overridden score', async () => {
    await learner.reload();
    const card = learner.getByRole('article', { name: FIRST.meta.title });
    await expect(card).toContainText('(your extension)');
    await expect(learner.locator(`[data-score="${FIRST.meta.id}"]`)).toHaveText('75 (overridden)');
    await learner.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll(learner);
    await axeLightAndDark(learner);
    await learner.screenshot({ path: 'test-results/screenshots/cohort-learner-390-dark.png', fullPage: true });
  });

  await test.step('late-day tokens and a used-up rate limit, as the learner and the instructor see them', async () => {
    // A second cohort (made through the API, for brevity) with three tokens, an exercise due a day
    // and a half ago and one submission an hour.
    const created = await page.request.post(`${origin}/api/cohorts`, {
      headers: { Origin: origin },
      data: {
        name: 'Late days',
        lateDays: 3,
        assignments: [
          {
            exercise: FIRST.meta.id,
            dueAt: new Date(Date.now() - 1.5 * DAY).toISOString(),
            rateLimit: { count: 1, windowMinutes: 60 },
          },
        ],
      },
    });
    expect(created.status()).toBe(201);
    const late = (await created.json()) as { id: string; joinCode: string };
    const joined = await learner.request.post(`${origin}/api/join`, {
      data: { code: late.joinCode },
      headers: { Origin: origin },
    });
    expect(joined.status()).toBe(200);
    const path = `/api/cohorts/${late.id}/exercises/${FIRST.meta.id}/submissions`;
    const submitted = await learner.request.post(path, {
      data: { files: FIRST.solution },
      headers: { Origin: origin },
    });
    expect(submitted.status()).toBe(202);
    expect(await submitted.json()).toMatchObject({ late: false, lateDaysSpent: 2 });
    const refused = await learner.request.post(path, { data: { files: FIRST.solution }, headers: { Origin: origin } });
    expect(refused.status()).toBe(429);
    const { nextAt } = (await refused.json()) as { nextAt: string };

    await learner.goto(`/cohorts/cohort/?id=${late.id}`);
    await expect(learner.locator('[data-late-days]')).toHaveText(
      'Late days: 1 of 3 left (2 late days spent). A submission after its due date spends one for each day it is ' +
        'late, automatically, when you have enough left; it then counts as on time.',
    );
    const card = learner.getByRole('article', { name: FIRST.meta.title });
    await expect(card.locator(`[data-late-days-spent="${FIRST.meta.id}"]`)).toHaveText(
      '2 late days (your due date moved by as many days)',
    );
    const next = card.locator(`[data-next="${FIRST.meta.id}"]`);
    await expect(next).toHaveAttribute('data-allowed-at', nextAt);
    await expect(next).toHaveAttribute('data-remaining', '0');
    await expect(next).toHaveText(/^allowed at .+: you have used every submission this window allows$/);
    await axeLightAndDark(learner);

    await page.goto(`/cohorts/cohort/?id=${late.id}`);
    const cell = page
      .getByRole('table', { name: /Counted score per learner and exercise/ })
      .getByRole('row', { name: /Lea Learner/ })
      .locator(`td[data-exercise="${FIRST.meta.id}"]`);
    await expect(cell).toHaveAttribute('data-late-days', '2');
    await expect(cell.getByText('2 late days spent')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Members' })).toContainText('2 late days of 3 spent');
    await axeLightAndDark(page);
  });

  await learnerContext.close();
});
