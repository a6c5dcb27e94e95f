import type { CollectionEntry } from 'astro:content';
import type { CourseModule, Lesson } from '../schemas/index.ts';
import { findQuizIds } from './quiz-ids.ts';

/** A lesson as the content collection gives it. */
export type LessonEntry = CollectionEntry<'lessons'>;

/** What the course needs of a lesson entry (LessonEntry has it; tests build it by hand). */
export interface CourseLesson {
  id: string;
  body?: string | undefined;
  data: Lesson;
}

export interface CourseModuleWithLessons<L extends CourseLesson = LessonEntry> extends CourseModule {
  lessons: L[];
}

export interface Course<L extends CourseLesson = LessonEntry> {
  modules: CourseModuleWithLessons<L>[];
  lessons: L[];
}

/**
 * The course in reading order: modules by number, lessons by `order`. Drafts are kept only when
 * `drafts` is true (by default in development). Throws, naming the lesson file and the field, when a
 * lesson's module is not in content/modules.json or two lessons share an `order`: zod checks one
 * file at a time, these checks need the whole course.
 */
export function buildCourse<L extends CourseLesson>(
  moduleEntries: readonly { data: CourseModule }[],
  lessonEntries: readonly L[],
  { drafts = import.meta.env.DEV }: { drafts?: boolean } = {},
): Course<L> {
  const lessons = lessonEntries
    .filter((entry) => drafts || !entry.data.draft)
    .sort((a, b) => a.data.order - b.data.order);
  const modules = moduleEntries
    .map((entry) => entry.data)
    .sort((a, b) => a.number - b.number)
    .map((mod) => ({ ...mod, lessons: lessons.filter((lesson) => lesson.data.module === mod.number) }));
  for (const lesson of lessons) {
    if (!modules.some((mod) => mod.number === lesson.data.module)) {
      throw new Error(
        `content/lessons/${lesson.id}.mdx (module): module ${lesson.data.module} is not in content/modules.json`,
      );
    }
  }
  const orders = new Map<number, string>();
  for (const lesson of lessons) {
    const other = orders.get(lesson.data.order);
    if (other) {
      throw new Error(`content/lessons/${lesson.id}.mdx (order): order ${lesson.data.order} is also used by ${other}`);
    }
    orders.set(lesson.data.order, lesson.id);
  }
  return { modules, lessons };
}

/** Ids of the quizzes in a lesson, so pages can show quiz progress without rendering the lesson. */
export function lessonQuizIds(lesson: CourseLesson): string[] {
  return findQuizIds(lesson.body ?? '');
}

export function lessonHref(slug: string): string {
  return `${import.meta.env.BASE_URL}lessons/${slug}/`;
}

export function moduleHref(number: number): string {
  return `${import.meta.env.BASE_URL}modules/${number}/`;
}
