import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCourse, courseExercises, stepsAfterExercise } from '../../../src/site/index.ts';
import type { CourseLesson, ExerciseRef } from '../../../src/site/index.ts';
import type { CourseModule } from '../../../src/schemas/index.ts';

function mod(number: number): { data: CourseModule } {
  return {
    data: { id: `module-${number}`, number, title: `Module ${number}`, summary: 'A module summary long enough.' },
  };
}

function lesson(id: string, module: number, order: number, draft = false): CourseLesson {
  return {
    id,
    data: {
      title: `Lesson ${id}`,
      summary: 'A lesson summary that is long enough.',
      module,
      order,
      minutes: 5,
      objectives: ['Learn it'],
      draft,
    },
  };
}

const exercise = (id: string, practised: string): ExerciseRef => ({ id, title: `Exercise ${id}`, lesson: practised });

// Lessons a, b (module 1), c, d (module 2); d is a draft. Exercises are listed out of order on purpose.
const course = buildCourse(
  [mod(2), mod(1)],
  [lesson('c', 2, 3), lesson('a', 1, 1), lesson('b', 1, 2), lesson('d', 2, 4, true)],
  { drafts: false },
);
const exercises = [exercise('03-c', 'c'), exercise('02-a', 'a'), exercise('01-a', 'a'), exercise('04-d', 'd')];

describe('courseExercises', () => {
  it('orders exercises by their lesson, then by id, each with its lesson and module', () => {
    const placed = courseExercises(course, exercises);
    expect(placed.map((entry) => [entry.meta.id, entry.lesson.id, entry.module.number])).toEqual([
      ['01-a', 'a', 1],
      ['02-a', 'a', 1],
      ['03-c', 'c', 2],
    ]);
  });
});

describe('stepsAfterExercise', () => {
  it('offers the next exercise and the lesson after the one practised', () => {
    expect(stepsAfterExercise(course, exercises, '02-a')).toEqual([
      { kind: 'exercise', title: 'Exercise 03-c', href: '/exercises/03-c/' },
      { kind: 'lesson', title: 'Lesson b', href: '/lessons/b/' },
    ]);
  });

  it('offers only what exists: the last exercise of the course before its last lesson', () => {
    expect(stepsAfterExercise(course, exercises, '03-c')).toEqual([]);
    const withMore = buildCourse([mod(1), mod(2)], [lesson('a', 1, 1), lesson('c', 2, 3), lesson('e', 2, 5)], {
      drafts: false,
    });
    expect(stepsAfterExercise(withMore, exercises, '03-c')).toEqual([
      { kind: 'lesson', title: 'Lesson e', href: '/lessons/e/' },
    ]);
  });

  it('offers nothing for an exercise outside the course', () => {
    expect(stepsAfterExercise(course, exercises, '04-d')).toEqual([]);
  });
});

describe('the real course', () => {
  // The scalar front matter fields the course order needs, read without a YAML parser.
  const field = (source: string, name: string) => new RegExp(`^${name}: *"?(.*?)"?$`, 'm').exec(source)?.[1];
  const lessons = readdirSync('content/lessons')
    .filter((file) => file.endsWith('.mdx'))
    .map((file) => {
      const source = readFileSync(join('content/lessons', file), 'utf8');
      const front = /^---\n([\s\S]*?)\n---\n/.exec(source)![1]!;
      return {
        id: file.replace(/\.mdx$/, ''),
        exercise: field(front, 'exercise'),
        data: {
          title: field(front, 'title')!,
          summary: field(front, 'summary')!,
          module: Number(field(front, 'module')),
          order: Number(field(front, 'order')),
          minutes: Number(field(front, 'minutes')),
          objectives: [],
          draft: field(front, 'draft') === 'true',
        },
      };
    });
  const modules = (JSON.parse(readFileSync('content/modules.json', 'utf8')) as CourseModule[]).map((data) => ({
    data,
  }));
  const metas = readdirSync('exercises')
    .filter((folder) => /^\d{2}-/.test(folder))
    .map((folder) => JSON.parse(readFileSync(join('exercises', folder, 'exercise.json'), 'utf8')) as ExerciseRef);
  const real = buildCourse(modules, lessons, { drafts: false });

  it('names each exercise in the front matter of the lesson it practises, and in no other', () => {
    for (const meta of metas) {
      const naming = lessons.filter((entry) => entry.exercise === meta.id).map((entry) => entry.id);
      expect(naming, `${meta.id} practises ${meta.lesson}`).toEqual([meta.lesson]);
    }
  });

  it('ends with the capstone, after every module 6 lesson, with nothing after it', () => {
    const placed = courseExercises(real, metas);
    expect(placed).toHaveLength(metas.length);
    const last = placed.at(-1)!;
    expect(last.meta.id).toBe('12-order-hexagon-capstone');
    expect(last.module.number).toBe(6);
    expect(last.lesson).toBe(real.lessons.at(-1));
    expect(stepsAfterExercise(real, metas, last.meta.id)).toEqual([]);
    // The capstone needs module 6's aggregates and events: it comes after the exercises on them.
    const position = (id: string) => placed.findIndex((entry) => entry.meta.id === id);
    expect(position('14-unit-of-work-checkout')).toBeLessThan(position(last.meta.id));
    expect(position('15-message-bus-side-effects')).toBeLessThan(position(last.meta.id));
  });
});
