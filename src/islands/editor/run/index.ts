// Run and Check on the runtime the learner chose, their results and hints, and the solution.
export { attachGradingPanel } from './grading-panel.ts';
export { refreshSolutionPanel } from './solution.ts';
