import type { ExerciseMeta } from '../schemas/index.ts';
import type { Course, CourseLesson, CourseModuleWithLessons } from './course.ts';
import { lessonHref } from './course.ts';

/** What the course needs of an exercise (ExerciseMeta has it; tests build it by hand). */
export type ExerciseRef = Pick<ExerciseMeta, 'id' | 'title' | 'lesson'>;

/** An exercise placed in the course: the lesson it practises and that lesson's module. */
export interface CourseExercise<E extends ExerciseRef, L extends CourseLesson> {
  meta: E;
  lesson: L;
  module: CourseModuleWithLessons<L>;
}

/** Where a learner goes after finishing an exercise. */
export interface NextStep {
  kind: 'exercise' | 'lesson';
  title: string;
  href: string;
}

export function exerciseHref(id: string): string {
  return `${import.meta.env.BASE_URL}exercises/${id}/`;
}

export function exercisesHref(): string {
  return `${import.meta.env.BASE_URL}exercises/`;
}

/**
 * The exercises in reading order: by the order of the lesson each practises, then by id. An
 * exercise whose lesson is not in the course (a draft, in a production build) is left out, as
 * its lesson is.
 */
export function courseExercises<E extends ExerciseRef, L extends CourseLesson>(
  course: Course<L>,
  exercises: readonly E[],
): CourseExercise<E, L>[] {
  const placed: CourseExercise<E, L>[] = [];
  for (const meta of exercises) {
    const lesson = course.lessons.find((candidate) => candidate.id === meta.lesson);
    const module = course.modules.find((candidate) => candidate.number === lesson?.data.module);
    if (lesson && module) placed.push({ meta, lesson, module });
  }
  return placed.sort((a, b) => a.lesson.data.order - b.lesson.data.order || a.meta.id.localeCompare(b.meta.id));
}

/**
 * What follows an exercise: the next exercise in reading order and the lesson after the one it
 * practises, each when there is one (the last exercise of the course may have neither).
 */
export function stepsAfterExercise<E extends ExerciseRef, L extends CourseLesson>(
  course: Course<L>,
  exercises: readonly E[],
  id: string,
): NextStep[] {
  const ordered = courseExercises(course, exercises);
  const index = ordered.findIndex((entry) => entry.meta.id === id);
  const current = ordered[index];
  if (!current) return [];
  const steps: NextStep[] = [];
  const nextExercise = ordered[index + 1];
  if (nextExercise) {
    steps.push({ kind: 'exercise', title: nextExercise.meta.title, href: exerciseHref(nextExercise.meta.id) });
  }
  const nextLesson = course.lessons[course.lessons.indexOf(current.lesson) + 1];
  if (nextLesson) steps.push({ kind: 'lesson', title: nextLesson.data.title, href: lessonHref(nextLesson.id) });
  return steps;
}
