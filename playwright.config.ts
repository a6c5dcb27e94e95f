import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/support/browser.ts';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  fullyParallel: true,
  // One worker per core of the 2-core CI machine: the suite took 5.7 min with other work on it
  // (load ~8) and 11.3 min with both cores also saturated (load ~13); a third worker only queues
  // for CPU. One would not make a loaded run pass any better: every wait waits for a state, and
  // a busy machine only makes the waits longer.
  workers: 2,
  retries: 0,
  // Limits, not expectations: a passing test never gets near them, and on a 2-core machine at
  // load average 15 an exercise page takes 30-60 s to get Monaco up (15 s was too little). Waits
  // on a cold runtime (Monaco, Pyodide, ELK) use COLD_START in tests/e2e/support/waits.ts and
  // tests that run Python set RUNTIME_TEST_TIMEOUT; no test asserts how long anything took.
  timeout: 5 * 60_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
});
