import { describe, expect, it } from 'vitest';
import { groupHints } from '../../../src/islands/editor/hints.ts';
import type { Feedback } from '../../../src/schemas/index.ts';

const base = { hint: 1, lesson: 'what-import-does', section: null, href: '/lessons/what-import-does/' };

describe('hints under a Check', () => {
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
    expect(groupHints(feedback)).toEqual([
      { text: 'Pass `rows` in.', href: base.href, about: ['Summary logic does no I/O', 'test_total'] },
      { text: 'Open lazily.', href: base.href, about: ['test_reused', 'test_no_side_effects'] },
    ]);
  });

  it('keeps the same text apart when it points at different lesson sections', () => {
    const feedback: Feedback[] = [
      { ...base, kind: 'test', target: 'a.T.test_one', text: 'Read on.', href: '/lessons/x/#one' },
      { ...base, kind: 'test', target: 'a.T.test_two', text: 'Read on.', href: '/lessons/x/#two' },
    ];
    expect(groupHints(feedback).map((group) => group.about)).toEqual([['test_one'], ['test_two']]);
  });
});
