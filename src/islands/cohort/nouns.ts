import type { Noun } from '../../site/index.ts';

/** The nouns the cohort pages count (site/plural.ts says "1 submission", "2 submissions"). */
export const COHORT_NOUNS = {
  submission: { one: 'submission', other: 'submissions' },
  row: { one: 'row', other: 'rows' },
  was: { one: 'was', other: 'were' },
  score: { one: 'counted score', other: 'counted scores' },
  lateDay: { one: 'late day', other: 'late days' },
  change: { one: 'change', other: 'changes' },
} as const satisfies Record<string, Noun>;
