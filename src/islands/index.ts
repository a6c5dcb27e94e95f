// Public surface of the islands layer: browser-only code, loaded from <script> tags on every page.
// Keep this module light. The exercise workspace has its own surface (editor/index.ts), as the
// cohort pages do (cohort/index.ts), so that its code and CSS ship on its pages only.
export { serviceWorkerScript } from './offline/index.ts';
export type { ServiceWorkerConfig } from './offline/index.ts';
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
