// Run and Check on the runtime the learner chose, over the project store's files: their results
// and hints, what they found (an atom, for what follows a Check), and the solution.
export { attachGradingPanel } from './grading-panel.ts';
export type { GradingPanel } from './grading-panel.ts';
export type { ChecksState } from './checks.ts';
export { attachSolutionPanel } from './solution.ts';
