// Public surface of the site layer: what pages, components and islands share that is neither a
// schema nor UI. Browser-safe and light: no zod, no astro:content at run time (pages pass the
// collections in), so a <script> or an island may import it without shipping either.
export { buildCourse, lessonHref, lessonQuizIds, moduleHref } from './course.ts';
export type { Course, CourseLesson, CourseModuleWithLessons, LessonEntry } from './course.ts';
export { courseExercises, exerciseHref, exercisesHref, stepsAfterExercise } from './exercises.ts';
export type { CourseExercise, ExerciseRef, NextStep } from './exercises.ts';
export { formatCount, NOUNS, pluralNoun } from './plural.ts';
export type { Noun } from './plural.ts';
export { findQuizIds } from './quiz-ids.ts';
export { CODE_THEMES, THEME_EVENT, THEME_STORAGE_KEY } from './theme.ts';
export type { ColorScheme } from './theme.ts';
