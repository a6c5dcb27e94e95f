// How long the e2e tests wait for states that need a cold runtime. These are limits, not
// expectations: a wait ends as soon as its state is there, so a generous limit costs nothing on
// a passing run and keeps a busy machine (a 2-core CI box at load average 15) from failing a test
// that is only slow. How fast things are belongs to `npm run bench:workspace`, never to a test.
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/**
 * A cold runtime starting: Monaco and the contracts worker on a fresh page (every test has its own
 * browser context, so nothing is cached), ELK's layout worker, Pyodide's first load and a Run or
 * Check on it.
 */
export const COLD_START = 120_000;

/** Test limits, for tests that wait on cold runtimes several times (see playwright.config.ts). */
export const RUNTIME_TEST_TIMEOUT = 6 * 60_000;

/** The workspace element of an exercise page. */
export const workspace = (page: Page): Locator => page.locator('strata-code-editor');

/**
 * Waits until the exercise page's workspace is interactive (Monaco mounted, the panels wired)
 * and the contracts worker has given its first answer, so the problems list and the graph
 * describe the files as loaded.
 */
export async function workspaceReady(page: Page): Promise<Locator> {
  const editor = workspace(page);
  await expect(editor).toHaveAttribute('data-state', 'ready', { timeout: COLD_START });
  await expect(editor).toHaveAttribute('data-problems', /./, { timeout: COLD_START });
  return editor;
}

/** Opens an exercise page and waits for its workspace (see workspaceReady). */
export async function openExercise(page: Page, path: string): Promise<Locator> {
  await page.goto(path);
  return workspaceReady(page);
}
