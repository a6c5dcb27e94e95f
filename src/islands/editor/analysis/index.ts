// Live analysis of the learner's files: the contracts worker (started by URL, following the store)
// and the problems list that shows its answers.
export { startContractsChecker } from './contracts-client.ts';
export type { ContractsChecker } from './contracts-client.ts';
export { attachProblems } from './problems.ts';
