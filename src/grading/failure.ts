import type { FailureFrame, HarnessFailure, TestFailure, TestResult } from '../schemas/index.ts';

/** Assertions that compare an actual value with an expected one for equality. */
const EQUALITY = new Set([
  'assertEqual',
  'assertMultiLineEqual',
  'assertSequenceEqual',
  'assertListEqual',
  'assertTupleEqual',
  'assertSetEqual',
  'assertDictEqual',
]);

/** `Class` of `package.module.Class`: the summary names an exception the way a learner reads it. */
function shortName(exception: string): string {
  return exception.split('.').pop() ?? exception;
}

/** What a unittest assertion wanted and got, in plain words; null when the values are unknown. */
function assertionWords(failure: HarnessFailure): string | null {
  const { assertion, expected: wanted, actual: got, message } = failure;
  if (assertion === null) return null;
  if (EQUALITY.has(assertion)) return wanted !== null && got !== null ? `Expected ${wanted}, got ${got}.` : null;
  const both = wanted !== null && got !== null;
  switch (assertion) {
    case 'assertAlmostEqual':
      return both ? `Expected about ${wanted}, got ${got}.` : null;
    case 'assertCountEqual':
      return both ? `Expected the items of ${wanted} (in any order), got ${got}.` : null;
    case 'assertNotEqual':
    case 'assertNotAlmostEqual':
      return got !== null ? `Expected something other than ${got}.` : null;
    case 'assertTrue':
      return got !== null ? `Expected a true value, got ${got}.` : null;
    case 'assertFalse':
      return got !== null ? `Expected a false value, got ${got}.` : null;
    case 'assertIsNone':
      return got !== null ? `Expected None, got ${got}.` : null;
    case 'assertIsNotNone':
      return 'Expected a value, got None.';
    case 'assertIs':
      return both ? `Expected the very object ${wanted}, got ${got}.` : null;
    case 'assertIsNot':
      return got !== null ? `Expected another object than ${got}.` : null;
    case 'assertIn':
      return both ? `Expected ${wanted} in ${got}.` : null;
    case 'assertNotIn':
      return both ? `Expected ${wanted} not to be in ${got}.` : null;
    case 'assertIsInstance':
      return both ? `Expected an instance of ${wanted}, got ${got}.` : null;
    case 'assertNotIsInstance':
      return both ? `Expected anything but an instance of ${wanted}, got ${got}.` : null;
    case 'assertLess':
      return both ? `Expected less than ${wanted}, got ${got}.` : null;
    case 'assertLessEqual':
      return both ? `Expected at most ${wanted}, got ${got}.` : null;
    case 'assertGreater':
      return both ? `Expected more than ${wanted}, got ${got}.` : null;
    case 'assertGreaterEqual':
      return both ? `Expected at least ${wanted}, got ${got}.` : null;
    case 'assertRegex':
      return both ? `Expected text matching ${wanted}, got ${got}.` : null;
    case 'assertNotRegex':
      return both ? `Expected text not matching ${wanted}, got ${got}.` : null;
    case 'assertRaises':
    case 'assertRaisesRegex':
      // assertRaisesRegex also fails when the right exception has the wrong message: say that one as unittest does
      return wanted !== null && /not raised/.test(message) ? `Expected ${wanted} to be raised; nothing was.` : null;
    case 'assertWarns':
    case 'assertWarnsRegex':
      return wanted !== null && /not triggered/.test(message) ? `Expected the warning ${wanted}; none came.` : null;
    default:
      return null;
  }
}

/** The test's own line (the innermost frame of the test file), for a bare `assert`. */
function testLine(frames: readonly FailureFrame[]): string | null {
  return [...frames].reverse().find((frame) => frame.role === 'test')?.code ?? null;
}

/**
 * A failure in plain words: what a unittest assertion expected and got ("Expected 3, got 2."),
 * with the test author's note first; else the exception as Python names it, with its message.
 */
export function summarizeFailure(failure: HarnessFailure): string {
  const note = failure.note?.trim() || null;
  const words = assertionWords(failure);
  let text: string;
  if (failure.assertion === 'fail' && note) text = note;
  else if (words) text = note ? `${note}: ${words.charAt(0).toLowerCase()}${words.slice(1)}` : words;
  else if (failure.exception === 'AssertionError' && !failure.message.trim()) {
    const line = testLine(failure.frames);
    text = line ? `This check failed: ${line}` : 'An assertion failed.';
  } else if (failure.exception === 'AssertionError') {
    // a bare assert with a message, or an assertion whose values were not readable: its own words
    text = failure.message.split('\n')[0] ?? failure.message;
  } else {
    const message = failure.message.trim();
    text = message ? `${shortName(failure.exception)}: ${message}` : shortName(failure.exception);
  }
  if (failure.subtest) text = `${text} (in subTest ${failure.subtest})`;
  return failure.phase === 'import' ? `The tests could not import your code: ${text}` : text;
}

/** The harness's failure with its plain-words summary, as a grade report keeps it. */
export function toTestFailure(failure: HarnessFailure | null): TestFailure | null {
  return failure ? { ...failure, summary: summarizeFailure(failure) } : null;
}

/**
 * The detail under a failure's summary: unittest's own comparison (the diff of two lists or
 * strings) when it says more than the summary does, without the first line the summary replaces.
 */
export function failureDetail(failure: TestFailure): string | null {
  if (failure.assertion === null || !EQUALITY.has(failure.assertion)) return null;
  const rest = failure.message.split('\n').slice(1).join('\n').trim();
  return rest || null;
}

/** A frame as one line: `accounts/users.py:15 in place_order: order = Order(...)`. */
export function frameLine(frame: FailureFrame): string {
  return `${frame.file}:${frame.line} in ${frame.function}${frame.code ? `: ${frame.code}` : ''}`;
}

/**
 * A failing test for a text report: the summary, unittest's detail, then where it happened (the
 * test's and the learner's frames, the learner's marked); the message as before when the test has
 * no structured failure (a timeout, a crash, a report from an older grader).
 */
export function describeTest(test: Pick<TestResult, 'message' | 'failure'>): string {
  const { failure } = test;
  if (!failure) return test.message.trim();
  const lines = [failure.summary];
  const detail = failureDetail(failure);
  if (detail) lines.push(detail);
  const frames = failure.frames.map(
    (frame) => `  ${frameLine(frame)}${frame.role === 'learner' ? '  <- your code' : ''}`,
  );
  if (failure.framesOmitted > 0) frames.splice(5, 0, `  ... ${failure.framesOmitted} more frames ...`);
  if (failure.location && !failure.frames.some((frame) => frame.role === 'learner')) {
    frames.push(`  ${failure.location.file}:${failure.location.line}  <- your code`);
  }
  if (frames.length > 0) lines.push('Where:', ...frames);
  return lines.join('\n');
}
