// A report's feedback as the hints to show: one per distinct hint, naming every test or contract
// it is about. The same grouping as grading.groupFeedback (key: the hint's text and link), kept
// here because importing the grading layer's surface would ship zod and the grader (~210 KB) to
// the cohort pages; tests/unit/cohort-ui checks that the two agree.
import type { Feedback } from '../../schemas/index.ts';

export interface Hint {
  text: string;
  href: string;
  /** The tests (method names) and contracts the hint is about. */
  about: string[];
}

export function groupHints(feedback: readonly Feedback[]): Hint[] {
  const groups = new Map<string, Hint>();
  for (const item of feedback) {
    const key = `${item.text}\u0000${item.href}`;
    const group = groups.get(key) ?? { text: item.text, href: item.href, about: [] };
    const name = item.kind === 'test' ? (item.target.split('.').pop() ?? item.target) : item.target;
    if (!group.about.includes(name)) group.about.push(name);
    groups.set(key, group);
  }
  return [...groups.values()];
}
