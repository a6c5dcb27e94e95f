// Public surface of the islands layer: browser-only code, loaded from <script> tags.
// Keep this module light: heavy dependencies (Monaco) are imported dynamically behind it.
export { defineCodeEditorElement } from './editor/code-editor-element.ts';
export { serviceWorkerScript } from './offline/index.ts';
export type { ServiceWorkerConfig } from './offline/index.ts';
export type { Diagnostic, EditorFile, EditorWorkspace, GradingBundle, WorkspaceContracts } from './editor/types.ts';
export {
  PROGRESS_EVENT,
  ProgressImportError,
  emptyProgress,
  exerciseStatus,
  exportProgress,
  importProgress,
  loadProgress,
  markExerciseCompleted,
  markLessonRead,
  normaliseProgress,
  recordExerciseCheck,
  recordQuiz,
  resetProgress,
} from './progress/store.ts';
export type { ExerciseChecks, ExerciseStatus, Progress, ProgressChange, QuizResult } from './progress/store.ts';
export { noteSignedIn, startProgressSync, syncNow } from './progress/sync.ts';
export { describeExerciseStatus, showExerciseStatuses, watchExerciseStatuses } from './progress/exercise-status.ts';
