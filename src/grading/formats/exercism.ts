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

/**
 * Contracts come first (as tests named "Contract: ..."), then visible and hidden tests, in the
 * order they run. A skipped test counts as failed (the format has no skip status, and the grade
 * does not count it as passed either). `visibleTests`
 * (the exercise's tests/ files) supplies `test_code`; hidden tests never show theirs.
 */
export function toExercism(report: GradeReport, visibleTests: FileMap = {}): ExercismResults {
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
            contract.warnings.join('\n') ||
            'broken',
        }),
    test_code: `# import contract (${contract.type}) from the exercise's .importlinter`,
  }));
  for (const test of report.tests) {
    const hidden = test.suite === 'hidden';
    const entry: ExercismTest = {
      name: test.description ? `${test.name}: ${test.description}` : test.name,
      status: status(test),
      test_code: hidden ? '# hidden test' : (methodSource(visibleTests, test) ?? `# ${test.id}`),
    };
    if (entry.status !== 'pass') {
      // Exercism shows the message to the student: the failure in plain words and where, when known.
      const message = test.failure ? describeTest(test) : hidden ? lastLines(test.message, 3) : test.message;
      entry.message = clipText(test.status === 'timeout' ? `Timed out: ${message}` : message, 65535);
    }
    if (test.output) entry.output = clipText(test.output, OUTPUT_LIMIT);
    tests.push(entry);
  }
  const anyRan = report.tests.length > 0 || report.contracts.length > 0;
  if (report.status === 'error' && report.tests.length === 0) {
    return {
      version: 3,
      status: 'error',
      message: clipText(report.errors.join('\n') || 'the tests could not run', 65535),
      tests,
    };
  }
  const failed = tests.some((test) => test.status !== 'pass');
  return { version: 3, status: !anyRan || failed ? 'fail' : 'pass', tests };
}
