// Issue 20: feedback a learner can read (the failure in plain words, their own lines as links that
// open the file there, the hint; hidden tests as verdict and hint only) and Python's own
// diagnostics marked as they type. Real Pyodide in Chromium, offline.
import type { Page } from '@playwright/test';
import { loadExercise } from '../../src/runtime/node.ts';
import { test, expect } from './support/fixtures.ts';
import { COLD_START, RUNTIME_TEST_TIMEOUT, workspaceReady } from './support/waits.ts';

/** Exercise 01's hidden tests, counted from its files. */
const HIDDEN_TESTS = Object.values((await loadExercise('exercises', '01-import-side-effects')).hidden)
  .map(String)
  .join('\n')
  .match(/^\s+def test_/gm)!.length;

/** Appends `text` as new lines at the end of the file in the tab `path`. */
async function appendTo(page: Page, path: string, text: string): Promise<void> {
  await page.getByRole('tab', { name: path }).click();
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

const squiggles = (page: Page) => page.locator('.monaco-editor .squiggly-error');

test('an undefined name and a syntax error are marked as you type, with CPython’s words', async ({
  page,
  offsiteRequests,
}) => {
  test.setTimeout(RUNTIME_TEST_TIMEOUT);
  await page.goto('/exercises/01-import-side-effects/');
  await workspaceReady(page);
  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  await expect(squiggles(page)).toHaveCount(0);

  // No Run: the marker comes from the checker, once typing pauses (Pyodide starts for it).
  await appendTo(page, 'reports/app.py', '\nprint(totl)');
  await expect(squiggles(page)).toHaveCount(1, { timeout: COLD_START });
  await page.keyboard.press('F8'); // Monaco's "next problem", which also works from the keyboard
  await expect(page.locator('.marker-widget')).toContainText("name 'totl' is not defined");
  await page.keyboard.press('Escape');

  // Fix it: the marker goes. Then a syntax error: marked too. Now that Python is up, each edit goes
  // in at once (insertText): typed key by key on a busy machine, a pause after "d" was checked and
  // marked as "name 'd' is not defined", which F8 then showed.
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.insertText('print(main)');
  await expect(squiggles(page)).toHaveCount(0);
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('def broken(:');
  await expect(squiggles(page)).toHaveCount(1);
  await page.keyboard.press('F8');
  await expect(page.locator('.marker-widget')).toContainText('SyntaxError');
  await page.screenshot({ path: 'test-results/screenshots/python-diagnostics.png' });
  expect(offsiteRequests).toEqual([]);
});

test('a failing test says what it expected and got; the learner’s line opens the file there; hidden tests show verdict and hint', async ({
  page,
  offsiteRequests,
}) => {
  test.setTimeout(RUNTIME_TEST_TIMEOUT);
  await page.goto('/exercises/01-import-side-effects/');
  await workspaceReady(page);
  const panel = page.getByRole('region', { name: 'Run and check' });
  const results = panel.locator('[data-results]');

  // A main() that prints the wrong report: the assertion in plain words, not a traceback.
  await appendTo(page, 'reports/app.py', '\ndef main(): print("east: 5")');
  await panel.getByRole('button', { name: 'Run tests' }).click();
  const visible = results.locator('li[data-status="fail"]');
  await expect(visible.locator('.failure-summary')).toHaveText(
    "Expected ['east: 50', 'north: 250', 'south: 80'], got ['east: 5'].",
    { timeout: COLD_START },
  );
  await expect(visible).toContainText('See the lesson:');
  await expect(visible.getByText('Full traceback')).toBeVisible();
  await expect(visible).not.toContainText(/python3\.\d+|\.strata|<frozen|\/lib\//);

  // A main() that raises: the learner's line is a button that opens app.py at line 11.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('def main(): raise ValueError("no sales today")');
  await panel.getByRole('button', { name: 'Run tests' }).click();
  await expect(results.locator('.failure-summary')).toHaveText('ValueError: no sales today');
  const line = results.getByRole('button', { name: 'reports/app.py:11' });
  await expect(line).toBeVisible();
  await results.screenshot({ path: 'test-results/screenshots/test-feedback.png' });
  await page.getByRole('tab', { name: 'reports/db.py' }).click();
  await line.click();
  await expect(page.getByRole('tab', { name: 'reports/app.py' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.monaco-editor .line-numbers.active-line-number')).toHaveText('11');

  // Check: hidden tests fail with their verdict and hint, and nothing of the hidden test itself.
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(results.locator('.score')).toContainText('Score:', { timeout: COLD_START });
  const hidden = results.locator('li', { hasText: '(hidden)' });
  await expect(hidden).toHaveCount(HIDDEN_TESTS);
  for (const item of await hidden.all()) {
    await expect(item).not.toHaveAttribute('data-status', 'pass');
    await expect(item.locator('.failure-hint')).toHaveCount(1);
    await expect(item.locator('.failure-summary, .failure-frames, pre, details')).toHaveCount(0);
  }
  expect(offsiteRequests).toEqual([]);
});
