// "Saved as you type", taken at its word: a reload or a navigation right after the last keystroke
// keeps it; the tab that was open comes back; Reset asks in the page and changes nothing on Cancel.
import { test, expect } from './support/fixtures.ts';
import type { Page } from '@playwright/test';
import { openExercise, workspaceReady } from './support/waits.ts';

const EXERCISE = '/exercises/01-import-side-effects/';
const lines = (page: Page) => page.locator('.monaco-editor .view-lines');

async function typeAtEnd(page: Page, text: string) {
  await lines(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

test('the last keystrokes survive a reload, and a navigation, made right after typing', async ({ page }) => {
  await openExercise(page, EXERCISE);
  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  // No wait for "Saved in this browser": the page goes at once, before any debounced save.
  await typeAtEnd(page, '\n# typed just before the reload');
  await page.reload();
  const editor = await workspaceReady(page);
  await expect(page.getByRole('tab', { name: 'reports/app.py' })).toHaveAttribute('aria-selected', 'true');
  await expect(lines(page)).toContainText('# typed just before the reload');
  await expect(editor.locator('[data-save-status]')).toContainText('Restored your work');

  await typeAtEnd(page, '\n# typed just before leaving');
  await page.goto('/exercises/02-public-api/');
  await workspaceReady(page);
  await openExercise(page, EXERCISE);
  await expect(lines(page)).toContainText('# typed just before leaving');
  await expect(lines(page)).toContainText('# typed just before the reload');

  // What was recovered reaches IndexedDB too: it is still there with the journal gone.
  await expect(editor.locator('[data-save-status]')).toContainText('Restored your work');
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('strata:journal:'))))
    .toEqual([]);
  await page.reload();
  await workspaceReady(page);
  await expect(lines(page)).toContainText('# typed just before leaving');
});

test('the open tabs and the file on screen survive a reload', async ({ page }) => {
  await openExercise(page, EXERCISE);
  const tree = page.getByRole('navigation', { name: 'Project files' });
  await tree.getByRole('button', { name: 'reports/db.py', exact: true }).click();
  await page.getByRole('tab', { name: 'reports/summary.py' }).locator('[data-tab-close]').click();
  await expect(page.getByRole('tab', { name: 'reports/summary.py' })).toHaveCount(0);
  await page.reload();
  await workspaceReady(page);
  await expect(page.getByRole('tab', { name: 'reports/db.py' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'reports/summary.py' })).toHaveCount(0);
  await expect(lines(page)).toContainText('sqlite3.connect');
});

test('Reset asks in the page: Cancel and Escape keep the files, Reset replaces them and can be undone', async ({
  page,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openExercise(page, EXERCISE);
  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  await typeAtEnd(page, '\n# worth keeping');
  const reset = page.getByRole('button', { name: 'Reset to starter' });
  const question = page.getByRole('alertdialog');

  await reset.click();
  await expect(question).toHaveAccessibleName('Replace every file with the starter? You can undo this.');
  // Focus starts on the answer that changes nothing.
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(question).toBeHidden();
  await expect(reset).toBeFocused();
  await reset.click();
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(lines(page)).toContainText('# worth keeping');

  await reset.click();
  await question.getByRole('button', { name: 'Reset' }).click();
  await expect(lines(page)).not.toContainText('# worth keeping');
  await page.locator('[data-notice]').getByRole('button', { name: 'Undo' }).click();
  await expect(lines(page)).toContainText('# worth keeping');
  expect(dialogs).toEqual([]);
});
