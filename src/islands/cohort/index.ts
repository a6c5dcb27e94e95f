// Public surface of islands/cohort: the cohort pages' browser code (prerendered pages that talk to
// the cohort server over HTTP only, /api). Each start function wires one page's markup.
export { startCohortsHome } from './home.ts';
export { startSetup } from './setup.ts';
export { startLtiRegistration } from './lti.ts';
export { startJoin } from './join.ts';
export { startCohortPage } from './cohort-page.ts';
export { cohortPayload } from './cohort-form.ts';
export type { AssignmentFields, CohortFields, CohortPayload } from './cohort-form.ts';
export {
  describeCell,
  describeCredit,
  describeSubmission,
  formatScore,
  isoToLocal,
  localToIso,
  queryParam,
  tokenFromHash,
} from './format.ts';
export { describeAudit } from './audit.ts';
export { groupHints } from './hints.ts';
export type { Hint } from './hints.ts';
export type { CourseExerciseOption } from './types.ts';
