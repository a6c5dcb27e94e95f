import type { GradeReport, TestResult } from '../../schemas/index.ts';
import type { FileMap } from '../exercise.ts';
import { describeTest } from '../failure.ts';
import { clipText, describeLine, lastLines } from './shared.ts';

export interface ExercismTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  message?: string;
  output?: string;
  test_code: string;
}

/** Exercism test-runner interface, `results.json` version 3. */
export interface ExercismResults {
  version: 3;
  status: 'pass' | 'fail' | 'error';
  message?: string;
  tests: ExercismTest[];
}

/** Exercism shows at most 500 characters of a test's output. */
const OUTPUT_LIMIT = 500;

/** Source of a test method, cut out of its (visible) test file by indentation. */
export function methodSource(files: FileMap, test: TestResult): string | null {
  const [, module] = test.id.split('.');
  const [cls, method] = test.name.split('.');
  const source = module ? files[`${module}.py`] : undefined;
  if (!source || !cls || !method) return null;
  const lines = source.split('\n');
  const classAt = lines.findIndex((line) => new RegExp(`^class\\s+${cls}\\b`).test(line));
  if (classAt === -1) return null;
  const defAt = lines.findIndex(
    (line, i) => i > classAt && new RegExp(`^\\s+(async\\s+)?def\\s+${method}\\b`).test(line),
  );
  if (defAt === -1) return null;
  const depth = (lines[defAt] ?? '').search(/\S/);
  let end = defAt + 1;
  while (end < lines.length) {
    const line = lines[end] ?? '';
    if (line.trim() !== '' && line.search(/\S/) <= depth) break;
    end++;
  }
  const body = lines.slice(defAt + 1, end);
  const bodyDepth = Math.min(...body.filter((l) => l.trim()).map((l) => l.search(/\S/)));
  return body
    .map((line) => line.slice(Number.isFinite(bodyDepth) ? bodyDepth : 0))
    .join('\n')
    .trim();
}

function status(test: TestResult): ExercismTest['status'] {
  if (test.status === 'pass') return 'pass';
  return test.status === 'fail' ? 'fail' : 'error';
}

/** Where a test method is defined: [file, line], for ordering tests as their file lists them. */
function definedAt(files: FileMap, test: TestResult): [string, number] | null {
  const [, module] = test.id.split('.');
  const method = test.name.split('.')[1];
  const file = module ? `${module}.py` : '';
  const source = files[file];
  if (!source || !method) return null;
  const line = source.split('\n').findIndex((text) => new RegExp(`^\\s+(async\\s+)?def\\s+${method}\\b`).test(text));
  return line === -1 ? null : [file, line];
}

/** Tests in the order their files define them (the harness runs them sorted by class and name). */
function inFileOrder(tests: TestResult[], sources: Record<'visible' | 'hidden', FileMap>): TestResult[] {
  const place = (test: TestResult, index: number) => {
    const at = definedAt(sources[test.suite], test);
    return { test, suite: test.suite === 'visible' ? 0 : 1, file: at?.[0] ?? '\uffff', line: at?.[1] ?? index };
  };
  return tests
    .map(place)
    .sort((a, b) => a.suite - b.suite || a.file.localeCompare(b.file) || a.line - b.line)
    .map(({ test }) => test);
}

// Frames of Strata's own runner (its files live in .strata/ beside the learner's) and of the Python
// installation, and the temporary folder a run used: noise to a learner, and not theirs to read.
const RUNNER_FRAME = /^ {2}File "(?:\/[^"]*|\.strata\/[^"]*|<frozen [^"]*>)", line \d+.*\n(?: {4}.*\n)*/gm;
const RUN_FOLDER = /\/tmp\/strata-run-[A-Za-z0-9]+\/?/g;

/** A message as Exercism shows it: without the runner's frames, paths or temporary folder. */
export function cleanMessage(text: string): string {
  return `${text}\n`.replace(RUNNER_FRAME, '').replace(RUN_FOLDER, '').trimEnd();
}

const SYNTAX_ERRORS = new Set(['SyntaxError', 'IndentationError', 'TabError']);

/**
 * Why the whole run is an error rather than a list of failures, as Exercism's `status: "error"`
 * means: the learner's code does not compile, every test errored (or ran out of time), or the
 * tests could not run at all. Null when the tests ran and their verdicts stand.
 */
function runError(report: GradeReport): string | null {
  if (report.tests.length === 0 && report.status === 'error') {
    return report.errors.join('\n') || 'the tests could not run';
  }
  const syntax = report.contracts.flatMap((c) => c.warnings).find((w) => /^syntax error in /i.test(w));
  const compileFailure = report.tests.find(
    (test) => test.failure?.phase === 'import' && SYNTAX_ERRORS.has(test.failure.exception),
  );
  if (syntax || compileFailure) {
    return `Your code does not compile: ${syntax ?? describeTest(compileFailure!)}`;
  }
  const ran = report.tests.filter((test) => test.status !== 'skipped');
  if (ran.length > 0 && ran.every((test) => test.status === 'error' || test.status === 'timeout')) {
    const first = ran.find((test) => test.suite === 'visible' && (test.failure || test.message)) ?? ran[0]!;
    const reason =
      first.suite === 'hidden' && !first.failure && !first.message ? 'see the tests below' : describe(first);
    return `Every test errored; the first: ${reason}`;
  }
  return null;
}

function describe(test: TestResult): string {
  const hidden = test.suite === 'hidden';
  const text = test.failure ? describeTest(test) : hidden ? lastLines(test.message, 3) : test.message;
  if (text.trim() === '' && hidden) {
    return `This hidden test ${test.status === 'timeout' ? 'ran out of time' : 'failed'}; its details stay with your instructor.`;
  }
  return cleanMessage(test.status === 'timeout' ? `Timed out: ${text}` : text);
}

/**
 * Exercism's test-runner interface, results.json version 3. Contracts come first (as tests named
 * "Contract: ..."), then the visible and the hidden tests in the order their files define them.
 * A skipped test counts as failed (the format has no skip status, and the grade does not count it
 * as passed either). `visibleTests` (the exercise's tests/ files) supplies `test_code`; hidden
 * tests never show theirs (`hiddenTests` only orders them).
 */
export function toExercism(
  report: GradeReport,
  visibleTests: FileMap = {},
  hiddenTests: FileMap = {},
): ExercismResults {
  const tests: ExercismTest[] = report.contracts.map((contract) => ({
    name: `Contract: ${contract.name}`,
    status: contract.kept ? 'pass' : 'fail',
    ...(contract.kept
      ? {}
      : {
          message:
            contract.violations
              .map((v) =>
                [
                  v.summary,
                  ...v.lines.map(
                    (l) => `  ${l.text !== undefined ? describeLine(l) : `${l.file}${l.line ? `:${l.line}` : ''}`}`,
                  ),
                ].join('\n'),
              )
              .join('\n') ||
            (contract.warnings.length > 0
              ? `The contract could not be checked: ${contract.warnings.join('\n')}`
              : 'broken'),
        }),
    test_code: `# import contract (${contract.type}) from the exercise's .importlinter`,
  }));
  for (const test of inFileOrder(report.tests, { visible: visibleTests, hidden: hiddenTests })) {
    const hidden = test.suite === 'hidden';
    const entry: ExercismTest = {
      name: test.description ? `${test.name}: ${test.description}` : test.name,
      status: status(test),
      test_code: hidden ? '# hidden test' : (methodSource(visibleTests, test) ?? `# ${test.id}`),
    };
    // Exercism shows the message to the student: the failure in plain words and where, when known.
    if (entry.status !== 'pass')
      entry.message = clipText(
        test.status === 'skipped' ? `Skipped: ${cleanMessage(test.message)}` : describe(test),
        65535,
      );
    if (test.output) entry.output = clipText(test.output.replace(RUN_FOLDER, ''), OUTPUT_LIMIT);
    tests.push(entry);
  }
  const error = runError(report);
  if (error !== null) return { version: 3, status: 'error', message: clipText(error, 65535), tests };
  const anyRan = report.tests.length > 0 || report.contracts.length > 0;
  const failed = tests.some((test) => test.status !== 'pass');
  return { version: 3, status: !anyRan || failed ? 'fail' : 'pass', tests };
}
