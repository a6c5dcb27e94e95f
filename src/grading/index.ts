export { parseExercise, ExerciseError } from './exercise.ts';
export type { Exercise, FileMap } from './exercise.ts';
export { gradeSubmission, gradeContracts, HIDDEN_SKIPPED } from './grade.ts';
export type { GradeOptions } from './grade.ts';
export { runHarness } from './run-harness.ts';
export type { HarnessHost, HostRunResult } from './run-harness.ts';
export { HARNESS_FILES, HARNESS_PATH, HARNESS_PROTOCOL } from './harness-source.ts';
export {
  buildHarnessSpec,
  frameHarnessSpec,
  parseHarnessOutput,
  createNonce,
  DEFAULT_HARNESS_LIMITS,
} from './protocol.ts';
export type { HarnessLimits, HarnessSpec, HarnessOutcome } from './protocol.ts';
export { applyEssentials, computeScore } from './scoring.ts';
export type { Score, ScoreInput } from './scoring.ts';
export { buildFeedback, groupFeedback, hintMatchesTest, defaultLessonHref } from './feedback.ts';
export { summarizeFailure, toTestFailure, failureDetail, frameLine, describeTest } from './failure.ts';
export type { FeedbackGroup, LessonHref } from './feedback.ts';
export { toContractResults, moduleFile } from './contract-results.ts';
export { DEBT_TYPE, debtItemName } from './debt.ts';
export { gradeWrittenContracts, usesTypeCheck, writtenContractChecks } from './written-contracts.ts';
export { checkerSetupProgram, checkCallExpression, parsePythonDiagnostics } from './python-diagnostics.ts';
export type { PythonDiagnostic, PythonDiagnostics } from './python-diagnostics.ts';
export { prepareSubmission } from './submission.ts';
export type { PreparedSubmission } from './submission.ts';
export {
  checkSubmissionPath,
  isJunkName,
  isJunkPath,
  screenSubmissionPaths,
  displaySubmissionPath,
  refusalNote,
  MAX_NAME_BYTES,
  MAX_PATH_BYTES,
} from './paths.ts';
export type { RefusedPath, ScreenedFiles } from './paths.ts';
export { formatText } from './formats/text.ts';
export { withAbsoluteLinks } from './formats/shared.ts';
export { toGradescope } from './formats/gradescope.ts';
export type { GradescopeResults, GradescopeTest } from './formats/gradescope.ts';
export { toExercism, methodSource, cleanMessage } from './formats/exercism.ts';
export type { ExercismResults, ExercismTest } from './formats/exercism.ts';
export { toJUnit, escapeXml } from './formats/junit.ts';
export { gradebookCsv, gradebookRow, csvField, GRADEBOOK_HEADER } from './formats/gradebook.ts';
