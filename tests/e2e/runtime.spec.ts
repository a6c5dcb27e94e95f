// The runtime choice on the built site, offline: WebContainer pointed (through the testing hook)
// at a loopback port nothing listens on, so its iframe cannot load, as when StackBlitz is out of reach.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test, expect } from './support/fixtures.ts';
import { COLD_START, RUNTIME_TEST_TIMEOUT, workspaceReady } from './support/waits.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const EXERCISE = '/exercises/01-import-side-effects/';

test('WebContainer out of reach: Run falls back to Pyodide by itself, says why, and the tests pass', async ({
  page,
  offsiteRequests,
}) => {
  test.setTimeout(RUNTIME_TEST_TIMEOUT);
  const unreachable = `http://127.0.0.1:${await closedPort()}`;
  await page.goto(`${EXERCISE}?webcontainer-origin=${encodeURIComponent(unreachable)}`);
  await workspaceReady(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  const panel = page.getByRole('region', { name: 'Run and check' });
  const status = panel.locator('[data-runtime-status]');
  await panel.getByRole('combobox', { name: /^Python runtime/ }).selectOption('auto');
  const clicked = Date.now();
  await panel.getByRole('button', { name: 'Run tests' }).click();
  await expect(status).toContainText('Starting WebContainer… Pyodide takes over if it has not started within 8 s.');
  await expect(status).toHaveAttribute('data-runtime', 'pyodide', { timeout: COLD_START });
  const fellBack = Date.now() - clicked;
  await expect(panel.locator('[data-results]')).toContainText('Visible tests: 1 of 1 passed', { timeout: COLD_START });
  test.info().annotations.push({
    type: 'fallback to Pyodide after; first result after',
    description: `${fellBack} ms; ${Date.now() - clicked} ms`,
  });
  // It fell back because the boot ran out of time, as the status line says (with who chose
  // WebContainer, and that Pyodide ran instead). No wall time is asserted either way: the reason
  // in the status is the state to check, and the annotation above records the timings.
  await expect(status).toContainText(
    new RegExp(
      'Runtime: Pyodide 3\\.\\d+\\.\\d+ — WebContainer was chosen automatically \\(your setting\\) but could not ' +
        'start here: WebContainer did not start within 8 s \\(offline\\?\\); Pyodide ran instead\\.',
    ),
  );

  // WebContainer's iframe went to the unreachable origin, and nothing went to StackBlitz.
  expect(offsiteRequests.length).toBeGreaterThan(0);
  expect(offsiteRequests.every((url) => url.startsWith(`${unreachable}/headless?`))).toBe(true);

  // The page does not wait for WebContainer again: the next run goes straight to Pyodide, without
  // "Starting WebContainer…" (the 8 s wait) on the status line, whose every change is recorded.
  await status.evaluate((element) => {
    const seen: string[] = [];
    (window as unknown as { statusSeen: string[] }).statusSeen = seen;
    new MutationObserver(() => seen.push(element.textContent ?? '')).observe(element, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(panel.locator('[data-results] .score')).toContainText('Score: 40%', { timeout: COLD_START });
  const seen = await page.evaluate(() => (window as unknown as { statusSeen: string[] }).statusSeen);
  expect(seen).toContain('Running on Pyodide…');
  expect(seen.filter((text) => text.includes('WebContainer…'))).toEqual([]);
  await expect(status).toContainText('WebContainer did not start within 8 s (offline?)');
  await page.screenshot({ path: 'test-results/screenshots/runtime-fallback.png', fullPage: true });
});

test('the learner can choose Pyodide; the page says so and remembers it', async ({ page, offsiteRequests }) => {
  test.setTimeout(RUNTIME_TEST_TIMEOUT);
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  const unreachable = `http://127.0.0.1:${await closedPort()}`;
  await page.goto(EXERCISE);
  await page.evaluate((origin) => localStorage.setItem('strata:webcontainer-origin', origin), unreachable);
  await page.reload();
  await workspaceReady(page);
  const panel = page.getByRole('region', { name: 'Run and check' });
  const menu = panel.getByRole('combobox', { name: /^Python runtime/ });
  const status = panel.locator('[data-runtime-status]');

  // The site's default is Pyodide; choosing WebContainer and then Pyodide again is the learner's choice.
  await expect(menu).toHaveValue('pyodide');
  await menu.selectOption('webcontainer');
  await expect(status).toContainText('Runtime: WebContainer (needs the internet)');
  await menu.selectOption('pyodide');
  await panel.getByRole('button', { name: 'Run tests' }).click();
  await expect(panel.locator('[data-results]')).toContainText('Visible tests: 1 of 1 passed', { timeout: COLD_START });
  await expect(status).toHaveAttribute('data-runtime', 'pyodide');
  await expect(status).toContainText(/Runtime: Pyodide 3\.\d+\.\d+ — chosen by you\./);
  expect(offsiteRequests).toEqual([]);
  // Pyodide has no shell: no terminal, and xterm.js is never downloaded.
  await expect(panel.locator('[data-terminal]')).toBeHidden();
  expect(requested.filter((url) => /xterm/i.test(url))).toEqual([]);

  await page.reload();
  await workspaceReady(page);
  await expect(menu).toHaveValue('pyodide');
  expect(await page.evaluate(() => localStorage.getItem('strata:runtime'))).toBe('pyodide');
});

test('a WebContainer the learner chose but that cannot start still runs the tests, on Pyodide', async ({ page }) => {
  test.setTimeout(RUNTIME_TEST_TIMEOUT);
  const unreachable = `http://127.0.0.1:${await closedPort()}`;
  await page.goto(`${EXERCISE}?webcontainer-origin=${encodeURIComponent(unreachable)}`);
  await workspaceReady(page);
  const panel = page.getByRole('region', { name: 'Run and check' });
  await panel.getByRole('combobox', { name: /^Python runtime/ }).selectOption('webcontainer');
  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(panel.locator('[data-results] .score')).toContainText('Score: 40%', { timeout: COLD_START });
  await expect(panel.locator('[data-runtime-status]')).toContainText(
    'WebContainer was chosen by you but could not start here: WebContainer did not start within 8 s (offline?); ' +
      'Pyodide ran instead.',
  );
});
