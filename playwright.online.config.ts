// `npm run test:online`: the real WebContainer, booted from StackBlitz, so it needs the internet.
// Kept out of `npm test` and CI (playwright.config.ts only looks in tests/e2e).
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/support/browser.ts';

export default defineConfig({
  testDir: 'tests/online',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright-online',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
});
