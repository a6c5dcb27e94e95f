// The workspace's side of a cohort: Submit to the cohort server and watch it grade, and the
// learner's working copy kept in their account. Talks to the server over HTTP only.
export { attachCohortSubmit } from './submit.ts';
