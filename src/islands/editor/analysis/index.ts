// What the contracts worker (contracts-worker.ts, started by URL) finds, shown in the problems list.
export { renderContractsError, renderProblems } from './problems.ts';
