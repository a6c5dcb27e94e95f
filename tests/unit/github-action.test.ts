import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  classroomResult,
  gradeArgs,
  InputError,
  jobSummary,
  main,
  outputLines,
  readInputs,
} from '../../scripts/github-action.ts';
import type { ClassroomResult } from '../../scripts/github-action.ts';
import { makeReport, makeTest } from './grading/fixtures.ts';

// The composite action's script (action.yml runs scripts/github-action.ts), without `act`: its pure
// parts on fixture reports, and main() end to end on a real exercise with fake GitHub files.
const work = mkdtempSync(join(tmpdir(), 'strata-action-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** $GITHUB_OUTPUT's `name=value` lines as a map. */
function parseOutputs(lines: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of lines.trim().split('\n')) {
    const at = line.indexOf('=');
    outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return outputs;
}

const inputs = readInputs({ STRATA_EXERCISE: '01-import-side-effects' });
const report = makeReport();

describe('GitHub Action script', () => {
  it('reads its inputs with defaults, and names a bad one', () => {
    expect(inputs).toEqual({
      exercise: '01-import-side-effects',
      submission: '.',
      points: 100,
      hidden: true,
      sandbox: 'auto',
      siteUrl: null,
      reportDir: 'strata-report',
    });
    expect(() => readInputs({})).toThrow(new InputError('input "exercise" is required (an exercise id or folder)'));
    expect(() => readInputs({ STRATA_EXERCISE: 'x', STRATA_POINTS: 'ten' })).toThrow(/input "points"/);
    expect(() => readInputs({ STRATA_EXERCISE: 'x', STRATA_HIDDEN: 'yes' })).toThrow(
      /input "hidden" must be true or false/,
    );
    expect(() => readInputs({ STRATA_EXERCISE: 'x', STRATA_SANDBOX: 'off' })).toThrow(/input "sandbox"/);
  });

  it('passes the inputs to strata grade', () => {
    expect(gradeArgs(inputs, 'r.json')).toEqual([
      'grade',
      '01-import-side-effects',
      '.',
      '--format',
      'json',
      '--out',
      'r.json',
      '--unsafe-no-sandbox',
    ]);
    const strict = readInputs({
      STRATA_EXERCISE: 'ex',
      STRATA_SUBMISSION: 'work',
      STRATA_HIDDEN: 'false',
      STRATA_SANDBOX: 'require',
      STRATA_SITE_URL: 'https://course.example.org/',
    });
    expect(gradeArgs(strict, 'r.json').slice(2)).toEqual([
      'work',
      '--format',
      'json',
      '--out',
      'r.json',
      '--no-hidden',
      '--site-url',
      'https://course.example.org/',
    ]);
  });

  it('partial credit for GitHub Classroom: test scores add up to the score out of the points', () => {
    const result = classroomResult(report, 10);
    expect(result).toMatchObject({ version: 1, status: 'fail', max_score: 10 });
    expect(result.tests.reduce((sum, test) => sum + test.score, 0)).toBeCloseTo(6.5, 2);
    expect(result.tests.find((test) => test.name === 'Contract: Summary logic does no I/O')).toMatchObject({
      status: 'fail',
      score: 0,
      message: 'reports.summary -> reports.db',
    });
    expect(result.tests.find((test) => test.name === 'XTest.test_slow')).toMatchObject({ status: 'error', score: 0 });
    // A capped score (the checks alone would give more) scales every share down alike.
    const capped = classroomResult({ ...report, score: 50 }, 100);
    expect(capped.tests.reduce((sum, test) => sum + test.score, 0)).toBeCloseTo(50, 2);
    const passed = makeReport({ status: 'pass', score: 100, tests: [makeTest('visible', 'test_main', 'pass')] });
    expect(classroomResult(passed, 100).status).toBe('pass');
  });

  it('writes outputs the reporter can decode, and a job summary with one row per check', () => {
    const lines = outputLines(report, { ...inputs, points: 10 }, { json: 'a.json', junit: 'b.xml' });
    const outputs = parseOutputs(lines);
    expect(outputs).toMatchObject({ score: '65', status: 'fail', points: '6.5', 'max-points': '10', json: 'a.json' });
    const decoded = JSON.parse(Buffer.from(outputs.result ?? '', 'base64').toString('utf8')) as ClassroomResult;
    expect(decoded).toEqual(classroomResult(report, 10));
    const summary = jobSummary(makeReport({ tests: [makeTest('visible', 'test_a', 'fail', { name: 'A|B.test_a' })] }));
    expect(summary).toMatch(/^## Strata: 01-import-side-effects: 65 \/ 100 \(fail\)\n/);
    expect(summary).toContain('| ❌ | Summary logic does no I/O | contract | reports.summary -> reports.db |');
    expect(summary).toContain('| ❌ | A\\|B.test_a | visible | Expected 2, got 1. |');
  });

  it('action.yml passes every input the script reads and exposes every output it writes', () => {
    const action = readFileSync(resolve('action.yml'), 'utf8');
    const script = readFileSync(resolve('scripts/github-action.ts'), 'utf8');
    for (const [, name] of script.matchAll(/env\.(STRATA_[A-Z_]+)/g)) {
      if (name !== 'STRATA_BIN') expect(action).toContain(`${name}: \${{ inputs.`);
    }
    for (const name of Object.keys(parseOutputs(outputLines(report, inputs, { json: '', junit: '' })))) {
      expect(action).toContain(`value: \${{ steps.grade.outputs.${name} }}`);
    }
    expect(action).toContain('run: node "$GITHUB_ACTION_PATH/scripts/github-action.ts"');
    expect(action).toMatch(/^ {2}using: composite$/m);
  });

  it('the documented Classroom workflow hands the result to the reporter under the runner id it names', () => {
    const workflow = readFileSync(resolve('docs/examples/classroom.yml'), 'utf8');
    const id = /id: (\w+)\n\s+uses: OWNER\/strata@v1/.exec(workflow)?.[1] ?? '';
    expect(id).toMatch(/^[a-zA-Z0-9]+$/);
    expect(workflow).toContain(`${id.toUpperCase()}_RESULTS: \${{ steps.${id}.outputs.result }}`);
    expect(workflow).toMatch(new RegExp(`runners: ${id}\\n`));
  });

  it('main() grades a real exercise: report.json, junit.xml, the summary and outputs; exit 0', () => {
    const workspace = join(work, 'repo');
    cpSync(resolve('exercises/01-import-side-effects/starter'), join(workspace, 'my-work'), { recursive: true });
    const summaryFile = join(work, 'summary.md');
    const outputFile = join(work, 'output.txt');
    writeFileSync(summaryFile, '');
    writeFileSync(outputFile, '');
    const logged: string[] = [];
    const code = main(
      {
        ...process.env,
        STRATA_EXERCISE: resolve('exercises/01-import-side-effects'),
        STRATA_SUBMISSION: 'my-work',
        STRATA_POINTS: '20',
        GITHUB_WORKSPACE: workspace,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_OUTPUT: outputFile,
      },
      (text) => logged.push(text),
    );
    expect(logged.join('')).toMatch(/::warning title=Strata 01-import-side-effects::Score \d+(\.\d+)? \/ 100 \(fail\)/);
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(join(workspace, 'strata-report/report.json'), 'utf8')) as { score: number };
    expect(readFileSync(join(workspace, 'strata-report/junit.xml'), 'utf8')).toMatch(/^<\?xml[^]*<testsuites /);
    expect(readFileSync(summaryFile, 'utf8')).toContain(
      `## Strata: 01-import-side-effects: ${json.score} / 100 (fail)`,
    );
    expect(readFileSync(outputFile, 'utf8')).toContain(`\nscore=${json.score}\n`.slice(1));
    const failed = main({ ...process.env, STRATA_EXERCISE: 'no-such-exercise', GITHUB_WORKSPACE: workspace }, (text) =>
      logged.push(text),
    );
    expect(failed).toBe(1);
    expect(logged.at(-1)).toMatch(/^::error title=Strata could not grade no-such-exercise::.*not found/);
  });
});
