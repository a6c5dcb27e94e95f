import { describe, expect, it } from 'vitest';
import { groupFeedback } from '../../../src/grading/index.ts';
import { groupHints } from '../../../src/islands/cohort/index.ts';
import type { Feedback } from '../../../src/schemas/index.ts';

const feedback: Feedback[] = [
  {
    target: 'tests.test_app.AppTest.test_import_is_quiet',
    kind: 'test',
    hint: 1,
    text: 'Move the `connect()` call into a function.',
    lesson: 'l',
    section: 's',
    href: '/lessons/l/#s',
  },
  {
    target: 'hidden.test_db.DbTest.test_import_is_quiet',
    kind: 'test',
    hint: 1,
    text: 'Move the `connect()` call into a function.',
    lesson: 'l',
    section: 's',
    href: '/lessons/l/#s',
  },
  {
    target: 'reports layers',
    kind: 'contract',
    hint: 2,
    text: 'The layers run one way.',
    lesson: 'l',
    section: null,
    href: '/lessons/l/',
  },
  {
    target: 'tests.test_app.AppTest.test_import_is_quiet',
    kind: 'test',
    hint: null,
    text: 'Move the `connect()` call into a function.',
    lesson: 'l',
    section: 's',
    href: '/lessons/l/#s',
  },
];

describe('the cohort report’s hints', () => {
  // islands/cohort keeps its own copy of the grouping so that the cohort pages do not ship the
  // grading layer (and zod): it must say what the grader's groupFeedback says.
  it('group feedback as grading.groupFeedback does', () => {
    expect(groupHints(feedback)).toEqual(
      groupFeedback(feedback).map(({ text, href, about }) => ({ text, href, about })),
    );
    expect(groupHints(feedback)).toEqual([
      { text: 'Move the `connect()` call into a function.', href: '/lessons/l/#s', about: ['test_import_is_quiet'] },
      { text: 'The layers run one way.', href: '/lessons/l/', about: ['reports layers'] },
    ]);
  });
});
