import { describe, expect, it } from 'vitest';
import { formatText, groupFeedback } from '../../../src/grading/index.ts';
import type { Feedback } from '../../../src/schemas/index.ts';
import { makeReport } from './fixtures.ts';

const base = { hint: 1, lesson: 'what-import-does', section: null, href: '/lessons/what-import-does/' };

describe('groupFeedback (hints in the text report and under a Check)', () => {
  it('shows a hint shared by several failures once, naming each test by its method', () => {
    const feedback: Feedback[] = [
      { ...base, kind: 'contract', target: 'Summary logic does no I/O', text: 'Pass `rows` in.' },
      { ...base, kind: 'test', target: 'hidden.test_hidden.ImportTimeTest.test_reused', text: 'Open lazily.', hint: 2 },
      {
        ...base,
        kind: 'test',
        target: 'hidden.test_hidden.ImportTimeTest.test_no_side_effects',
        text: 'Open lazily.',
        hint: 2,
      },
      { ...base, kind: 'test', target: 'hidden.test_hidden.SummaryTest.test_total', text: 'Pass `rows` in.' },
    ];
    expect(groupFeedback(feedback)).toEqual([
      { hint: 1, text: 'Pass `rows` in.', href: base.href, about: ['Summary logic does no I/O', 'test_total'] },
      { hint: 2, text: 'Open lazily.', href: base.href, about: ['test_reused', 'test_no_side_effects'] },
    ]);
  });

  it('keeps the same text apart when it points at different lesson sections', () => {
    const feedback: Feedback[] = [
      { ...base, kind: 'test', target: 'a.T.test_one', text: 'Read on.', href: '/lessons/x/#one' },
      { ...base, kind: 'test', target: 'a.T.test_two', text: 'Read on.', href: '/lessons/x/#two' },
    ];
    expect(groupFeedback(feedback).map((group) => group.about)).toEqual([['test_one'], ['test_two']]);
  });
});

describe('text report feedback', () => {
  it('lists each hint once with what it is about, and the lesson fallback as "See the lesson"', () => {
    const lesson = 'Re-read the lesson.';
    const feedback: Feedback[] = [
      { ...base, kind: 'test', target: 'hidden.test_hidden.T.test_a', text: 'Open lazily.', hint: 2 },
      { ...base, kind: 'test', target: 'tests.test_visible.T.test_a', text: 'Open lazily.', hint: 2 },
      { ...base, kind: 'test', target: 'hidden.test_hidden.T.test_b', text: 'Open lazily.', hint: 2 },
      { ...base, kind: 'contract', target: 'Layers', text: lesson, hint: null },
    ];
    const text = formatText(makeReport({ feedback }));
    expect(text).toContain(
      `Feedback:\n  Hint 2 (test_a, test_b):\n    Open lazily.\n    Read: ${base.href}\n  See the lesson (Layers):\n    ${lesson}\n`,
    );
  });
});
