export { lessonSchema, moduleSchema } from './lesson.ts';
export type { Lesson, CourseModule } from './lesson.ts';
export { exerciseSchema, OWN_PROJECT_CHECK } from './exercise.ts';
export type { ExerciseMeta, ExerciseHint, ExerciseEssential, HiddenProject, WritesContracts } from './exercise.ts';
export { formatIssues } from './format-issues.ts';
export { compileValidators } from './validation.ts';
export {
  testStatusSchema,
  harnessTestSchema,
  harnessFailureSchema,
  testFailureSchema,
  harnessReportSchema,
  importLineSchema,
  contractResultSchema,
  testResultSchema,
  feedbackSchema,
  gradeReportSchema,
} from './results.ts';
export type {
  TestStatus,
  HarnessTest,
  HarnessFailure,
  FailureFrame,
  FailureLocation,
  TestFailure,
  HarnessReport,
  ImportLine,
  ContractResult,
  TestResult,
  GradePart,
  Feedback,
  GradeReport,
} from './results.ts';
