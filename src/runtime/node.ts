// Node-only public surface of the runtime layer: file access and local processes.
// Browser code imports `./index.ts` instead.
export { readTree } from './node/read-tree.ts';
export { listExerciseFolders, loadExercise, loadExercises } from './node/exercises.ts';
export { findExercisesRoot, resolveExercise } from './node/find-exercise.ts';
export { LocalPythonRuntime, SandboxUnavailableError } from './node/local-python.ts';
export type { LocalRuntimeOptions, SandboxMode } from './node/local-python.ts';
export {
  detectSandbox,
  resetSandboxDetection,
  resolvePython,
  DEFAULT_SANDBOX_LIMITS,
  SandboxProbeTimeoutError,
} from './node/sandbox.ts';
export type { SandboxInfo, SandboxLimits } from './node/sandbox.ts';
export { SandboxPool, SandboxProcess } from './node/sandbox-process.ts';
export { readZip, ZipError, DEFAULT_ZIP_LIMITS } from './node/zip.ts';
export type { ZipContents, ZipLimits } from './node/zip.ts';
export { readSubmission, readSubmissionFolder, SubmissionError } from './node/submissions.ts';
export type { LoadedSubmission } from './node/submissions.ts';
export { gradeWithLocalPython } from './node/grade-local.ts';
export { GradingProcess, GRADING_NICENESS, serveGradings } from './node/grading-process.ts';
export type { GradingRequest } from './node/grading-process.ts';
export type { LocalGradeOptions } from './node/grade-local.ts';
export { runPool } from './node/pool.ts';
