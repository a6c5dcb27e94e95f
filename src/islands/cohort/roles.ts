import type { CohortRole } from './types.ts';

const ROLE_WORDS: Record<CohortRole, string> = {
  instructor: 'instructor',
  ta: 'teaching assistant',
  learner: 'learner',
};

/** A cohort role in words. */
export function describeRole(role: CohortRole): string {
  return ROLE_WORDS[role] ?? role;
}

export function isStaff(role: CohortRole): boolean {
  return role === 'instructor' || role === 'ta';
}
