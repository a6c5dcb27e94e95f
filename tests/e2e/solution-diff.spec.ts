// Solve-as-diff (issue 20): the revealed solution is shown against the learner's files, and a
// change is taken one hunk at a time, through the store, with Undo. The reveal rule itself (three
// Checks for exercise 01) is exercised in workspace.spec.ts; here the count of Checks it reads is
// set before the page loads, as three Checks would leave it.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './support/fixtures.ts';
import type { Page } from '@playwright/test';
import { COLD_START, openExercise } from './support/waits.ts';

const EXERCISE = '/exercises/01-import-side-effects/';

async function revealSolution(page: Page) {
  await page.addInitScript(() => {
    if (!localStorage.getItem('strata:attempts')) {
      localStorage.setItem('strata:attempts', JSON.stringify({ '01-import-side-effects': 3 }));
    }
  });
  await openExercise(page, EXERCISE);
  const panel = page.getByRole('region', { name: 'Run and check' });
  await panel.locator('summary', { hasText: 'Solution' }).click();
  await expect(panel.locator('[data-solution-status]')).toHaveText('The reference solution is available.');
  await panel.getByRole('button', { name: 'Show the reference solution' }).click();
  const diff = panel.locator('[data-solution-diff]');
  await expect(diff.locator('.monaco-diff-editor')).toBeVisible({ timeout: COLD_START });
  return { panel, diff };
}

/** The main editor's lines (not the diff editor's). */
const mainEditorLines = (page: Page) => page.locator('[data-editor-surface] .monaco-editor .view-lines');

test('the solution opens as a diff; one change is taken into the learner’s file, the rest stays, Undo restores', async ({
  page,
  offsiteRequests,
}) => {
  const { diff } = await revealSolution(page);
  const picker = diff.getByLabel('File');
  await expect(diff.getByRole('status')).toHaveText('Your files and the solution differ in 3 files.');
  await expect(picker.locator('option')).toHaveText([
    'reports/app.py (changed)',
    'reports/db.py (changed)',
    'reports/summary.py (changed)',
  ]);

  // reports/app.py: the solution adds an import at the top and passes db.fetch_sales() to the call.
  await picker.selectOption('reports/app.py');
  const changes = diff.getByRole('list', { name: 'Changes in reports/app.py' });
  const take = changes.getByRole('button', { name: 'Take this change' });
  // Monaco's editor worker computes the diff: on a loaded machine that can take a while.
  await expect(take).toHaveCount(2, { timeout: COLD_START });
  await expect(take.first()).toHaveAccessibleDescription('Adds the solution’s line 1 at the top of your file');
  await expect(diff.getByRole('group', { name: /reports\/app\.py/ })).toContainText('db.fetch_sales()');

  // By keyboard: focus the first change's button and press Enter.
  await take.first().focus();
  await page.keyboard.press('Enter');
  await expect(take).toHaveCount(1);
  await expect(take.first()).toBeFocused();
  const notice = page.locator('[data-notice]');
  await expect(notice).toContainText('Took change 1 of 2 in reports/app.py from the solution.');

  // The learner's file has the import and still their own call; the other files are untouched.
  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  const lines = mainEditorLines(page);
  await expect(lines).toContainText('from reports import db');
  await expect(lines).toContainText('print(format_report(total_by_region()))');
  await expect(lines).not.toContainText('db.fetch_sales()');
  await page.getByRole('tab', { name: 'reports/db.py' }).click();
  await expect(lines).toContainText('connection = sqlite3.connect(":memory:")');
  await expect(diff.getByRole('status')).toHaveText('Your files and the solution differ in 3 files.');

  // Undo puts the project back as it was: two changes to take again, no import in the file.
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(take).toHaveCount(2);
  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  await expect(lines).toContainText('def main');
  await expect(lines).not.toContainText('from reports import db');
  expect(offsiteRequests).toEqual([]);
});

test('taking the whole file makes it the solution’s, leaves the list with it marked the same, and Undo restores', async ({
  page,
}) => {
  const { diff } = await revealSolution(page);
  const picker = diff.getByLabel('File');
  await picker.selectOption('reports/db.py');
  await expect(diff.getByRole('list', { name: 'Changes in reports/db.py' }).getByRole('button')).not.toHaveCount(0, {
    timeout: COLD_START,
  });
  await diff.getByRole('button', { name: 'Take the whole file' }).click();
  await expect(diff.getByRole('status')).toHaveText('Your files and the solution differ in 2 files.');
  await expect(diff.getByRole('list', { name: 'Changes in reports/db.py' })).toHaveText(
    'Your file matches the solution.',
  );
  await expect(picker).toHaveValue('reports/db.py');
  await expect(picker.locator('option:checked')).toHaveText('reports/db.py (same as the solution)');
  await page.getByRole('tab', { name: 'reports/db.py' }).click();
  await expect(mainEditorLines(page)).toContainText('def connection():');

  await page.locator('[data-notice]').getByRole('button', { name: 'Undo' }).click();
  await expect(diff.getByRole('status')).toHaveText('Your files and the solution differ in 3 files.');
  await expect(mainEditorLines(page)).not.toContainText('def connection():');
});

test('the solution diff is keyboard accessible, and the workspace with it open passes axe in light and dark', async ({
  page,
}) => {
  const { diff } = await revealSolution(page);
  const first = diff.getByRole('button', { name: 'Take this change' }).first();
  await expect(first).toBeVisible({ timeout: COLD_START });
  // Tab goes from the file picker through the read-only diff and on to the changes: no trap.
  await diff.getByLabel('File').focus();
  let reached = false;
  for (let presses = 0; presses < 8 && !reached; presses += 1) {
    await page.keyboard.press('Tab');
    reached = await first.evaluate((button) => button === document.activeElement);
  }
  expect(reached).toBe(true);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).include('strata-code-editor').analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious, scheme).toEqual([]);
  }
});
