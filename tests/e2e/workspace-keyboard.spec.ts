// The editor with the keyboard alone: Tab in, edit, Tab indents, and two documented ways out
// (Esc then Tab, once; Ctrl+M, until pressed again), each announced by the hint under the editor.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './support/fixtures.ts';
import type { Page } from '@playwright/test';
import { openExercise } from './support/waits.ts';

const EXERCISE = '/exercises/01-import-side-effects/';
/** The rendered text of the editor's line holding `code`, spaces kept (toContainText collapses them). */
const lineWith = (page: Page, code: string) =>
  page
    .locator('.monaco-editor .view-line')
    .evaluateAll(
      (lines, wanted) =>
        lines.map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ')).find((text) => text.includes(wanted)),
      code,
    );
const inEditor = (page: Page) => page.evaluate(() => document.activeElement?.closest('.monaco-editor') != null);

test('keyboard only: Tab into the editor, edit, indent, and leave by Esc then Tab or by Ctrl+M', async ({ page }) => {
  await openExercise(page, EXERCISE);
  const hint = page.locator('[data-editor-keys]');
  await expect(hint).toHaveAttribute('role', 'status');
  await expect(hint).toHaveText(/Tab indents\. To leave the editor: Esc then Tab, or Ctrl\+M/);

  // In: from the selected tab, the next Tab stop is the editor, which names the hint as its description.
  // (Clicking a tab would hand focus to the editor: start from the tab itself.)
  await page.getByRole('tab', { name: 'reports/app.py' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'reports/app.py' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'reports/app.py' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Tab');
  expect(await inEditor(page)).toBe(true);
  const input = page.getByRole('textbox', { name: 'Editor: reports/app.py', exact: true });
  await expect(input).toHaveAttribute('aria-describedby', (await hint.getAttribute('id'))!);

  // Edit; Tab indents and keeps focus in the editor, however often it is pressed.
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nx = 1');
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await inEditor(page)).toBe(true);
  await expect.poll(() => lineWith(page, 'x = 1')).toBe('        x = 1');

  // Out, once: Esc, then Tab. The hint says what the next Tab does.
  await page.keyboard.press('Escape');
  await expect(hint).toHaveText('Press Tab to leave the editor (any other key keeps typing).');
  await page.keyboard.press('Tab');
  expect(await inEditor(page)).toBe(false);
  await expect(hint).toHaveText(/^Tab indents\./);
  // The two stray Tabs are named, with Undo; undoing takes back only the indentation.
  const notice = page.locator('[data-notice]');
  await expect(notice).toContainText('Tab indented line 11 of reports/app.py 2 times before you left the editor.');
  await notice.getByRole('button', { name: 'Undo' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => lineWith(page, 'x = 1')).toBe('x = 1');

  // Back in from the tab row, then Ctrl+M: Tab (and Shift+Tab) move focus until Ctrl+M again.
  await page.getByRole('tab', { name: 'reports/app.py' }).focus();
  await page.keyboard.press('Tab');
  expect(await inEditor(page)).toBe(true);
  await page.keyboard.press('Control+m');
  await expect(hint).toHaveText('Tab moves focus (Ctrl+M: Tab indents again).');
  await page.keyboard.press('Shift+Tab');
  expect(await inEditor(page)).toBe(false);
  await expect(page.getByRole('tab', { name: 'reports/app.py' })).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await inEditor(page)).toBe(true);
  await page.keyboard.press('Tab');
  expect(await inEditor(page)).toBe(false);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Control+m');
  await expect(hint).toHaveText(/^Tab indents\./);
  await page.keyboard.press('Tab');
  expect(await inEditor(page)).toBe(true);
  // Leaving with Ctrl+M and no stray indent says nothing.
  await expect(notice).not.toContainText('Tab indented');
});

test('the workspace with its keyboard hint, a question and a notice passes axe in light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await openExercise(page, EXERCISE);
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-editor-keys]')).toHaveText(/Press Tab to leave/);
    await page.getByRole('button', { name: 'Reset to starter' }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    const results = await new AxeBuilder({ page }).include('strata-code-editor').analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious, scheme).toEqual([]);
  }
});
