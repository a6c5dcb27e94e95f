import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './support/fixtures.ts';
import type { Page } from '@playwright/test';
import { openExercise, workspaceReady } from './support/waits.ts';

const EXERCISE = '/exercises/01-import-side-effects/';

async function openWorkspace(page: Page) {
  const editor = await openExercise(page, EXERCISE);
  return { editor, tree: page.getByRole('navigation', { name: 'Project files' }) };
}

test('a new file gets a tab, takes part in the contracts, and survives a reload', async ({ page, offsiteRequests }) => {
  const { editor, tree } = await openWorkspace(page);
  await tree.getByRole('button', { name: '+ File' }).click();
  const field = tree.getByRole('textbox', { name: /New file/ });
  // The field suggests the active file's folder; a bad name is explained and nothing is created.
  await expect(field).toHaveValue('reports/new_module.py');
  await field.fill('reports/my export.py');
  await field.press('Enter');
  await expect(tree.getByRole('alert')).toContainText('“my export.py” has characters');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('tests/test_mine.py');
  await field.press('Enter');
  await expect(tree.getByRole('alert')).toContainText('tests/ belongs to the grader');
  await field.fill('reports/formatting.py');
  await field.press('Enter');

  await expect(tree.getByRole('button', { name: 'reports/formatting.py', exact: true })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await expect(page.getByRole('tab', { name: /reports\/formatting\.py/ })).toHaveAttribute('aria-selected', 'true');
  // The new module imports the database: summary importing it breaks "Summary logic does no I/O"
  // indirectly, which only works if the contract checker knows the new file.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.type('from reports import db\n');
  await page.getByRole('tab', { name: /reports\/summary\.py/ }).click();
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('from reports import formatting');
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(
    problems.getByRole('button', { name: /reports\/summary\.py:1 — Summary logic does no I\/O/ }),
  ).toBeVisible();
  await expect(problems.getByRole('button', { name: /reports\/formatting\.py:1/ })).toBeVisible();
  await expect(editor.locator('[data-save-status]')).toContainText('Saved in this browser');

  await page.reload();
  await workspaceReady(page);
  await tree.getByRole('button', { name: 'reports/formatting.py', exact: true }).click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('from reports import db');
  await page.screenshot({ path: 'test-results/screenshots/workspace-file-tree.png' });
  expect(offsiteRequests).toEqual([]);
});

test('renaming and deleting files reach the contract checker, and both can be undone', async ({ page }) => {
  const { editor, tree } = await openWorkspace(page);
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(editor).toHaveAttribute('data-problems', '1');

  await tree.getByRole('button', { name: 'Rename reports/db.py' }).click();
  const field = tree.getByRole('textbox', { name: 'New path for reports/db.py' });
  await expect(field).toHaveValue('reports/db.py');
  await field.fill('reports/storage.py');
  await field.press('Enter');
  await expect(tree.getByRole('button', { name: 'reports/storage.py', exact: true })).toBeVisible();
  await expect(tree.getByRole('button', { name: 'reports/db.py', exact: true })).toHaveCount(0);
  // The contracts name reports.db, which no longer exists: the checker says so instead of guessing.
  await expect(problems.getByRole('status')).toContainText('reports.db');
  await expect(editor).toHaveAttribute('data-problems', 'error');

  await page.locator('[data-notice]').getByRole('button', { name: 'Undo' }).click();
  await expect(tree.getByRole('button', { name: 'reports/db.py', exact: true })).toBeVisible();
  await expect(editor).toHaveAttribute('data-problems', '1');

  // Delete with the keyboard from the tree, then undo: the file and its text come back.
  await tree.getByRole('button', { name: 'reports/summary.py', exact: true }).focus();
  await page.keyboard.press('Delete');
  await expect(tree.getByRole('button', { name: 'reports/summary.py', exact: true })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: /reports\/summary\.py/ })).toHaveCount(0);
  await expect(problems.getByRole('status')).toContainText('reports.summary');
  await expect(editor).toHaveAttribute('data-problems', 'error');
  await page.locator('[data-notice]').getByRole('button', { name: 'Undo' }).click();
  await expect(editor).toHaveAttribute('data-problems', '1');
  await tree.getByRole('button', { name: 'reports/summary.py', exact: true }).click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('from reports import db');
});

test('folders can be created, renamed with their files, and deleted after confirmation', async ({ page }) => {
  const { editor, tree } = await openWorkspace(page);
  await tree.getByRole('button', { name: '+ Folder' }).click();
  const field = tree.getByRole('textbox', { name: /New folder/ });
  await field.fill('reports/export.v2');
  await field.press('Enter');
  await expect(tree.getByRole('alert')).toContainText('cannot contain “.”');
  await field.fill('reports/exporters');
  await field.press('Enter');
  await expect(tree.getByRole('button', { name: 'Folder reports/exporters' })).toBeVisible();

  // An empty folder is remembered too.
  await expect(editor.locator('[data-save-status]')).toContainText('Saved in this browser');
  await page.reload();
  await workspaceReady(page);
  await expect(tree.getByRole('button', { name: 'Folder reports/exporters' })).toBeVisible();

  // Renaming the package folder moves every file in it.
  await tree.getByRole('button', { name: 'Rename reports', exact: true }).click();
  const rename = tree.getByRole('textbox', { name: 'New path for reports' });
  await rename.fill('monthly');
  await rename.press('Enter');
  await expect(tree.getByRole('button', { name: 'monthly/app.py', exact: true })).toBeVisible();
  await expect(tree.getByRole('button', { name: 'Folder monthly/exporters' })).toBeVisible();
  await expect(page.getByRole('tab', { name: /monthly\/summary\.py/ })).toBeVisible();

  await tree.getByRole('button', { name: 'Delete monthly', exact: true }).click();
  const question = page.getByRole('alertdialog');
  await expect(question).toHaveAccessibleName('Delete monthly/ and the 4 files in it?');
  await question.getByRole('button', { name: 'Delete' }).click();
  await expect(tree.getByRole('button', { name: 'monthly/app.py', exact: true })).toHaveCount(0);
  await page.locator('[data-notice]').getByRole('button', { name: 'Undo' }).click();
  await expect(tree.getByRole('button', { name: 'monthly/app.py', exact: true })).toBeVisible();

  // Reset brings back the starter's files and names, and can itself be undone.
  await page.getByRole('button', { name: 'Reset to starter' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Reset' }).click();
  await expect(tree.getByRole('button', { name: 'reports/app.py', exact: true })).toBeVisible();
  await expect(tree.getByRole('button', { name: 'monthly/app.py', exact: true })).toHaveCount(0);
  await page.locator('[data-notice]').getByRole('button', { name: 'Undo' }).click();
  await expect(tree.getByRole('button', { name: 'monthly/app.py', exact: true })).toBeVisible();
});

test('the workspace, with a name being typed and explained, passes axe in light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const { tree } = await openWorkspace(page);
    await tree.getByRole('button', { name: '+ File' }).click();
    const field = tree.getByRole('textbox', { name: /New file/ });
    await field.fill('reports/bad name.py');
    await field.press('Enter');
    await expect(tree.getByRole('alert')).toBeVisible();
    const results = await new AxeBuilder({ page }).include('strata-code-editor').analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious, scheme).toEqual([]);
  }
});
