// Starting Python on an exercise page: the run panel shows the download (bytes of the total) and
// then the phase; the service worker keeps the runtime, so a second visit takes it from there (and
// starts it at once) and a visit with the server gone still runs the tests, cross-origin isolated. How fast is
// `npm run bench:workspace`'s business, not a test's.
import type { IncomingMessage } from 'node:http';
import type { Page, Route } from '@playwright/test';
import { serve } from '../../src/server/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { test, expect } from './support/fixtures.ts';
import { COLD_START, RUNTIME_TEST_TIMEOUT, workspaceReady } from './support/waits.ts';

const EXERCISE = '/exercises/01-import-side-effects/';

async function runVisibleTests(page: Page): Promise<void> {
  const panel = page.getByRole('region', { name: 'Run and check' });
  await panel.getByRole('button', { name: 'Run tests' }).click();
  await expect(panel.locator('[data-results]')).toContainText('Visible tests: 1 of 1 passed', { timeout: COLD_START });
}

test.describe('without a service worker, on a slow network', () => {
  // No service worker, so the test can hold the download: routes do not see a service worker's requests.
  test.use({ serviceWorkers: 'block' });

  test('while Python loads, the run panel shows the bytes downloaded of the total, then each phase', async ({
    page,
  }) => {
    test.setTimeout(RUNTIME_TEST_TIMEOUT);
    // The interpreter's WebAssembly is held back until the test has seen the count.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.context().route('**/pyodide/*/pyodide.asm.wasm', async (route: Route) => {
      await held;
      await route.continue();
    });
    await page.goto(EXERCISE);
    await workspaceReady(page);
    const line = page.locator('[data-runtime-progress]');
    await line.evaluate((element: HTMLElement) => {
      const seen: string[] = [];
      (window as unknown as { phases: string[] }).phases = seen;
      new MutationObserver(() => {
        const phase = element.hidden ? 'hidden' : (element.dataset.phase ?? '');
        if (seen.at(-1) !== phase) seen.push(phase);
      }).observe(element, { attributes: true });
    });

    // Python starts by itself once the editor is idle, before any Run.
    await expect(line).toBeVisible({ timeout: COLD_START });
    await expect(line).toContainText(/Downloading Python: \d+\.\d of \d+\.\d MB/, { timeout: COLD_START });
    const bar = line.getByRole('progressbar', { name: 'Downloading Python' });
    await expect
      .poll(() => bar.evaluate((element: HTMLProgressElement) => element.value), { timeout: COLD_START })
      .toBeGreaterThan(0);
    const { value, max } = await bar.evaluate((element: HTMLProgressElement) => ({
      value: element.value,
      max: element.max,
    }));
    // The held WebAssembly alone is 9.6 MB: what came so far is less than the total.
    expect(max - value).toBeGreaterThan(9_000_000);
    await page.screenshot({ path: 'test-results/screenshots/runtime-progress.png' });

    release();
    await runVisibleTests(page);
    await expect(line).toBeHidden();
    const phases = await page.evaluate(() => (window as unknown as { phases: string[] }).phases);
    expect(phases).toEqual(['download', 'start', 'packages', 'hidden']);
  });
});

test.describe('the service worker', () => {
  /** The built site on its own server, recording the paths asked of it, so a test can stop it. */
  async function ownServer(): Promise<{ server: RunningServer; asked: string[] }> {
    const server = await serve({
      siteDir: process.env.STRATA_E2E_SITE ?? 'dist',
      host: '127.0.0.1',
      port: 0,
      cohort: null,
    });
    const asked: string[] = [];
    server.server.prependListener('request', (request: IncomingMessage) => asked.push(request.url ?? ''));
    return { server, asked };
  }

  test('keeps the runtime: a second visit takes it from the cache, and with the server gone the tests still run', async ({
    context,
  }) => {
    test.setTimeout(RUNTIME_TEST_TIMEOUT);
    const { server, asked } = await ownServer();
    try {
      // First visit: the page registers the service worker, which then answers the page's
      // requests (after a reload at the latest) and keeps what they bring.
      const first = await context.newPage();
      await first.goto(`${server.url}${EXERCISE}`);
      await first.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
        timeout: COLD_START,
      });
      await first.reload();
      await workspaceReady(first);
      await runVisibleTests(first);
      expect(asked.some((path) => path.endsWith('/pyodide.asm.wasm'))).toBe(true);
      await first.close();

      await test.step('a second visit: Python starts at once, from the cache, not the server', async () => {
        asked.length = 0;
        const second = await context.newPage();
        // The browser is never idle here and the learner does not type: Python starts all the
        // same, because its files are kept.
        await second.addInitScript(() => {
          window.requestIdleCallback = () => 0;
        });
        await second.goto(`${server.url}${EXERCISE}`);
        await workspaceReady(second);
        await expect(second.locator('[data-runtime-progress]')).toHaveAttribute('data-phase', 'ready', {
          timeout: COLD_START,
        });
        await runVisibleTests(second);
        expect(asked).toContain(EXERCISE); // pages come from the network while it answers
        expect(asked.filter((path) => path.startsWith('/pyodide/'))).toEqual([]);
        await second.close();
      });

      await test.step('the server gone: the page, the editor and Python come from the cache', async () => {
        await server.stop();
        const offline = await context.newPage();
        await offline.goto(`${server.url}${EXERCISE}`);
        await workspaceReady(offline);
        // The cached page kept its COOP/COEP headers: isolated, a runaway test can be interrupted.
        expect(await offline.evaluate(() => crossOriginIsolated)).toBe(true);
        await runVisibleTests(offline);
      });
    } finally {
      await server.stop();
    }
  });
});
