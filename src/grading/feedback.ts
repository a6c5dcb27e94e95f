import type { ContractResult, ExerciseMeta, Feedback, TestResult } from '../schemas/index.ts';

/** Builds the link to a lesson (section); the site serves lessons at /lessons/<slug>/. */
export type LessonHref = (lesson: string, section: string | null) => string;

export const defaultLessonHref: LessonHref = (lesson, section) => `/lessons/${lesson}/${section ? `#${section}` : ''}`;

/** A hint's test pattern matches a test id, its `Class.method`, its method, or a prefix of them. */
export function hintMatchesTest(pattern: string, test: Pick<TestResult, 'id' | 'name'>): boolean {
  const method = test.name.split('.').pop() ?? test.name;
  const shortModule = test.id.split('.').slice(1).join('.');
  return [test.id, shortModule, test.name, method].some(
    (candidate) => candidate === pattern || candidate.startsWith(pattern),
  );
}

/**
 * One feedback entry per failing test and broken contract: the first hint (in the order the
 * exercise gives them) that names it, with the lesson section the hint comes from. Without a
 * matching hint, the entry points to the lesson itself.
 */
export function buildFeedback(
  meta: Pick<ExerciseMeta, 'hints' | 'lesson'>,
  contracts: ContractResult[],
  tests: TestResult[],
  lessonHref: LessonHref = defaultLessonHref,
): Feedback[] {
  const feedback: Feedback[] = [];
  const entry = (kind: Feedback['kind'], target: string, index: number): Feedback => {
    const hint = index >= 0 ? meta.hints[index] : undefined;
    const section = hint?.section ?? null;
    return {
      kind,
      target,
      hint: hint ? index + 1 : null,
      text: hint ? hint.text : `Re-read the lesson "${meta.lesson}" and compare your change with what it describes.`,
      lesson: meta.lesson,
      section,
      href: lessonHref(meta.lesson, section),
    };
  };
  for (const contract of contracts) {
    if (contract.kept) continue;
    feedback.push(
      entry(
        'contract',
        contract.name,
        meta.hints.findIndex((h) => h.contracts.includes(contract.name)),
      ),
    );
  }
  for (const test of tests) {
    if (test.status === 'pass' || test.status === 'skipped') continue;
    feedback.push(
      entry(
        'test',
        test.id,
        meta.hints.findIndex((h) => h.tests.some((p) => hintMatchesTest(p, test))),
      ),
    );
  }
  return feedback;
}

/** Feedback entries that share a hint, for display: the hint once, with everything it is about. */
export interface FeedbackGroup {
  /** 1-based number of the exercise hint, or null when the entry points to the lesson itself. */
  hint: number | null;
  text: string;
  href: string;
  /** Contract names and test method names, each once, in the order the report gave them. */
  about: string[];
}

/**
 * Groups feedback by hint text and lesson link (several failing tests often share one hint), naming
 * tests by their method (`test_total`, not `hidden.test_hidden.SummaryTest.test_total`). Used by
 * both the text report and the workspace's Check panel, so they list the same hints.
 */
export function groupFeedback(feedback: readonly Feedback[]): FeedbackGroup[] {
  const groups = new Map<string, FeedbackGroup>();
  for (const item of feedback) {
    const key = `${item.text}\u0000${item.href}`;
    const group = groups.get(key) ?? { hint: item.hint, text: item.text, href: item.href, about: [] };
    const name = item.kind === 'test' ? (item.target.split('.').pop() ?? item.target) : item.target;
    if (!group.about.includes(name)) group.about.push(name);
    groups.set(key, group);
  }
  return [...groups.values()];
}
