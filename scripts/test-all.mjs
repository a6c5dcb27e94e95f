// `npm test`: every gate in order, then one closing line `N passed, N failed` totalling all runners.
// A gate that is not a test runner (typecheck, lint, format, layers, build) counts as one test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { UNHANDLED_REPORT } from './vitest-unhandled-reporter.mjs';

const only = process.argv.slice(2);
mkdirSync('test-results', { recursive: true });

/** @type {{ name: string, passed: number, failed: number, skipped: number, seconds: number }[]} */
const results = [];
/**
 * Each failed test with the first line of its error, repeated in the summary: a CI log is often read
 * from its end, far from where the runner printed the failure.
 * @type {string[]}
 */
const failures = [];

/** The first non-empty line of an error message, without colour codes, cut to one screen line. */
function firstLine(message) {
  const line = stripVTControlCharacters(String(message ?? ''))
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part.length > 0);
  return (line ?? '').slice(0, 200);
}

function run(name, command, args, { env } = {}) {
  console.log(`\n━━ ${name}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const child = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = (Date.now() - started) / 1000;
  if (child.error) console.error(`${name}: ${child.error.message}`);
  return { ok: child.status === 0, seconds };
}

/** `alsoFor`: the gates that need this one, so `npm test -- unit` still runs it first. */
function gate(name, command, args, { alsoFor = [] } = {}) {
  if (only.length > 0 && ![name, ...alsoFor].some((wanted) => only.includes(wanted))) return;
  const { ok, seconds } = run(name, command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds });
}

function vitest() {
  const name = 'unit';
  if (only.length > 0 && !only.includes(name)) return;
  const report = 'test-results/vitest.json';
  rmSync(report, { force: true });
  rmSync(UNHANDLED_REPORT, { force: true });
  const { ok, seconds } = run(name, 'vitest', [
    'run',
    '--reporter=default',
    '--reporter=json',
    '--reporter=./scripts/vitest-unhandled-reporter.mjs',
    `--outputFile.json=${report}`,
  ]);
  if (!existsSync(report)) {
    results.push({ name, passed: 0, failed: 1, skipped: 0, seconds });
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  for (const file of json.testResults ?? []) {
    const where = relative(process.cwd(), file.name);
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedTests)
      failures.push(`unit  ${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    if (file.status === 'failed' && failedTests.length === 0)
      failures.push(`unit  ${where}: ${firstLine(file.message)}`);
  }
  // Errors outside any test fail the run too; name them, or a red run shows no failed test.
  const unhandled = existsSync(UNHANDLED_REPORT) ? JSON.parse(readFileSync(UNHANDLED_REPORT, 'utf8')).errors : [];
  for (const error of unhandled)
    failures.push(
      `unit  unhandled ${error.name}${error.file ? ` in ${error.file}` : ''}${error.test ? ` > ${error.test}` : ''}: ${firstLine(error.message)}${error.at ? ` (${error.at})` : ''}`,
    );
  if (!ok && json.numFailedTests === 0 && unhandled.length === 0)
    failures.push('unit  vitest failed without a failed test or an unhandled error it reported: see its output above');
  const failed = json.numFailedTests + (json.numFailedTestSuites > 0 && json.numFailedTests === 0 ? 1 : 0);
  results.push({
    name,
    passed: json.numPassedTests,
    failed: ok || failed > 0 ? failed : Math.max(1, unhandled.length),
    skipped: json.numPendingTests + json.numTodoTests,
    seconds,
  });
}

function playwright() {
  const name = 'e2e';
  if (only.length > 0 && !only.includes(name)) return;
  const report = 'test-results/playwright.json';
  rmSync(report, { force: true });
  const { ok, seconds } = run(name, 'playwright', ['test']);
  if (!existsSync(report)) {
    results.push({ name, passed: 0, failed: 1, skipped: 0, seconds });
    return;
  }
  const { stats, suites } = JSON.parse(readFileSync(report, 'utf8'));
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected' && test.status !== 'flaky') continue;
        const error = test.results?.find((result) => result.error)?.error?.message;
        failures.push(
          `e2e   ${spec.file}:${spec.line} > ${[...titles, spec.title].join(' > ')} (${test.status}): ${firstLine(error)}`,
        );
      }
    }
    for (const child of suite.suites ?? [])
      visit(child, suite.file === suite.title ? titles : [...titles, suite.title]);
  };
  for (const suite of suites ?? []) visit(suite, []);
  const failed = stats.unexpected + stats.flaky;
  results.push({
    name,
    passed: stats.expected,
    failed: ok || failed > 0 ? failed : 1,
    skipped: stats.skipped,
    seconds,
  });
}

gate('typecheck', 'astro', ['check', '--minimumSeverity', 'warning']);
gate('typecheck-pure', 'tsc', ['--noEmit', '-p', 'tsconfig.pure.json']);
gate('lint', 'eslint', ['.', '--max-warnings', '0']);
gate('format', 'prettier', ['--check', '.']);
gate('layers', 'depcruise', ['src', '--config', '.dependency-cruiser.cjs']);
gate('layers-astro', 'node', ['scripts/check-astro-imports.mjs']);
// The Vitest files that spawn bin/strata.mjs then run the prebuilt CLI of the code under test.
gate('build-cli', 'node', ['scripts/build-cli.mjs', '--strict'], { alsoFor: ['unit'] });
vitest();
gate('build', 'astro', ['build']);
if (results.some((result) => result.name === 'build' && result.failed > 0)) {
  results.push({ name: 'e2e', passed: 0, failed: 1, skipped: 0, seconds: 0 });
} else {
  playwright();
}

const total = results.reduce(
  (sum, result) => ({
    passed: sum.passed + result.passed,
    failed: sum.failed + result.failed,
    skipped: sum.skipped + result.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log('\n━━ Summary');
for (const result of results) {
  const status = result.failed > 0 ? '✘' : '✔';
  console.log(
    `${status} ${result.name.padEnd(15)} ${String(result.passed).padStart(4)} passed ${String(result.failed).padStart(3)} failed ${String(result.skipped).padStart(3)} skipped  ${result.seconds.toFixed(1)}s`,
  );
}
if (failures.length > 0) {
  console.log('\nFailed:');
  for (const failure of failures) console.log(`  ${failure}`);
  console.log('');
}
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`);
process.exitCode = total.failed > 0 ? 1 : 0;
