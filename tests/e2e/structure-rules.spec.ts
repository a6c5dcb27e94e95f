import { test, expect } from './support/fixtures.ts';
import { workspaceReady } from './support/waits.ts';

test('a structure rule is marked on the offending text as the learner types it, and listed with its place', async ({
  page,
  offsiteRequests,
}) => {
  await page.goto('/exercises/01-import-side-effects/');
  const editor = await workspaceReady(page);
  const problems = page.getByRole('region', { name: 'Problems' });
  // The starter breaks one contract (reports/summary.py imports reports.db) and keeps every rule.
  await expect(editor).toHaveAttribute('data-problems', '1');

  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(0);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Home');
  // import-linter cannot see this: the module is loaded without an import statement.
  await page.keyboard.type('loader = __import__');

  await expect(
    problems.getByRole('button', { name: /^reports\/app\.py:\d+:10 — No dynamic imports in reports: / }),
  ).toBeVisible();
  await expect(problems.getByRole('status')).toHaveText('1 import breaks a contract; 1 line breaks a structure rule:');
  await expect(editor).toHaveAttribute('data-problems', '2');
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(1);

  // Deleting it keeps the rule again.
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Delete');
  await expect(editor).toHaveAttribute('data-problems', '1');
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(0);
  expect(offsiteRequests).toEqual([]);
});
