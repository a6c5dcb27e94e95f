import { writeFile, readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatText,
  gradebookCsv,
  gradebookRow,
  toExercism,
  toGradescope,
  toJUnit,
  withAbsoluteLinks,
} from '../grading/index.ts';
import type { Exercise, HarnessLimits } from '../grading/index.ts';
import type { GradeReport } from '../schemas/index.ts';
import type { LoadedSubmission } from '../runtime/node.ts';
import {
  detectSandbox,
  gradeWithLocalPython,
  readSubmission,
  resolveExercise,
  runPool,
  SandboxPool,
  SandboxUnavailableError,
  SubmissionError,
} from '../runtime/node.ts';
import type { Command, CommandIO } from './command.ts';
import { takeWarmPool } from './grade-warm.ts';

const FORMATS = ['text', 'json', 'gradescope', 'exercism', 'junit'] as const;
type Format = (typeof FORMATS)[number];

interface GradeArgs {
  positional: string[];
  format: Format;
  hidden: boolean;
  /** Keep hidden tests' messages and output in the report (for instructors; never hand it to a learner). */
  instructor: boolean;
  unsafeNoSandbox: boolean;
  batch: string | null;
  out: string | null;
  jobs: number;
  /** The course's address: lesson links in the report become absolute (Gradescope, CI logs). */
  siteUrl: string | null;
  /** Gradebook CSV for Excel: a UTF-8 byte order mark first, so names with accents open right. */
  excel: boolean;
  /** Seconds the whole grade may take (Exercism stops a run at 20 s): the test limits shrink to fit. */
  timeLimit: number | null;
}

class UsageError extends Error {}

function positiveNumber(flag: string, text: string | undefined, whole: boolean): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value))) {
    throw new UsageError(`--${flag} must be a positive ${whole ? 'whole ' : ''}number (got "${text}")`);
  }
  return value;
}

function parseGradeArgs(args: string[]): GradeArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'no-hidden': { type: 'boolean', default: false },
        instructor: { type: 'boolean', default: false },
        'unsafe-no-sandbox': { type: 'boolean', default: false },
        batch: { type: 'string' },
        out: { type: 'string' },
        jobs: { type: 'string' },
        'site-url': { type: 'string' },
        excel: { type: 'boolean', default: false },
        'time-limit': { type: 'string' },
      },
    });
  } catch (error) {
    // node:util names the option and what was wrong with it ("Unknown option '--formt'"); its advice
    // about positionals that start with '-' does not apply to file names here.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument[\s\S]*$/, ''));
  }
  const { values, positionals } = parsed;
  if (!(FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}")`);
  }
  for (const flag of ['batch', 'out', 'site-url'] as const) {
    if (values[flag] === '') throw new UsageError(`--${flag} needs a value`);
  }
  let siteUrl: string | null = null;
  if (values['site-url'] !== undefined) {
    if (!URL.canParse(values['site-url']) || !/^https?:$/.test(new URL(values['site-url']).protocol)) {
      throw new UsageError(
        `--site-url must be an http(s) address such as https://course.example.org/ (got "${values['site-url']}")`,
      );
    }
    siteUrl = values['site-url'];
  }
  return {
    positional: positionals,
    format: values.format as Format,
    hidden: !values['no-hidden'],
    instructor: values.instructor,
    unsafeNoSandbox: values['unsafe-no-sandbox'],
    batch: values.batch ?? null,
    out: values.out ?? null,
    jobs: positiveNumber('jobs', values.jobs, true) ?? availableParallelism(),
    siteUrl,
    excel: values.excel,
    timeLimit: positiveNumber('time-limit', values['time-limit'], false),
  };
}

/**
 * Test limits that keep the whole grade inside `seconds`: the harness gives each suite (visible,
 * hidden) its own total, and starting Python in the sandbox takes a moment of its own.
 */
export function limitsWithin(seconds: number, exercise: Exercise, hidden: boolean): Partial<HarnessLimits> {
  const suites =
    (Object.keys(exercise.tests).length > 0 ? 1 : 0) + (hidden && Object.keys(exercise.hidden).length > 0 ? 1 : 0);
  const { testSeconds, totalSeconds } = exercise.meta.limits;
  const perSuite = Math.max(1, (seconds - START_SECONDS) / Math.max(1, suites));
  return { totalSeconds: Math.min(totalSeconds, perSuite), testSeconds: Math.min(testSeconds, perSuite) };
}

/** What booting the runtime, the contracts and writing the report take, kept out of a --time-limit. */
const START_SECONDS = 3;

export function formatReport(report: GradeReport, format: Format, exercise: Exercise): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'gradescope':
      return `${JSON.stringify(toGradescope(report), null, 2)}\n`;
    case 'exercism':
      return `${JSON.stringify(toExercism(report, exercise.tests, exercise.hidden), null, 2)}\n`;
    case 'junit':
      return toJUnit(report);
    default:
      return formatText(report, { title: exercise.meta.title });
  }
}

function sandboxRefusal(reason: string): string {
  return [
    `refusing to run hidden tests without a sandbox: ${reason}.`,
    'Hidden tests execute the submission, which is untrusted code. Either install bubblewrap,',
    'grade only the visible tests with --no-hidden, or pass --unsafe-no-sandbox if you trust the code.',
  ].join('\n');
}

/** One submission graded as the options ask, with the reader's notes and absolute links. */
async function grade(
  args: GradeArgs,
  exercise: Exercise,
  submission: LoadedSubmission,
  pool: SandboxPool,
): Promise<GradeReport> {
  const report = await gradeWithLocalPython({
    pool,
    exercise,
    files: submission.files,
    refused: submission.refused,
    hidden: args.hidden,
    audience: args.instructor ? 'instructor' : 'learner',
    unsafeNoSandbox: args.unsafeNoSandbox,
    harnessLimits: args.timeLimit === null ? undefined : limitsWithin(args.timeLimit, exercise, args.hidden),
  });
  if (submission.skipped.length > 0) report.errors.unshift(`submission: skipped ${submission.skipped.join(', ')}`);
  return args.siteUrl ? withAbsoluteLinks(report, args.siteUrl) : report;
}

async function gradeOne(args: GradeArgs, io: CommandIO, pool: SandboxPool): Promise<number> {
  const [exerciseArg, submissionArg, extra] = args.positional;
  if (!exerciseArg || !submissionArg || extra) throw new UsageError('expected EXERCISE and SUBMISSION');
  const exercise = await resolveExercise(exerciseArg, io.cwd);
  let submission;
  try {
    submission = await readSubmission(resolve(io.cwd, submissionArg));
  } catch (error) {
    if (error instanceof SubmissionError) {
      io.stderr(`strata grade: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const report = await grade(args, exercise, submission, pool);
  if (!report.runtime.sandboxed) io.stderr('strata grade: warning: the submission ran without a sandbox\n');
  const text = formatReport(report, args.format, exercise);
  if (args.out) await writeFile(resolve(io.cwd, args.out), text);
  else io.stdout(text);
  return report.status === 'pass' ? 0 : 1;
}

function progressBar(done: number, total: number, startedMs: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const seconds = (performance.now() - startedMs) / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)}/s`;
}

async function gradeBatch(args: GradeArgs, io: CommandIO, pool: SandboxPool): Promise<number> {
  const [exerciseArg, extra] = args.positional;
  if (!exerciseArg || extra || !args.batch) throw new UsageError('expected EXERCISE --batch DIR --out gradebook.csv');
  const exercise = await resolveExercise(exerciseArg, io.cwd);
  const dir = resolve(io.cwd, args.batch);
  const out = resolve(io.cwd, args.out ?? 'gradebook.csv');
  if (args.hidden && !args.unsafeNoSandbox) {
    const sandbox = detectSandbox();
    if (!sandbox.available) {
      io.stderr(`strata grade: ${sandboxRefusal(sandbox.reason ?? 'unknown reason')}\n`);
      return 2;
    }
  }
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter(
      (entry) =>
        (entry.isDirectory() && !entry.name.startsWith('.')) ||
        (entry.isFile() && entry.name.toLowerCase().endsWith('.zip')),
    )
    .map((entry) => entry.name)
    .sort();
  if (entries.length === 0) {
    io.stderr(`strata grade: ${dir} holds no submissions (folders or .zip files)\n`);
    return 2;
  }
  pool.expect(entries.length);
  const started = performance.now();
  const tty = (process.stderr as { isTTY?: boolean }).isTTY === true;
  let lastDecile = -1;
  const settled = await runPool(
    entries,
    args.jobs,
    async (name) => {
      return grade(args, exercise, await readSubmission(join(dir, name)), pool);
    },
    (done, total) => {
      const decile = Math.floor((done / total) * 10);
      if (tty) io.stderr(`\r${progressBar(done, total, started)}`);
      else if (decile !== lastDecile || done === total) io.stderr(`${progressBar(done, total, started)}\n`);
      lastDecile = decile;
    },
  );
  if (tty) io.stderr('\n');
  const rows: string[] = [];
  let failures = 0;
  settled.forEach((result, index) => {
    const learner = (entries[index] ?? '').replace(/\.zip$/i, '');
    if (result.status === 'fulfilled') {
      // Graded, but its tests could not run (the harness failed): not a grade to record as final.
      if (result.value.status === 'error') failures++;
      rows.push(gradebookRow(learner, result.value));
    } else {
      failures++;
      const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
      rows.push(gradebookRow(learner, null, reason));
    }
  });
  await writeFile(out, gradebookCsv(rows, { excel: args.excel }));
  const seconds = (performance.now() - started) / 1000;
  io.stderr(
    `strata grade: graded ${entries.length - failures}/${entries.length} submissions in ${seconds.toFixed(1)} s` +
      `${failures ? ` (${failures} could not be graded, see the notes column)` : ''}; wrote ${out}\n`,
  );
  // A gradebook with a hole in it must not look like a finished run to a script or a CI job.
  return failures > 0 ? 2 : 0;
}

export const gradeCommand: Command = {
  name: 'grade',
  summary: 'Grade a submission (folder or .zip) against an exercise, or a folder of them with --batch',
  usage: [
    'strata grade EXERCISE SUBMISSION [--format text|json|gradescope|exercism|junit] [--out FILE] [--no-hidden]',
    '             [--instructor] [--unsafe-no-sandbox] [--site-url URL] [--time-limit SECONDS]',
    '       strata grade EXERCISE --batch DIR [--out gradebook.csv] [--excel] [--jobs N] [--no-hidden] [--instructor]',
    '             [--unsafe-no-sandbox] [--site-url URL] [--time-limit SECONDS]',
    '',
    'EXERCISE is an exercise id (01-import-side-effects) or folder. Exit code: 0 full marks, 1 graded',
    'below full marks (--batch: every submission graded), 2 could not grade (--batch: one or more',
    'submissions). Hidden tests run only inside the locked-down sandbox unless --unsafe-no-sandbox.',
    "A report shows a verdict per hidden test and the exercise's hints; --instructor keeps the hidden",
    "tests' messages and output too (a report for instructors: never hand it to a learner).",
    '--site-url makes lesson links absolute (https://course.example.org/); --time-limit caps the whole',
    'grade, shrinking the test limits to fit (Exercism allows 20 s); --excel starts the CSV with a BOM.',
  ].join('\n'),
  async run(args, io) {
    let parsed: GradeArgs;
    // A one-submission grade's sandbox usually started before this module loaded (grade-warm.ts).
    let pool: SandboxPool | null = takeWarmPool(args);
    try {
      parsed = parseGradeArgs(args);
      // The first submission's sandbox starts now (if it has not) and imports the harness while
      // the exercise and the submission are read and the contracts checked; in a batch, each
      // worker's next one starts while its current one runs. Each sandbox grades one submission
      // (sandbox-process.ts).
      if (parsed.batch) {
        pool?.close();
        pool = new SandboxPool({ size: parsed.jobs, compiled: true });
      }
      pool ??= new SandboxPool({ size: 1, total: 1 });
      pool.fill();
      return await (parsed.batch ? gradeBatch(parsed, io, pool) : gradeOne(parsed, io, pool));
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr(`strata grade: ${error.message}\nUsage: ${gradeCommand.usage}\n`);
        return 2;
      }
      if (error instanceof SandboxUnavailableError) {
        io.stderr(`strata grade: ${sandboxRefusal(error.reason)}\n`);
        return 2;
      }
      throw error;
    } finally {
      pool?.close();
    }
  },
};
