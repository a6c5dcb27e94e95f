// The cohort server: accounts, cohorts, submissions graded in the sandbox from a queue, and the
// gradebook, over Postgres (embedded PGlite by default). Node only; the policies it applies live in
// the pure cohorts layer.
export { serve } from './serve.ts';
export type { ServeOptions, RunningServer } from './serve.ts';
export { startCohortServer } from './app.ts';
export type { CohortServer, CohortServerOptions } from './app.ts';
export { openDatabase } from './db/connect.ts';
export type { Database } from './db/connect.ts';
export { createQueue, startWorker, GRADE_QUEUE, MAX_REFUSALS } from './grader.ts';
export { loadCatalog } from './catalog.ts';
