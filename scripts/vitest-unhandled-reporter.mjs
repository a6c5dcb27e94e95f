// A Vitest reporter for `npm test` (scripts/test-all.mjs): writes the run's unhandled errors (an
// error thrown or a promise rejected outside any test, a fork that died) to
// test-results/vitest-unhandled.json. Vitest fails the run for them, but its JSON report holds
// tests only, so a CI log read from its summary showed "1 failed" with every test passed and no
// name to look for.
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export const UNHANDLED_REPORT = 'test-results/vitest-unhandled.json';

export default class UnhandledErrorsReporter {
  onTestRunEnd(_modules, unhandledErrors = [], reason) {
    const errors = unhandledErrors.map((error) => {
      const stack = String(error?.stack ?? '').split('\n');
      return {
        name: error?.name ?? 'Error',
        message: String(error?.message ?? error),
        file: error?.VITEST_TEST_PATH ? relative(process.cwd(), error.VITEST_TEST_PATH) : undefined,
        test: error?.VITEST_TEST_NAME,
        // The first frame in the project's own code, where a reader starts looking.
        at: stack
          .map((line) => line.trim())
          .find(
            (line) =>
              line.startsWith('at ') && /\/(src|tests|scripts|bin)\//.test(line) && !line.includes('node_modules'),
          ),
        stack: stack.slice(0, 12).join('\n'),
      };
    });
    mkdirSync('test-results', { recursive: true });
    writeFileSync(UNHANDLED_REPORT, `${JSON.stringify({ reason, errors }, null, 2)}\n`);
  }
}
