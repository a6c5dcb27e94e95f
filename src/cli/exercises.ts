import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ExerciseError, gradeContracts, hintMatchesTest } from '../grading/index.ts';
import type { Exercise } from '../grading/index.ts';
import type { GradeReport } from '../schemas/index.ts';
import {
  findExercisesRoot,
  gradeWithLocalPython,
  listExerciseFolders,
  loadExercise,
  runPool,
} from '../runtime/node.ts';
import type { Command, CommandIO } from './command.ts';

interface CheckOutcome {
  id: string;
  problems: string[];
  warnings: string[];
  summary: string;
}

/** Drops what legitimately differs between two runs: timings and object addresses. */
function comparable(report: GradeReport): string {
  const normal = {
    ...report,
    durationMs: 0,
    tests: report.tests.map((test) => ({ ...test, durationMs: 0 })),
  };
  return JSON.stringify(normal).replace(/0x[0-9a-f]{6,}/g, '0x?');
}

function failingBits(report: GradeReport): string {
  const contracts = report.contracts.filter((c) => !c.kept).map((c) => `contract "${c.name}"`);
  const tests = report.tests
    .filter((t) => t.status !== 'pass' && t.status !== 'skipped')
    .map((t) => `${t.suite} ${t.name} (${t.status}: ${t.message.trim().split('\n').pop() ?? ''})`);
  return [...contracts, ...tests, ...report.errors].join('; ') || 'nothing';
}

/** What an untouched starter already earns credit for: the items to make worth less. */
function passingBits(report: GradeReport): string {
  const contracts = report.contracts.filter((c) => c.kept).map((c) => `contract "${c.name}"`);
  const tests = report.tests.filter((t) => t.status === 'pass').map((t) => `${t.suite} ${t.name}`);
  return `it passes ${[...contracts, ...tests].join(', ') || 'nothing'}`;
}

/** The `exercise:` of a lesson's front matter, if it has one. */
function lessonExercise(source: string): string | undefined {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1] ?? '';
  return /^exercise:\s*["']?([^"'\s]+)["']?\s*$/m.exec(front)?.[1];
}

async function grade(exercise: Exercise, which: 'solution' | 'starter'): Promise<GradeReport> {
  // Reference code from the repository is trusted: run it sandboxed when possible, plain otherwise.
  return gradeWithLocalPython({ exercise, files: exercise[which], unsafeNoSandbox: true });
}

async function checkExercise(root: string, folder: string): Promise<CheckOutcome> {
  const outcome: CheckOutcome = { id: folder, problems: [], warnings: [], summary: '' };
  let exercise: Exercise;
  try {
    exercise = await loadExercise(root, folder);
  } catch (error) {
    outcome.problems.push(error instanceof ExerciseError ? error.message : `${folder}: ${(error as Error).message}`);
    return outcome;
  }
  const where = `${folder}/exercise.json`;
  const lessons = join(dirname(root), 'content', 'lessons');
  if (existsSync(lessons)) {
    const lesson = join(lessons, `${exercise.meta.lesson}.mdx`);
    if (!existsSync(lesson)) {
      outcome.problems.push(`${where} (lesson): no lesson content/lessons/${exercise.meta.lesson}.mdx`);
    } else {
      // The site places an exercise by its lesson's order; the lesson's card names it back.
      const named = lessonExercise(readFileSync(lesson, 'utf8'));
      if (named !== exercise.meta.id) {
        outcome.problems.push(
          `${where} (lesson): content/lessons/${exercise.meta.lesson}.mdx names ` +
            `${named ? `exercise ${named}` : 'no exercise'} in its front matter (exercise:), not ${exercise.meta.id}`,
        );
      }
    }
  }
  try {
    gradeContracts(exercise, exercise.solution);
  } catch (error) {
    outcome.problems.push(`${folder}/${exercise.contracts.path}: ${(error as Error).message}`);
    return outcome;
  }
  const [first, second, starter] = [
    await grade(exercise, 'solution'),
    await grade(exercise, 'solution'),
    await grade(exercise, 'starter'),
  ];
  if (first.score !== 100)
    outcome.problems.push(`${folder}/solution/ scores ${first.score}%, not 100%: ${failingBits(first)}`);
  if (comparable(first) !== comparable(second)) {
    outcome.problems.push(`${folder}/solution/: two runs gave different results (is a test order- or time-dependent?)`);
  }
  const starterFails =
    starter.contracts.some((c) => !c.kept) || starter.tests.some((t) => t.suite === 'hidden' && t.status !== 'pass');
  if (!starterFails)
    outcome.problems.push(`${folder}/starter/ already keeps every contract and passes every hidden test`);
  const ceiling = exercise.meta.starterCeiling;
  if (starter.score > ceiling) {
    outcome.problems.push(
      `${folder}/starter/ scores ${starter.score}% untouched, above the ceiling of ${ceiling}% (${where}, starterCeiling): ` +
        `give less weight to what the starter already gets right (${passingBits(starter)})`,
    );
  }
  // A writes-contracts exercise's hidden part is its hidden projects, graded as contracts.
  if (first.parts.hidden.total === 0 && !exercise.meta.writesContracts)
    outcome.warnings.push(`${folder}/hidden/ has no tests`);
  const contractNames = new Set(first.contracts.map((c) => c.name));
  // Hints and essentials name tests (by pattern) and contracts the same way: each must exist.
  const named = [
    ...exercise.meta.hints.map((entry, index) => ({ field: `hints.${index}`, entry })),
    ...exercise.meta.essentials.map((entry, index) => ({ field: `essentials.${index}`, entry })),
  ];
  for (const { field, entry } of named) {
    for (const pattern of entry.tests) {
      if (!first.tests.some((test) => hintMatchesTest(pattern, test))) {
        outcome.problems.push(`${where} (${field}.tests): "${pattern}" matches no test`);
      }
    }
    for (const name of entry.contracts) {
      if (!contractNames.has(name)) outcome.problems.push(`${where} (${field}.contracts): no contract named "${name}"`);
    }
  }
  outcome.summary = `solution ${first.score}%, starter ${starter.score}% (${first.tests.length} tests, ${first.contracts.length} contracts)`;
  return outcome;
}

async function check(args: string[], io: CommandIO): Promise<number> {
  // Strict: an option it does not know (a typo such as --josn) is an error, not an exercise id.
  const ids = parseArgs({ args, allowPositionals: true, options: {} }).positionals;
  const root = findExercisesRoot(io.cwd);
  const all = await listExerciseFolders(root);
  const unknown = ids.filter((id) => !all.includes(id));
  if (unknown.length > 0) {
    io.stderr(`strata exercises check: no exercise ${unknown.map((id) => `"${id}"`).join(', ')} in ${root}\n`);
    return 2;
  }
  const folders = ids.length > 0 ? ids : all;
  const results = await runPool(folders, availableParallelism(), (folder) => checkExercise(root, folder));
  let failed = 0;
  results.forEach((result, index) => {
    const folder = folders[index] ?? '?';
    if (result.status === 'rejected') {
      failed++;
      io.stdout(`FAIL ${folder}\n  ${(result.reason as Error)?.message ?? String(result.reason)}\n`);
      return;
    }
    const outcome = result.value;
    if (outcome.problems.length > 0) failed++;
    io.stdout(
      `${outcome.problems.length > 0 ? 'FAIL' : 'ok  '} ${outcome.id}${outcome.summary ? `  ${outcome.summary}` : ''}\n`,
    );
    for (const problem of outcome.problems) io.stdout(`  - ${problem}\n`);
    for (const warning of outcome.warnings) io.stdout(`  warning: ${warning}\n`);
  });
  io.stdout(`${folders.length - failed}/${folders.length} exercises pass the check\n`);
  return failed > 0 ? 1 : 0;
}

async function list(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const root = findExercisesRoot(io.cwd);
  const rows: string[][] = [];
  const broken: string[] = [];
  const json: unknown[] = [];
  for (const folder of await listExerciseFolders(root)) {
    try {
      const { meta } = await loadExercise(root, folder);
      rows.push([meta.id, meta.lesson, meta.difficulty, `${meta.minutes} min`, meta.title]);
      json.push({
        id: meta.id,
        title: meta.title,
        lesson: meta.lesson,
        difficulty: meta.difficulty,
        minutes: meta.minutes,
      });
    } catch (error) {
      broken.push((error as Error).message);
    }
  }
  if (values.json) io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  else {
    const widths = [0, 1, 2, 3].map((col) => Math.max(...rows.map((row) => (row[col] ?? '').length), 0));
    for (const row of rows)
      io.stdout(`${row.map((cell, col) => (col < 4 ? cell.padEnd(widths[col] ?? 0) : cell)).join('  ')}\n`);
  }
  for (const message of broken) io.stderr(`strata exercises: ${message}\n`);
  return broken.length > 0 ? 1 : 0;
}

export const exercisesCommand: Command = {
  name: 'exercises',
  summary: 'List the exercises, or check that each is well-formed and gradable',
  usage: [
    'strata exercises list [--json]',
    '       strata exercises check [ID...]',
    '',
    'check: the metadata is valid, the solution scores 100%, the starter fails at least one hidden',
    'test or contract and scores at most its ceiling (starterCeiling, default 40%), two runs give',
    'identical results, and hints name real tests and contracts.',
  ].join('\n'),
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'list') return list(rest, io);
    if (sub === 'check') return check(rest, io);
    io.stderr(`strata exercises: expected "list" or "check"\nUsage: ${exercisesCommand.usage}\n`);
    return 2;
  },
};
