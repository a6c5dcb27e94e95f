// What the cohort server's JSON says, as the pages read it (src/server/api.ts writes it; the
// browser never imports the server, so the shapes are restated here over the cohorts layer's
// vocabulary). Dates arrive as ISO strings.
import type {
  CohortRole,
  CountedScore,
  Gradebook,
  HiddenDetail,
  RosterProblem,
  ScorePolicy,
} from '../../cohorts/index.ts';
import type { GradeReport } from '../../schemas/index.ts';

export type { CohortRole, CountedScore, Gradebook, HiddenDetail, RosterProblem, ScorePolicy };

export interface User {
  id: string;
  name: string;
  email: string;
  isInstructor: boolean;
}

export interface MyCohort {
  id: string;
  name: string;
  role: CohortRole;
}

/** GET /api/me */
export interface Me {
  user: User | null;
  cohorts: MyCohort[];
}

export interface AssignmentView {
  exercise: string;
  title: string;
  opensAt: string | null;
  dueAt: string | null;
  lateDueAt: string | null;
  lateCreditPct: number;
  rateLimit: { count: number; windowMinutes: number } | null;
  /** With the learner's extension, the dates that apply to them (learners only). */
  extension: { dueAt: string | null; lateDueAt: string | null } | null;
}

/** GET /api/cohorts/:id */
export interface CohortView {
  id: string;
  name: string;
  role: CohortRole;
  scorePolicy: ScorePolicy;
  hiddenDetail: HiddenDetail;
  /** Staff only. */
  joinCode?: string;
  joinCodeEnabled?: boolean;
  assignments: AssignmentView[];
  /** A learner's counted score per exercise (learners only). */
  scores?: Record<string, CountedScore>;
  /** Late-day tokens: how many each learner has; for a learner, how many they spent, in all and per exercise. */
  lateDays: { total: number; spent?: number; byExercise?: Record<string, number> };
}

/** GET /api/cohorts/:id/gradebook (JSON) */
export interface GradebookView extends Gradebook {
  /** Late-day tokens spent, learner id → exercise → days. */
  lateDaysSpent?: Record<string, Record<string, number>>;
}

/** When the learner may submit an exercise again (the rate limit): now, or `allowedAt`. */
export interface NextSubmission {
  allowedAt: string;
  /** Submissions the window still allows (0: none until allowedAt); null without a limit. */
  remaining: number | null;
}

/** GET /api/cohorts/:id/exercises/:exercise/submissions */
export interface SubmissionList {
  submissions: SubmissionSummary[];
  next: NextSubmission | null;
}

export type SubmissionStatus = 'queued' | 'grading' | 'graded' | 'failed';

/** One row of GET /api/cohorts/:id/exercises/:exercise/submissions */
export interface SubmissionSummary {
  id: string;
  submittedAt: string;
  status: SubmissionStatus;
  /** The raw grader score of its current grade. */
  score: number | null;
  failure: string | null;
  /** Why it is still waiting for a grade, or why its re-grade could not run (a graded one). */
  waiting: string | null;
}

/** GET /api/submissions/:id */
export interface SubmissionDetail {
  id: string;
  cohortId: string;
  exercise: string;
  submittedAt: string;
  status: SubmissionStatus;
  failure: string | null;
  /** Why it is still waiting for a grade, or why its re-grade could not run (a graded one). */
  waiting: string | null;
  score: number | null;
  graderVersion: string | null;
  /** The learner's report (hidden detail as the cohort allows), or the full one for staff. */
  report: GradeReport | null;
  /** The submitted files, for their author and the cohort's staff. */
  files?: Record<string, string>;
  filesHash: string;
}

export interface Member {
  id: string;
  name: string;
  email: string;
  role: CohortRole;
  joinedAt: string;
  lateDaysSpent?: number;
}

/** GET /api/cohorts/:id/members */
export interface Members {
  members: Member[];
  /** Roster rows whose people have no account yet: they join on their first sign-in. */
  invites: { email: string; name: string }[];
}

/** POST /api/cohorts/:id/roster */
export interface RosterResult {
  enrolled: number;
  invited: number;
  problems: RosterProblem[];
}

/** Where a cell's score stands with the LMS of a course launched through LTI (GET /api/lti/cohorts/:id/scores). */
export interface LmsScoreSync {
  userId: string;
  exercise: string;
  status: 'pending' | 'sent' | 'failed';
  sentScore: number | null;
  error: string | null;
}

export interface ScoreChange {
  userId: string;
  exercise: string;
  before: number | null;
  after: number | null;
  /** The instructor's decision on this change (its own, or the run's); null while it waits. */
  decision: RegradeDecision | null;
}

export type RegradeDecision = 'accepted' | 'discarded';

/** GET /api/cohorts/:id/regrades/:regrade */
export interface RegradeStatus {
  id: string;
  total: number;
  done: number;
  finished: boolean;
  /** Held for review: nothing in the gradebook changes until the instructor accepts. */
  review: boolean;
  decision: RegradeDecision | null;
  changes: ScoreChange[];
}

export interface AuditEntry {
  action: string;
  detail: unknown;
  at: string;
  actor: string | null;
}

/** An exercise of the course, as the build knows it (the create-cohort form's choices). */
export interface CourseExerciseOption {
  id: string;
  title: string;
}
