import { toTestFailure } from '../../../src/grading/index.ts';
import type { ExerciseMeta, GradeReport, TestFailure, TestResult } from '../../../src/schemas/index.ts';

export const meta: Pick<ExerciseMeta, 'hints' | 'lesson' | 'weights'> = {
  lesson: 'what-import-does',
  weights: { contracts: 30, visible: 20, hidden: 50 },
  hints: [
    {
      text: 'Open the connection lazily, on first use.',
      tests: ['test_import_has_no_side_effects'],
      contracts: [],
      section: 'keep-import-time-boring',
    },
    {
      text: 'Pass the rows in; do not import the database.',
      tests: ['test_total_by_region'],
      contracts: ['Summary logic does no I/O'],
    },
  ],
};

export function makeTest(
  suite: 'visible' | 'hidden',
  method: string,
  status: TestResult['status'],
  extra: Partial<TestResult> = {},
): TestResult {
  const pkg = suite === 'visible' ? 'tests' : 'hidden';
  return {
    id: `${pkg}.test_x.XTest.${method}`,
    name: `XTest.${method}`,
    suite,
    description: null,
    status,
    message:
      status === 'pass' ? '' : 'Traceback (most recent call last):\n  File "x.py", line 1\nAssertionError: 1 != 2',
    output: '',
    durationMs: 12,
    failure: status === 'fail' ? assertEqualFailure(pkg) : null,
    ...extra,
  };
}

/** What the harness reports for `self.assertEqual(total(), 2)` getting 1, with the summary the grader adds. */
export function assertEqualFailure(pkg = 'tests'): TestFailure {
  const failure = toTestFailure({
    phase: 'test',
    exception: 'AssertionError',
    message: '1 != 2',
    assertion: 'assertEqual',
    expected: '2',
    actual: '1',
    note: null,
    subtest: null,
    frames: [
      {
        file: `${pkg}/test_x.py`,
        line: 9,
        function: 'test_total',
        code: pkg === 'tests' ? 'self.assertEqual(total(), 2)' : null,
        role: 'test',
      },
    ],
    framesOmitted: 0,
    location: null,
  });
  if (!failure) throw new Error('no failure');
  return failure;
}

export function makeReport(overrides: Partial<GradeReport> = {}): GradeReport {
  return {
    schema: 'strata-grade/2',
    exercise: '01-import-side-effects',
    status: 'fail',
    score: 65,
    parts: {
      contracts: { weight: 30, earned: 15, passed: 1, total: 2, ran: true },
      visible: { weight: 20, earned: 20, passed: 1, total: 1, ran: true },
      hidden: { weight: 50, earned: 30, passed: 3, total: 5, ran: true },
    },
    contracts: [
      { name: 'Layers', type: 'layers', kept: true, violations: [], warnings: [] },
      {
        name: 'Summary logic does no I/O',
        type: 'forbidden',
        kept: false,
        violations: [
          {
            summary: 'reports.summary -> reports.db',
            lines: [{ importer: 'reports.summary', imported: 'reports.db', file: 'reports/summary.py', line: 1 }],
          },
        ],
        warnings: [],
      },
    ],
    tests: [
      makeTest('visible', 'test_main', 'pass', { output: 'hello <world> & "you"' }),
      makeTest('hidden', 'test_a', 'pass'),
      makeTest('hidden', 'test_b', 'pass'),
      makeTest('hidden', 'test_c', 'pass'),
      makeTest('hidden', 'test_total_by_region', 'fail'),
      makeTest('hidden', 'test_slow', 'timeout', { message: 'took longer than the 5s limit per test' }),
    ],
    feedback: [],
    cap: null,
    errors: [],
    runtime: {
      name: 'local-python',
      python: '3.11.2',
      implementation: 'cpython',
      language: '3.10',
      sandboxed: true,
      mode: 'fork',
    },
    audience: 'instructor',
    durationMs: 140,
    ...overrides,
  };
}
