import { describe, expect, it } from 'vitest';
import { buildCourse, lessonQuizIds } from '../../../src/site/index.ts';
import type { CourseLesson } from '../../../src/site/index.ts';
import type { CourseModule } from '../../../src/schemas/index.ts';

function mod(number: number): { data: CourseModule } {
  return {
    data: { id: `module-${number}`, number, title: `Module ${number}`, summary: 'A module summary long enough.' },
  };
}

function lesson(
  id: string,
  module: number,
  order: number,
  extra: { draft?: boolean; body?: string } = {},
): CourseLesson {
  return {
    id,
    body: extra.body,
    data: {
      title: `Lesson ${id}`,
      summary: 'A lesson summary that is long enough.',
      module,
      order,
      minutes: 5,
      objectives: ['Learn it'],
      draft: extra.draft ?? false,
    },
  };
}

describe('buildCourse', () => {
  it('orders modules by number and lessons by order, each module with its lessons', () => {
    const course = buildCourse([mod(2), mod(1)], [lesson('c', 2, 3), lesson('a', 1, 1), lesson('b', 1, 2)], {
      drafts: false,
    });
    expect(course.lessons.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
    expect(course.modules.map((entry) => [entry.number, entry.lessons.map((l) => l.id)])).toEqual([
      [1, ['a', 'b']],
      [2, ['c']],
    ]);
  });

  it('keeps drafts only when asked (development)', () => {
    const lessons = [lesson('a', 1, 1), lesson('draft', 1, 2, { draft: true })];
    expect(buildCourse([mod(1)], lessons, { drafts: false }).lessons.map((entry) => entry.id)).toEqual(['a']);
    expect(buildCourse([mod(1)], lessons, { drafts: true }).lessons.map((entry) => entry.id)).toEqual(['a', 'draft']);
  });

  it('names the lesson file and field when its module does not exist', () => {
    expect(() => buildCourse([mod(1)], [lesson('lost', 3, 1)], { drafts: false })).toThrow(
      'content/lessons/lost.mdx (module): module 3 is not in content/modules.json',
    );
  });

  it('names both lessons when two share an order', () => {
    expect(() => buildCourse([mod(1)], [lesson('first', 1, 4), lesson('second', 1, 4)], { drafts: false })).toThrow(
      /content\/lessons\/(first|second)\.mdx \(order\): order 4 is also used by (first|second)/,
    );
  });

  it('ignores a draft that would clash when drafts are left out', () => {
    const lessons = [lesson('a', 1, 1), lesson('draft', 7, 1, { draft: true })];
    expect(buildCourse([mod(1)], lessons, { drafts: false }).lessons).toHaveLength(1);
    expect(() => buildCourse([mod(1)], lessons, { drafts: true })).toThrow(/draft\.mdx \(module\)/);
  });
});

describe('lessonQuizIds', () => {
  it('reads quiz ids from the lesson source, and none from a lesson without a body', () => {
    expect(lessonQuizIds(lesson('a', 1, 1, { body: '<Quiz id="a-q1" question="?" options={[]} />' }))).toEqual([
      'a-q1',
    ]);
    expect(lessonQuizIds(lesson('b', 1, 2))).toEqual([]);
  });
});
