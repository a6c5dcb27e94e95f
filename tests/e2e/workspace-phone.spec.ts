// The workspace on a phone (390×844, touch): the task can be read, the editor is tall enough to
// work in, files switch, and Run and Check grade what was typed.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './support/fixtures.ts';
import { COLD_START, RUNTIME_TEST_TIMEOUT, openExercise } from './support/waits.ts';

const EXERCISE = '/exercises/05-break-the-cycle/';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });

test('on a phone: read the task, edit in a usable editor, switch files, Run and Check', async ({
  page,
  offsiteRequests,
}) => {
  test.setTimeout(RUNTIME_TEST_TIMEOUT);
  await openExercise(page, EXERCISE);
  const task = page.getByRole('region', { name: 'Instructions' });
  await expect(task.getByRole('heading', { level: 1 })).toBeInViewport();
  const box = await task.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);

  // The editor: the phone's width and at least 300 px high (it was 356×5).
  const surface = page.locator('[data-editor-surface]');
  await surface.scrollIntoViewIfNeeded();
  const size = await surface.boundingBox();
  expect(size!.height).toBeGreaterThanOrEqual(300);
  expect(size!.width).toBeGreaterThanOrEqual(320);
  // Nothing in the workspace is wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(overflow).toBeLessThanOrEqual(390);

  // Switch files with the tabs, by touch.
  await page.getByRole('tab', { name: 'accounts/users.py' }).tap();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('class User');
  await page.getByRole('tab', { name: 'accounts/orders.py' }).tap();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('class Order');
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.getByRole('status')).toContainText('1 import breaks a contract');

  // Edit: remove the function-local import of users (lines 17-21), which breaks "Users sit above orders".
  await page.locator('.monaco-editor .view-lines').tap();
  await page.keyboard.press('Control+Home');
  for (let line = 1; line < 17; line += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  for (let line = 17; line <= 21; line += 1) await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Delete');
  await expect(page.locator('.monaco-editor .view-lines')).not.toContainText('from accounts import users');
  await expect(problems.getByRole('status')).toHaveText('All import contracts are kept.');

  const panel = page.getByRole('region', { name: 'Run and check' });
  await panel.getByRole('button', { name: 'Run tests' }).tap();
  await expect(panel.locator('[data-results]')).toContainText(/Visible tests: \d+ of \d+ passed/, {
    timeout: COLD_START,
  });
  await panel.getByRole('button', { name: 'Check' }).tap();
  await expect(panel.locator('[data-results] .score')).toContainText('contracts kept 2/2', { timeout: COLD_START });
  await page.screenshot({ path: 'test-results/screenshots/workspace-phone.png', fullPage: true });
  expect(offsiteRequests).toEqual([]);
});

test('the workspace on a phone passes axe in light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await openExercise(page, EXERCISE);
    const results = await new AxeBuilder({ page }).include('strata-code-editor').analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious, scheme).toEqual([]);
  }
});
