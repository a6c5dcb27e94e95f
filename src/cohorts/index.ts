// The cohort domain: pure policies for deadlines, late credit, extensions, which score counts,
// rate limits and hidden-test visibility; roster import and gradebook export. No I/O: the server
// layer loads the data and calls these.
export {
  deadlines,
  timing,
  creditedScore,
  countedScore,
  rateLimit,
  hiddenDetailVisible,
  lateDaysToSpend,
} from './policy.ts';
export { parseRoster, MAX_ROSTER_ROWS } from './roster.ts';
export type { RosterEntry, RosterProblem, ParsedRoster } from './roster.ts';
export { buildGradebook, gradebookCsv, submissionsCsv } from './gradebook.ts';
export type { Gradebook, GradebookInput, GradebookLearner, GradebookRow, SubmissionCsvRow } from './gradebook.ts';
export { reportForLearner } from './visibility.ts';
export { createJoinCode, JOIN_CODE_ALPHABET, normaliseJoinCode } from './join-code.ts';
export type {
  Assignment,
  CohortRole,
  CountedScore,
  Extension,
  GradedAttempt,
  HiddenDetail,
  Override,
  ScorePolicy,
  Timing,
} from './types.ts';
export {
  emptyProgress,
  isRecord,
  mergeProgress,
  normaliseProgress,
  sameProgress,
  MAX_PROGRESS_ENTRIES,
  PROGRESS_VERSION,
} from './progress.ts';
export type { ExerciseChecks, Progress, QuizResult } from './progress.ts';
