/** The cohort domain's vocabulary. Plain data: the server layer loads it from the database. */

/** Which of a learner's graded submissions counts for an exercise. */
export type ScorePolicy = 'best' | 'last';

/** When a learner may read hidden-test detail (Gradescope's visibility tiers). */
export type HiddenDetail = 'never' | 'after_due' | 'always';

export type CohortRole = 'instructor' | 'ta' | 'learner';

/** One exercise in a cohort, with its dates and limits. Dates are epoch milliseconds. */
export interface Assignment {
  exercise: string;
  opensAt: number | null;
  dueAt: number | null;
  /** Submissions after dueAt and up to lateDueAt count with lateCreditPct of their score. */
  lateDueAt: number | null;
  lateCreditPct: number;
  /** At most `count` graded submissions per learner in any `windowMinutes`; null: no limit. */
  rateLimit: { count: number; windowMinutes: number } | null;
}

/** A per-learner extension: new due dates for one exercise. */
export interface Extension {
  dueAt: number;
  lateDueAt: number | null;
}

export type Timing = 'not_open' | 'on_time' | 'late' | 'closed';

/** One graded submission as the policies see it. */
export interface GradedAttempt {
  id: string;
  submittedAt: number;
  /** Raw grader score, 0–100. */
  score: number;
}

/** An instructor's override of the counted score, with its reason (audit trail). */
export interface Override {
  score: number;
  reason: string;
  at: number;
}

/** What one gradebook cell says. */
export interface CountedScore {
  /** The score that counts (after late credit and any override), or null when nothing counts yet. */
  score: number | null;
  /** The submission it comes from, when it comes from one. */
  submissionId: string | null;
  late: boolean;
  overridden: boolean;
  /** The attempt's raw score before late credit, when it comes from one. */
  rawScore: number | null;
}
