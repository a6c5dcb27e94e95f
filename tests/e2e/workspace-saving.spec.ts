// "Saved as you type", taken at its word: a reload or a navigation right after the last keystroke
// keeps it; the tab that was open comes back; Reset asks in the page and changes nothing on Cancel;
// what is typed in the plain editor before Monaco has loaded is saved, runs and carries over.
import { test, expect } from './support/fixtures.ts';
import type { Page } from '@playwright/test';
import { COLD_START, RUNTIME_TEST_TIMEOUT, openExercise, workspace, workspaceReady } from './support/waits.ts';

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

test.describe('before Monaco has loaded', () => {
  // Routes do not see a service worker's requests: without one, the test can hold Monaco back.
  test.use({ serviceWorkers: 'block' });

  test('the plain editor takes typing, tabs, Tab and Run at once; Monaco takes over with the text, cursor and focus', async ({
    page,
  }) => {
    test.setTimeout(RUNTIME_TEST_TIMEOUT);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_astro\/monaco\.[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(EXERCISE);
    const editor = workspace(page);
    await expect(editor).toHaveAttribute('data-editable', 'plain', { timeout: COLD_START });
    await expect(editor).toHaveAttribute('data-state', 'loading');
    await expect(page.locator('.monaco-editor')).toHaveCount(0);

    await page.getByRole('tab', { name: 'reports/app.py' }).click();
    const plain = page.getByRole('textbox', { name: 'Editor: reports/app.py' });
    await plain.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\ndef later():\n');
    await page.keyboard.press('Tab');
    await page.keyboard.type('return 1');
    await expect(plain).toHaveValue(/\ndef later\(\):\n {4}return 1$/);
    await expect(editor.locator('[data-save-status]')).toContainText('Saved in this browser', { timeout: COLD_START });

    // The same ways out as in Monaco: Esc then Tab leaves; the hint says so.
    await page.keyboard.press('Escape');
    await expect(editor.locator('[data-editor-keys]')).toContainText('Press Tab to leave the editor');
    await page.keyboard.press('Tab');
    await expect(plain).not.toBeFocused();
    await expect(plain).toHaveValue(/ {4}return 1$/);

    // Run works on what was typed, Monaco still held back.
    const panel = page.getByRole('region', { name: 'Run and check' });
    await panel.getByRole('button', { name: 'Run tests' }).click();
    await expect(panel.locator('[data-results]')).toContainText(/Visible tests: \d+ of \d+ passed/, {
      timeout: COLD_START,
    });
    await expect(page.locator('.monaco-editor')).toHaveCount(0);

    // Monaco arrives while the learner is typing: it carries on at the cursor, with the focus.
    await plain.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('  # kept');
    release();
    await expect(editor).toHaveAttribute('data-state', 'ready', { timeout: COLD_START });
    await expect(editor).toHaveAttribute('data-editable', 'monaco');
    await expect(editor.locator('textarea.plain-editor')).toHaveCount(0);
    await page.keyboard.type(' and more');
    await expect(lines(page)).toContainText('return 1  # kept and more');
    await page.reload();
    await workspaceReady(page);
    await expect(lines(page)).toContainText('return 1  # kept and more');
  });
});
