// Exercise 18: the learner writes the contracts. The live checker follows their .importlinter as
// they edit it, and Check grades it on the hidden projects. Real Pyodide in Chromium, offline.
import { test, expect } from './support/fixtures.ts';
import { COLD_START, RUNTIME_TEST_TIMEOUT, openExercise } from './support/waits.ts';

const CONTRACTS = `
[importlinter:contract:layers]
name = Dependencies point down
type = layers
layers =
    shop.main
    shop.adapters
    shop.application
    shop.domain

[importlinter:contract:features]
name = Features are independent
type = independence
modules =
    shop.application.ordering
    shop.application.invoicing
`;

test('a learner writes .importlinter: the checker follows it as they type, and Check grades it on the hidden projects', async ({
  page,
  offsiteRequests,
}) => {
  test.setTimeout(RUNTIME_TEST_TIMEOUT);
  const editor = await openExercise(page, '/exercises/18-write-the-contracts/');
  const problems = page.getByRole('region', { name: 'Problems' });
  const panel = page.getByRole('region', { name: 'Run and check' });
  const results = panel.locator('[data-results]');
  await expect(problems.getByRole('status')).toHaveText(
    'There are no contracts yet: write them in the configuration file.',
  );

  // Check before writing anything: every check of the contracts fails, the score is held low.
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(results.locator('.score')).toContainText('contracts kept 0/9', { timeout: COLD_START });
  expect(Number(await results.getAttribute('data-score'))).toBeLessThanOrEqual(40);
  const checks = results.getByRole('list', { name: 'Your contracts, checked' });
  await expect(checks.locator('li[data-status="fail"]')).toHaveCount(9);
  await expect(checks.getByText('✗ Catches one feature importing another')).toBeVisible();

  // The entry file is the configuration: write the contracts at its end.
  await expect(page.getByRole('tab', { name: '.importlinter' })).toHaveAttribute('aria-selected', 'true');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  for (const line of CONTRACTS.split('\n')) {
    // Each line on its own, over the indentation Monaco carries on from the line above.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.insertText(line);
  }
  await expect(problems.getByRole('status')).toHaveText('All import contracts are kept.');

  // The contracts now apply to the learner's code: an upward import is listed where it is.
  const tree = page.getByRole('navigation', { name: 'Project files' });
  await tree.getByRole('button', { name: 'shop/domain/orders.py', exact: true }).click();
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.insertText('import shop.adapters.memory\n');
  await expect(
    problems.getByRole('button', { name: /^shop\/domain\/orders\.py:1 — Dependencies point down: / }),
  ).toBeVisible();
  await expect(editor).toHaveAttribute('data-problems', '1');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Delete');
  await expect(editor).toHaveAttribute('data-problems', '0');

  // Check grades the configuration on the hidden projects: every check kept.
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(results).toHaveAttribute('data-score', '100', { timeout: COLD_START });
  await expect(results.locator('.score')).toHaveText('Score: 100% (contracts kept 9/9, visible tests 2/2)');
  await expect(checks.locator('li[data-status="pass"]')).toHaveCount(9);
  expect(offsiteRequests).toEqual([]);
});

test('a learner who deleted their .importlinter can create it again from the file tree', async ({ page }) => {
  await openExercise(page, '/exercises/18-write-the-contracts/');
  const tree = page.getByRole('navigation', { name: 'Project files' });
  await tree.getByRole('button', { name: 'Delete .importlinter', exact: true }).click();
  await expect(tree.getByRole('button', { name: '.importlinter', exact: true })).toHaveCount(0);

  await tree.getByRole('button', { name: '+ File' }).click();
  const field = tree.getByRole('textbox', { name: /New file/ });
  await field.fill('.importlinter');
  await field.press('Enter');
  await expect(tree.getByRole('alert')).toHaveCount(0);
  await expect(tree.getByRole('button', { name: '.importlinter', exact: true })).toBeVisible();
  await expect(page.getByRole('tab', { name: /\.importlinter/ })).toHaveAttribute('aria-selected', 'true');
  // Another reserved name stays refused: only the learner's own contracts file is theirs.
  await tree.getByRole('button', { name: '+ File' }).click();
  await field.fill('setup.cfg');
  await field.press('Enter');
  await expect(tree.getByRole('alert')).toContainText('setup.cfg would be ignored');
});
