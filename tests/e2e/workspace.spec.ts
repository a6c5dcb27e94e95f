import { test, expect } from './support/fixtures.ts';
import { COLD_START, RUNTIME_TEST_TIMEOUT, workspaceReady } from './support/waits.ts';

test('a broken contract is marked on the offending import line, and fixing the import clears it', async ({
  page,
  offsiteRequests,
}) => {
  await page.goto('/exercises/01-import-side-effects/');
  const editor = await workspaceReady(page);

  // The starter breaks "Summary logic does no I/O": reports/summary.py imports reports.db on line 1.
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(
    problems.getByRole('button', { name: /reports\/summary\.py:1 — Summary logic does no I\/O/ }),
  ).toBeVisible();
  await expect(editor).toHaveAttribute('data-problems', '1');

  // Jump from the problems list to the file and line; the marker sits on that line.
  await problems.getByRole('button', { name: /reports\/summary\.py:1/ }).click();
  await expect(page.getByRole('tab', { name: 'reports/summary.py' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('from reports import db');
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screenshots/workspace-violation.png' });

  // Replace the offending import by typing: the contract holds again and the marker disappears.
  // The new line still defines `db`: an undefined name would get a marker of its own from Python's
  // diagnostics (which start on the first edit), as soon as they have started.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('db = None  # no longer imports reports.db');
  await expect(problems.getByRole('status')).toHaveText('All import contracts are kept.');
  await expect(editor).toHaveAttribute('data-problems', '0');
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(0);
  expect(offsiteRequests).toEqual([]);
});

test('file tabs switch between the starter files and keep each file’s edits', async ({ page }) => {
  await page.goto('/exercises/01-import-side-effects/');
  await workspaceReady(page);
  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('def main');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# edited in app.py');
  await page.getByRole('tab', { name: 'reports/db.py' }).click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('sqlite3.connect');
  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('# edited in app.py');
});

test('Run shows the visible tests on Pyodide; Check grades contracts and hidden tests, with hints', async ({
  page,
  offsiteRequests,
}) => {
  test.setTimeout(RUNTIME_TEST_TIMEOUT);
  await page.goto('/exercises/01-import-side-effects/');
  await workspaceReady(page);
  const panel = page.getByRole('region', { name: 'Run and check' });
  await panel.getByRole('button', { name: 'Run tests' }).click();
  const results = panel.locator('[data-results]');
  await expect(results).toContainText('Visible tests: 1 of 1 passed', { timeout: COLD_START });
  await expect(panel.locator('[data-runtime-status]')).toContainText('Pyodide 3.');

  await panel.getByRole('button', { name: 'Check' }).click();
  // The starter keeps two of three contracts (one is the no-dynamic-imports structure rule) and
  // fails the hidden tests: the same 40% as python3 gives.
  await expect(results.locator('.score')).toHaveText(
    'Score: 40% (contracts kept 2/3, visible tests 1/1, hidden tests 0/6)',
    { timeout: COLD_START },
  );
  await expect(results.locator('.hints li').first()).toContainText('Summary logic does no I/O');
  await page.screenshot({ path: 'test-results/screenshots/workspace-check.png', fullPage: true });
  expect(offsiteRequests).toEqual([]);
});

test('an infinite loop is stopped at the per-test limit and reported', async ({ page }) => {
  test.setTimeout(RUNTIME_TEST_TIMEOUT);
  await page.goto('/exercises/01-import-side-effects/');
  await workspaceReady(page);
  const panel = page.getByRole('region', { name: 'Run and check' });
  // Warm Pyodide up first, so the run below is the loop's alone, not Pyodide's first load.
  await panel.getByRole('button', { name: 'Run tests' }).click();
  await expect(panel.locator('[data-results]')).toContainText('Visible tests: 1 of 1 passed', { timeout: COLD_START });
  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nwhile True: pass  # never ends');
  const clicked = Date.now();
  await panel.getByRole('button', { name: 'Run tests' }).click();
  // exercise.json: "testSeconds": 5. The interpreter survives: the report still comes from the harness.
  // The alarm at the 5 s limit stops it, even on a loaded machine: the watchdog writes it again
  // until the interpreter takes it, and sends the interrupt only a grace after that. The learner
  // is told which test was stopped, which only the harness's per-test report can say: the run's
  // outer limit (~40 s) and the watchdog's last resort both terminate the interpreter and lose it.
  await expect(panel.locator('[data-results]')).toContainText(
    /Your code was stopped after 5 s: an infinite loop\? \(ReportTest\.test_main_prints_one_line_per_region\)/,
    { timeout: COLD_START },
  );
  // How soon is recorded, not asserted: a loaded machine stretches it (speed is for benchmarks).
  const stoppedAfter = `${Date.now() - clicked} ms`;
  test.info().annotations.push({ type: 'infinite loop stopped and reported after', description: stoppedAfter });
  await expect(panel.locator('[data-results]')).toContainText('took longer than the 5s limit per test');
  await expect(panel.getByRole('button', { name: 'Run tests' })).toBeEnabled();
});

test('edits are saved in the browser and survive a reload; Reset brings the starter back, undoably', async ({
  page,
}) => {
  await page.goto('/exercises/01-import-side-effects/');
  const editor = await workspaceReady(page);
  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# kept across reloads');
  await expect(editor.locator('[data-save-status]')).toContainText('Saved in this browser');

  await page.reload();
  await workspaceReady(page);
  await expect(editor.locator('[data-save-status]')).toContainText('Restored your work');
  await page.getByRole('tab', { name: 'reports/app.py' }).click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('# kept across reloads');

  // Reset asks in the page (not with confirm()), and can be undone.
  await page.getByRole('button', { name: 'Reset to starter' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('.monaco-editor .view-lines')).not.toContainText('# kept across reloads');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Z');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('# kept across reloads');
});

test('Download gives a zip of the project; the solution opens after the checks the exercise asks for', async ({
  page,
}, testInfo) => {
  test.setTimeout(RUNTIME_TEST_TIMEOUT);
  await page.goto('/exercises/01-import-side-effects/');
  await workspaceReady(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download .zip' }).click();
  const file = testInfo.outputPath('project.zip');
  await (await download).saveAs(file);
  const { unzipSync, strFromU8 } = await import('fflate');
  const { readFileSync } = await import('node:fs');
  const entries = unzipSync(readFileSync(file));
  expect(Object.keys(entries).sort()).toEqual([
    '01-import-side-effects/reports/__init__.py',
    '01-import-side-effects/reports/app.py',
    '01-import-side-effects/reports/db.py',
    '01-import-side-effects/reports/summary.py',
  ]);
  expect(strFromU8(entries['01-import-side-effects/reports/db.py']!)).toContain('sqlite3.connect');

  // exercise.json: "solution": { "reveal": "after-attempts", "attempts": 3 }
  const panel = page.getByRole('region', { name: 'Run and check' });
  await panel.locator('summary', { hasText: 'Solution' }).click();
  await expect(panel.locator('[data-solution-status]')).toContainText('after 3 checks (0 so far)');
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await panel.getByRole('button', { name: 'Check' }).click();
    await expect(panel.locator('[data-results] .score')).toBeVisible({ timeout: COLD_START });
    await expect(panel.getByRole('button', { name: 'Check' })).toBeEnabled();
  }
  await expect(panel.locator('[data-solution-status]')).toHaveText('The reference solution is available.');
  await panel.getByRole('button', { name: 'Show the reference solution' }).click();
  // It opens beside the learner's files, a file at a time (solution-diff.spec.ts takes changes from it).
  const diff = panel.locator('[data-solution-diff]');
  await diff.getByLabel('File').selectOption('reports/summary.py');
  await expect(diff.getByRole('group', { name: /reports\/summary\.py/ })).toContainText('def total_by_region(rows):', {
    timeout: COLD_START,
  });
});
