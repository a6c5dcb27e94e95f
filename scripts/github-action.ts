// The script of the composite GitHub Action in action.yml: grades one exercise with `strata grade`,
// writes the JSON and JUnit reports, a job summary, and the step's outputs (the score, and the
// `result` GitHub Classroom's autograding-grading-reporter reads for partial credit).
//   node scripts/github-action.ts   (inputs come as STRATA_* environment variables, see readInputs)
// The pure parts are exported for tests/unit/github-action.test.ts; main() runs only as a script.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJUnit } from '../src/grading/index.ts';
import type { GradeReport } from '../src/schemas/index.ts';

export interface ActionInputs {
  exercise: string;
  submission: string;
  /** What full marks are worth in GitHub Classroom (the reporter's max_score). */
  points: number;
  hidden: boolean;
  /** `require`: refuse to grade hidden tests without the sandbox; `auto`: use it when it starts. */
  sandbox: 'auto' | 'require';
  siteUrl: string | null;
  reportDir: string;
}

export class InputError extends Error {}

/** The action's inputs, from the environment action.yml sets; a bad one names itself. */
export function readInputs(env: Record<string, string | undefined>): ActionInputs {
  const exercise = env.STRATA_EXERCISE?.trim() ?? '';
  if (!exercise) throw new InputError('input "exercise" is required (an exercise id or folder)');
  const points = Number(env.STRATA_POINTS ?? '100');
  if (!Number.isFinite(points) || points <= 0) {
    throw new InputError(`input "points" must be a positive number (got "${env.STRATA_POINTS}")`);
  }
  const flag = (name: string, value: string | undefined, fallback: boolean) => {
    const text = (value ?? '').trim().toLowerCase();
    if (text === '') return fallback;
    if (text === 'true' || text === 'false') return text === 'true';
    throw new InputError(`input "${name}" must be true or false (got "${value}")`);
  };
  const sandbox = (env.STRATA_SANDBOX ?? 'auto').trim() || 'auto';
  if (sandbox !== 'auto' && sandbox !== 'require') {
    throw new InputError(`input "sandbox" must be auto or require (got "${sandbox}")`);
  }
  return {
    exercise,
    submission: env.STRATA_SUBMISSION?.trim() || '.',
    points,
    hidden: flag('hidden', env.STRATA_HIDDEN, true),
    sandbox,
    siteUrl: env.STRATA_SITE_URL?.trim() || null,
    reportDir: env.STRATA_REPORT_DIR?.trim() || 'strata-report',
  };
}

/** `strata grade` arguments for one run that writes the JSON report. */
export function gradeArgs(inputs: ActionInputs, jsonPath: string): string[] {
  return [
    'grade',
    inputs.exercise,
    inputs.submission,
    '--format',
    'json',
    '--out',
    jsonPath,
    ...(inputs.hidden ? [] : ['--no-hidden']),
    ...(inputs.sandbox === 'auto' ? ['--unsafe-no-sandbox'] : []),
    ...(inputs.siteUrl ? ['--site-url', inputs.siteUrl] : []),
  ];
}

const ICON: Record<string, string> = { pass: '✅', fail: '❌', error: '⚠️', timeout: '⏱️', skipped: '⏭️' };

/** Markdown cells hold one line, and a `|` would end the cell. */
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .slice(0, 300);
}

/** The job summary: the score, one row per contract and test, the hints and notes. */
export function jobSummary(report: GradeReport): string {
  const lines = [
    `## Strata: ${report.exercise}: ${report.score} / 100 (${report.status})`,
    '',
    '| | Check | Part | Details |',
    '|---|---|---|---|',
  ];
  for (const contract of report.contracts) {
    const why = contract.violations[0]?.summary ?? contract.warnings[0] ?? '';
    lines.push(
      `| ${contract.kept ? ICON.pass : ICON.fail} | ${cell(contract.name)} | contract | ${contract.kept ? '' : cell(why)} |`,
    );
  }
  for (const test of report.tests) {
    const details =
      test.status === 'pass' ? '' : (test.failure?.summary ?? test.message.trim().split('\n').at(-1) ?? '');
    lines.push(`| ${ICON[test.status] ?? ''} | ${cell(test.name)} | ${test.suite} | ${cell(details)} |`);
  }
  const hints = [...new Set(report.feedback.map((item) => `- ${cell(item.text)} ([lesson](${item.href}))`))];
  if (hints.length > 0) lines.push('', '### Hints', '', ...hints);
  if (report.errors.length > 0) lines.push('', '### Notes', '', ...report.errors.map((error) => `- ${cell(error)}`));
  return `${lines.join('\n')}\n`;
}

/** One test of the result GitHub Classroom's autograding-grading-reporter reads. */
export interface ClassroomTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  message: string;
}

/** The reporter's input: it awards the sum of the tests' `score` out of `max_score`. */
export interface ClassroomResult {
  version: 1;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: ClassroomTest[];
}

/**
 * Partial credit for GitHub Classroom: each contract and test is worth its share of its part's
 * weight, scaled so the tests add up to the report's score out of `points` (a capped score scales
 * every share down alike).
 */
export function classroomResult(report: GradeReport, points: number): ClassroomResult {
  const share = (part: 'contracts' | 'visible' | 'hidden') =>
    report.parts[part].total > 0 ? report.parts[part].weight / report.parts[part].total : 0;
  const raw: ClassroomTest[] = [
    ...report.contracts.map((contract) => ({
      name: `Contract: ${contract.name}`,
      status: contract.kept ? ('pass' as const) : ('fail' as const),
      score: contract.kept ? share('contracts') : 0,
      message: contract.kept ? '' : (contract.violations[0]?.summary ?? contract.warnings[0] ?? 'broken'),
    })),
    ...report.tests.map((test) => ({
      name: test.name,
      status:
        test.status === 'pass' ? ('pass' as const) : test.status === 'fail' ? ('fail' as const) : ('error' as const),
      score: test.status === 'pass' ? share(test.suite) : 0,
      message: test.status === 'pass' ? '' : (test.failure?.summary ?? test.message.trim().split('\n').at(-1) ?? ''),
    })),
  ];
  const earned = raw.reduce((sum, test) => sum + test.score, 0);
  const scale = earned > 0 ? ((report.score / earned) * points) / 100 : 0;
  const tests = raw.map((test) => ({ ...test, score: Math.round(test.score * scale * 1000) / 1000 }));
  return {
    version: 1,
    status: report.status === 'pass' ? 'pass' : report.status === 'error' ? 'error' : 'fail',
    max_score: points,
    tests,
  };
}

/** The step's outputs, in $GITHUB_OUTPUT's `name=value` lines. */
export function outputLines(report: GradeReport, inputs: ActionInputs, paths: { json: string; junit: string }): string {
  const result = classroomResult(report, inputs.points);
  const values: Record<string, string | number> = {
    score: report.score,
    status: report.status,
    points: Math.round(((report.score * inputs.points) / 100) * 1000) / 1000,
    'max-points': inputs.points,
    result: Buffer.from(JSON.stringify(result)).toString('base64'),
    json: paths.json,
    junit: paths.junit,
  };
  return Object.entries(values)
    .map(([name, value]) => `${name}=${value}\n`)
    .join('');
}

/** Runs the action: exit code 0 when graded (whatever the score), 1 when it could not grade. */
export function main(env: Record<string, string | undefined>, log: (text: string) => void): number {
  let inputs: ActionInputs;
  try {
    inputs = readInputs(env);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    log(`::error title=Strata::${error.message}\n`);
    return 1;
  }
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const reportDir = resolve(workspace, inputs.reportDir);
  mkdirSync(reportDir, { recursive: true });
  const json = join(reportDir, 'report.json');
  const junit = join(reportDir, 'junit.xml');
  // A report left by an earlier run must not pass for this one's.
  rmSync(json, { force: true });
  rmSync(junit, { force: true });
  const bin = env.STRATA_BIN ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'strata.mjs');
  const run = spawnSync(process.execPath, [bin, ...gradeArgs(inputs, json)], {
    cwd: workspace,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  log(run.stderr);
  let report: GradeReport;
  try {
    report = JSON.parse(readFileSync(json, 'utf8')) as GradeReport;
  } catch {
    const why = run.stderr.trim().split('\n').at(-1) ?? `strata grade exited with ${run.status}`;
    log(`::error title=Strata could not grade ${inputs.exercise}::${why}\n`);
    return 1;
  }
  writeFileSync(junit, toJUnit(report));
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, jobSummary(report));
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, outputLines(report, inputs, { json, junit }));
  const level = report.status === 'pass' ? 'notice' : 'warning';
  log(`::${level} title=Strata ${report.exercise}::Score ${report.score} / 100 (${report.status})\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.env, (text) => process.stdout.write(text));
}
