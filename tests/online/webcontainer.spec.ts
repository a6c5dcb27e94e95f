// The real WebContainer on the built site (opt-in: `npm run test:online`, needs the internet).
// Its python3 must grade the exercise as Pyodide and the local python3 do.
import { test, expect } from '../e2e/support/fixtures.ts';

const EXERCISE = '/exercises/01-import-side-effects/';

test.beforeAll(async () => {
  try {
    await fetch('https://stackblitz.com/headless', { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new Error(`test:online needs the internet, and https://stackblitz.com is out of reach: ${String(error)}`, {
      cause: error,
    });
  }
});

test('WebContainer boots, runs the visible tests and grades like the other runtimes', async ({ page }) => {
  await page.goto(EXERCISE);
  await expect(page.locator('strata-code-editor')).toHaveAttribute('data-state', 'ready');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const panel = page.getByRole('region', { name: 'Run and check' });
  const status = panel.locator('[data-runtime-status]');
  await panel.getByLabel('Python runtime').selectOption('webcontainer');

  const clicked = Date.now();
  await panel.getByRole('button', { name: 'Run tests' }).click();
  await expect(panel.locator('[data-results]')).toContainText('Visible tests: 1 of 1 passed', { timeout: 120_000 });
  console.log(`first WebContainer run: ${Date.now() - clicked} ms; ${await status.textContent()}`);
  // Had WebContainer failed, Pyodide would have taken over; the status says which one ran.
  await expect(status).toHaveAttribute('data-runtime', 'webcontainer');
  await expect(status).toContainText(/Runtime: WebContainer .*— chosen by you \(started in [\d.]+ s\)/);

  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(panel.locator('[data-results] .score')).toHaveText(
    'Score: 40% (contracts kept 2/3, visible tests 1/1, hidden tests 0/6)',
    { timeout: 120_000 },
  );
  await expect(status).toHaveAttribute('data-runtime', 'webcontainer');
  await page.screenshot({ path: 'test-results/screenshots/online-webcontainer.png', fullPage: true });
});

test('Automatic picks WebContainer when it boots in time', async ({ page }) => {
  await page.goto(EXERCISE);
  await expect(page.locator('strata-code-editor')).toHaveAttribute('data-state', 'ready');
  const panel = page.getByRole('region', { name: 'Run and check' });
  await panel.getByLabel('Python runtime').selectOption('auto');
  await panel.getByRole('button', { name: 'Run tests' }).click();
  await expect(panel.locator('[data-results]')).toContainText('Visible tests: 1 of 1 passed', { timeout: 120_000 });
  await expect(panel.locator('[data-runtime-status]')).toContainText(
    /the page is cross-origin isolated and WebContainer started in [\d.]+ s/,
  );
});

test('the terminal opens WebContainer’s shell in the project', async ({ page }) => {
  await page.goto(EXERCISE);
  await expect(page.locator('strata-code-editor')).toHaveAttribute('data-state', 'ready');
  const panel = page.getByRole('region', { name: 'Run and check' });
  await panel.getByLabel('Python runtime').selectOption('webcontainer');
  await panel.getByRole('button', { name: 'Run tests' }).click();
  await expect(panel.locator('[data-results]')).toContainText('Visible tests: 1 of 1 passed', { timeout: 120_000 });
  await panel.locator('[data-terminal] summary').click();
  await expect(panel.locator('.xterm')).toBeVisible();
  await page.keyboard.type('python3 -c "import reports; print(6 * 7)"\n');
  await expect(panel.locator('.xterm-rows')).toContainText('42');
});
