import { describe, expect, it } from 'vitest';
import {
  describeTest,
  formatText,
  summarizeFailure,
  toExercism,
  toJUnit,
  toTestFailure,
} from '../../../src/grading/index.ts';
import type { HarnessFailure } from '../../../src/schemas/index.ts';
import { assertEqualFailure, makeReport, makeTest } from './fixtures.ts';

function failure(overrides: Partial<HarnessFailure>): HarnessFailure {
  return {
    phase: 'test',
    exception: 'AssertionError',
    message: '',
    assertion: null,
    expected: null,
    actual: null,
    note: null,
    subtest: null,
    frames: [],
    framesOmitted: 0,
    location: null,
    ...overrides,
  };
}

describe('summarizeFailure: the failure in plain words', () => {
  it.each([
    [{ assertion: 'assertEqual', expected: '3', actual: '2', message: '2 != 3' }, 'Expected 3, got 2.'],
    [{ assertion: 'assertListEqual', expected: '[1, 2]', actual: '[2, 1]' }, 'Expected [1, 2], got [2, 1].'],
    [{ assertion: 'assertTrue', actual: '0', message: '0 is not true' }, 'Expected a true value, got 0.'],
    [{ assertion: 'assertIsNone', actual: "'x'" }, "Expected None, got 'x'."],
    [{ assertion: 'assertIn', expected: "'x'", actual: "['a']" }, "Expected 'x' in ['a']."],
    [{ assertion: 'assertIsInstance', expected: 'Money', actual: '3' }, 'Expected an instance of Money, got 3.'],
    [{ assertion: 'assertGreater', expected: '0', actual: '-1' }, 'Expected more than 0, got -1.'],
    [
      { assertion: 'assertRaises', expected: 'KeyError', message: 'KeyError not raised' },
      'Expected KeyError to be raised; nothing was.',
    ],
    [{ assertion: 'fail', note: 'connected at import time' }, 'connected at import time'],
    [{ message: 'connected at import time' }, 'connected at import time'],
  ] as const)('%o → %s', (fields, words) => {
    expect(summarizeFailure(failure(fields))).toBe(words);
  });

  it("puts the test author's note first", () => {
    const text = summarizeFailure(
      failure({ assertion: 'assertFalse', actual: 'True', note: 'the database was opened at import time' }),
    );
    expect(text).toBe('the database was opened at import time: expected a false value, got True.');
  });

  it('quotes the test line of a bare assert, and names the subTest', () => {
    const frames = [
      { file: 'tests/test_x.py', line: 4, function: 'test_x', code: 'assert total == 3', role: 'test' },
    ] as const;
    expect(summarizeFailure(failure({ frames: [...frames] }))).toBe('This check failed: assert total == 3');
    expect(summarizeFailure(failure({ assertion: 'assertEqual', expected: '1', actual: '2', subtest: '(i=2)' }))).toBe(
      'Expected 1, got 2. (in subTest (i=2))',
    );
  });

  it('names other exceptions by their class, and says when the tests could not import the code', () => {
    expect(summarizeFailure(failure({ exception: 'accounts.orders.EmptyOrder', message: 'no lines' }))).toBe(
      'EmptyOrder: no lines',
    );
    expect(summarizeFailure(failure({ phase: 'import', exception: 'SyntaxError', message: "expected ':'" }))).toBe(
      "The tests could not import your code: SyntaxError: expected ':'",
    );
  });
});

describe('reports show the summary, the detail and where', () => {
  const withFrames = toTestFailure(
    failure({
      exception: 'ValueError',
      message: 'no price for pen',
      frames: [
        { file: 'tests/test_cart.py', line: 10, function: 'test_lookup', code: 'lookup({}, "pen")', role: 'test' },
        { file: 'shop/cart.py', line: 13, function: 'lookup', code: 'raise ValueError(...)', role: 'learner' },
      ],
      location: { file: 'shop/cart.py', line: 13, column: null },
    }),
  );

  it('describeTest: summary, then each frame, the learner’s marked', () => {
    expect(describeTest({ message: 'Traceback…', failure: withFrames })).toBe(
      [
        'ValueError: no price for pen',
        'Where:',
        '  tests/test_cart.py:10 in test_lookup: lookup({}, "pen")',
        '  shop/cart.py:13 in lookup: raise ValueError(...)  <- your code',
      ].join('\n'),
    );
  });

  it("adds unittest's own diff under an equality summary", () => {
    const lists = toTestFailure(
      failure({
        assertion: 'assertEqual',
        expected: '[1, 2, 4]',
        actual: '[1, 2, 3]',
        message: 'Lists differ: [1, 2, 3] != [1, 2, 4]\n\nFirst differing element 2:\n3\n4',
      }),
    );
    expect(describeTest({ message: '', failure: lists })).toBe(
      'Expected [1, 2, 4], got [1, 2, 3].\nFirst differing element 2:\n3\n4',
    );
  });

  it('falls back to the message when a test has no structured failure (a timeout)', () => {
    expect(describeTest({ message: 'took longer than the 5s limit per test\n', failure: null })).toBe(
      'took longer than the 5s limit per test',
    );
  });

  it('text, JUnit and Exercism carry the summary', () => {
    const report = makeReport({ tests: [makeTest('visible', 'test_total', 'fail')] });
    expect(formatText(report)).toContain('FAIL    XTest.test_total\n      Expected 2, got 1.\n      Where:\n');
    expect(toJUnit(report)).toContain('<failure message="Expected 2, got 1." type="AssertionError">');
    expect(toExercism(report).tests.find((t) => t.name === 'XTest.test_total')?.message).toMatch(
      /^Expected 2, got 1\./,
    );
    expect(assertEqualFailure().summary).toBe('Expected 2, got 1.');
  });
});
