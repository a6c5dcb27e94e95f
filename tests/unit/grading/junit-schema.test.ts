import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toJUnit } from '../../../src/grading/index.ts';
import type { GradeReport } from '../../../src/schemas/index.ts';
import { makeReport, makeTest } from './fixtures.ts';

// The consumers' own schemas (reconstructed offline; see tests/schemas/junit/README.md).
const JENKINS = resolve('tests/schemas/junit/jenkins-xunit-junit-10.xsd');
const SUREFIRE = resolve('tests/schemas/junit/surefire-test-report-3.0.xsd');

const work = mkdtempSync(join(tmpdir(), 'strata-junit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let files = 0;
/** `xmllint --schema` on one document: its exit code and what it said. */
function xmllint(xml: string, schema: string): { code: number | null; said: string } {
  const file = join(work, `report-${++files}.xml`);
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { code: result.status, said: `${result.stdout}${result.stderr}` };
}

/** Surefire writes one `<testsuite>` per file, so each suite of the report is checked on its own. */
function suites(xml: string): string[] {
  return [...xml.matchAll(/<testsuite [\s\S]*?<\/testsuite>/g)].map(
    ([suite]) => `<?xml version="1.0" encoding="UTF-8"?>\n${suite}\n`,
  );
}

const base = makeReport();
const reports: [string, GradeReport][] = [
  ['a failing report with a broken contract, a failure and a timeout', base],
  [
    'every outcome, output with markup and control characters, a long run',
    makeReport({
      tests: [
        makeTest('visible', 'test_main', 'pass', { output: 'a <b> & "c"\u0007\u001b[0m', durationMs: 1_234_567.891 }),
        makeTest('visible', 'test_skip', 'skipped', { message: 'needs Python 3.12' }),
        makeTest('hidden', 'test_fail', 'fail', { output: 'printed' }),
        makeTest('hidden', 'test_err', 'error', { message: 'Traceback\nNameError: name "x" is not defined' }),
        makeTest('hidden', 'test_slow', 'timeout', { message: 'took longer than the 5s limit per test' }),
      ],
    }),
  ],
  [
    'a contract broken with a warning only',
    makeReport({
      contracts: [{ name: 'Layers', type: 'layers', kept: false, violations: [], warnings: ['no module "x"'] }],
    }),
  ],
  [
    'a submission that could not run at all',
    makeReport({ status: 'error', score: 0, contracts: [], tests: [], errors: ['SyntaxError'] }),
  ],
];

describe('JUnit XML against the consumers’ schemas (xmllint --schema)', () => {
  it.each(reports)('%s: valid against Jenkins xUnit junit-10.xsd', (_, report) => {
    const { code, said } = xmllint(toJUnit(report), JENKINS);
    expect(said).toContain('validates');
    expect(code).toBe(0);
  });

  it.each(reports)('%s: each suite valid against Surefire 3.0', (_, report) => {
    const xml = toJUnit(report);
    const parts = suites(xml);
    expect(parts).toHaveLength((xml.match(/<testsuite /g) ?? []).length);
    for (const suite of parts) {
      const { code, said } = xmllint(suite, SUREFIRE);
      expect(said).toContain('validates');
      expect(code).toBe(0);
    }
  });

  it('the schemas do catch what consumers reject: skipped on <testsuites>, a case without time, a failure without type', () => {
    const xml = toJUnit(base);
    const withSkipped = xml.replace('<testsuites ', '<testsuites skipped="0" ');
    const skipped = xmllint(withSkipped, JENKINS);
    expect(skipped.said).toContain("attribute 'skipped' is not allowed");
    expect(skipped.code).toBe(3);
    const [suite = ''] = suites(xml);
    const timeless = xmllint(suite.replace(/(<testcase [^>]*?) time="[^"]*"/, '$1'), SUREFIRE);
    expect(timeless.said).toContain("attribute 'time' is required");
    expect(timeless.code).toBe(3);
    const failing = suites(xml).find((s) => s.includes('<failure ')) ?? '';
    const typeless = xmllint(failing.replace(/ type="[^"]*">/, '>'), SUREFIRE);
    expect(typeless.said).toContain("attribute 'type' is required");
    expect(typeless.code).toBe(3);
  });
});
