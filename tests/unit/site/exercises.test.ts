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
