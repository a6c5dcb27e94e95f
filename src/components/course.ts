import { getCollection } from 'astro:content';
import type { CollectionEntry } from 'astro:content';
import type { CourseModule } from '../schemas/index.ts';
import { findQuizIds } from './quiz-ids.ts';

export type LessonEntry = CollectionEntry<'lessons'>;

export interface CourseModuleWithLessons extends CourseModule {
  lessons: LessonEntry[];
}

/** The course in reading order: modules by number, lessons by `order`; drafts only in development. */
export async function getCourse(): Promise<{ modules: CourseModuleWithLessons[]; lessons: LessonEntry[] }> {
  const lessons = (await getCollection('lessons', (entry) => import.meta.env.DEV || !entry.data.draft)).sort(
    (a, b) => a.data.order - b.data.order,
  );
  const modules = (await getCollection('modules'))
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
export function lessonQuizIds(lesson: LessonEntry): string[] {
  return findQuizIds(lesson.body ?? '');
}

export function lessonHref(slug: string): string {
  return `${import.meta.env.BASE_URL}lessons/${slug}/`;
}

export function moduleHref(number: number): string {
  return `${import.meta.env.BASE_URL}modules/${number}/`;
}
