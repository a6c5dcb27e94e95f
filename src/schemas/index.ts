export { lessonSchema, moduleSchema } from './lesson.ts';
export type { Lesson, CourseModule } from './lesson.ts';
export { exerciseSchema } from './exercise.ts';
export type { ExerciseMeta, ExerciseHint } from './exercise.ts';
export { formatIssues } from './format-issues.ts';
