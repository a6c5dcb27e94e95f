import { writeFile, readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { GRADEBOOK_HEADER, formatText, gradebookRow, toExercism, toGradescope, toJUnit } from '../grading/index.ts';
import type { Exercise } from '../grading/index.ts';
import type { GradeReport } from '../schemas/index.ts';
import {
  detectSandbox,
  gradeWithLocalPython,
  readSubmission,
  resolveExercise,
  runPool,
  SandboxUnavailableError,
  SubmissionError,
} from '../runtime/node.ts';
import type { Command, CommandIO } from './command.ts';

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
}

class UsageError extends Error {}

function parseArgs(args: string[]): GradeArgs {
  const parsed: GradeArgs = {
    positional: [],
    format: 'text',
    hidden: true,
    instructor: false,
    unsafeNoSandbox: false,
    batch: null,
    out: null,
    jobs: availableParallelism(),
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined || next === '') throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--format': {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format)) {
          throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
        }
        parsed.format = format as Format;
        break;
      }
      case '--no-hidden':
        parsed.hidden = false;
        break;
      case '--instructor':
        parsed.instructor = true;
        break;
      case '--unsafe-no-sandbox':
        parsed.unsafeNoSandbox = true;
        break;
      case '--batch':
        parsed.batch = value();
        break;
      case '--out':
        parsed.out = value();
        break;
      case '--jobs': {
        const jobs = Number(value());
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs must be a positive whole number');
        parsed.jobs = jobs;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        parsed.positional.push(arg);
    }
  }
  return parsed;
}

export function formatReport(report: GradeReport, format: Format, exercise: Exercise): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'gradescope':
      return `${JSON.stringify(toGradescope(report), null, 2)}\n`;
    case 'exercism':
      return `${JSON.stringify(toExercism(report, exercise.tests), null, 2)}\n`;
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

async function gradeOne(args: GradeArgs, io: CommandIO): Promise<number> {
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
  const report = await gradeWithLocalPython({
    exercise,
    files: submission.files,
    refused: submission.refused,
    hidden: args.hidden,
    audience: args.instructor ? 'instructor' : 'learner',
    unsafeNoSandbox: args.unsafeNoSandbox,
  });
  if (submission.skipped.length > 0) {
    report.errors.unshift(`submission: skipped ${submission.skipped.join(', ')}`);
  }
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

async function gradeBatch(args: GradeArgs, io: CommandIO): Promise<number> {
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
  const started = performance.now();
  const tty = (process.stderr as { isTTY?: boolean }).isTTY === true;
  let lastDecile = -1;
  const settled = await runPool(
    entries,
    args.jobs,
    async (name) => {
      const submission = await readSubmission(join(dir, name));
      const report = await gradeWithLocalPython({
        exercise,
        files: submission.files,
        refused: submission.refused,
        hidden: args.hidden,
        audience: args.instructor ? 'instructor' : 'learner',
        unsafeNoSandbox: args.unsafeNoSandbox,
      });
      if (submission.skipped.length > 0) report.errors.unshift(`submission: skipped ${submission.skipped.join(', ')}`);
      return report;
    },
    (done, total) => {
      const decile = Math.floor((done / total) * 10);
      if (tty) io.stderr(`\r${progressBar(done, total, started)}`);
      else if (decile !== lastDecile || done === total) io.stderr(`${progressBar(done, total, started)}\n`);
      lastDecile = decile;
    },
  );
  if (tty) io.stderr('\n');
  const rows = [GRADEBOOK_HEADER.join(',')];
  let failures = 0;
  settled.forEach((result, index) => {
    const learner = (entries[index] ?? '').replace(/\.zip$/i, '');
    if (result.status === 'fulfilled') rows.push(gradebookRow(learner, result.value));
    else {
      failures++;
      const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
      rows.push(gradebookRow(learner, null, reason));
    }
  });
  await writeFile(out, `${rows.join('\n')}\n`);
  const seconds = (performance.now() - started) / 1000;
  io.stderr(
    `strata grade: graded ${entries.length - failures}/${entries.length} submissions in ${seconds.toFixed(1)} s` +
      `${failures ? ` (${failures} could not be graded, see the notes column)` : ''}; wrote ${out}\n`,
  );
  return 0;
}

export const gradeCommand: Command = {
  name: 'grade',
  summary: 'Grade a submission (folder or .zip) against an exercise, or a folder of them with --batch',
  usage: [
    'strata grade EXERCISE SUBMISSION [--format text|json|gradescope|exercism|junit] [--no-hidden] [--instructor] [--unsafe-no-sandbox] [--out FILE]',
    '       strata grade EXERCISE --batch DIR [--out gradebook.csv] [--jobs N] [--no-hidden] [--instructor] [--unsafe-no-sandbox]',
    '',
    'EXERCISE is an exercise id (01-import-side-effects) or folder. Exit code: 0 full marks, 1 graded',
    'below full marks, 2 could not grade. Hidden tests run only inside the locked-down sandbox unless',
    "--unsafe-no-sandbox. A report shows a verdict per hidden test and the exercise's hints; --instructor",
    "keeps the hidden tests' messages and output too (a report for instructors: never hand it to a learner).",
  ].join('\n'),
  async run(args, io) {
    let parsed: GradeArgs;
    try {
      parsed = parseArgs(args);
      return await (parsed.batch ? gradeBatch(parsed, io) : gradeOne(parsed, io));
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
    }
  },
};
