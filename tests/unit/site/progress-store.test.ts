import { beforeEach, describe, expect, it } from 'vitest';
import {
  emptyProgress,
  exerciseStatus,
  exportProgress,
  importProgress,
  loadProgress,
  markExerciseCompleted,
  markLessonRead,
  normaliseProgress,
  ProgressImportError,
  recordExerciseCheck,
  recordQuiz,
  resetProgress,
} from '../../../src/islands/index.ts';

class MemoryStorage {
  #items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
}

beforeEach(() => {
  Object.defineProperty(globalThis, 'localStorage', { value: new MemoryStorage(), configurable: true });
});

describe('progress store', () => {
  it('records lessons, quizzes and exercises and reads them back', () => {
    markLessonRead('what-import-does');
    recordQuiz('l1-q1', [2], true);
    markExerciseCompleted('01-import-side-effects', 80);
    markExerciseCompleted('01-import-side-effects', 100);
    markExerciseCompleted('01-import-side-effects', 50);
    const progress = loadProgress();
    expect(Object.keys(progress.lessons)).toEqual(['what-import-does']);
    expect(progress.quizzes['l1-q1']).toMatchObject({ passed: true, answer: [2] });
    expect(progress.exercises['01-import-side-effects']?.score).toBe(100);
  });

  it('keeps a passed quiz passed after a later wrong answer', () => {
    recordQuiz('q', [0], true);
    recordQuiz('q', [1], false);
    expect(loadProgress().quizzes.q).toMatchObject({ passed: true, answer: [0] });
  });

  it('survives corrupted storage and keeps the unreadable value aside', () => {
    localStorage.setItem('strata:progress', '{not json');
    expect(loadProgress()).toEqual(emptyProgress());
    expect(localStorage.getItem('strata:progress:corrupt')).toBe('{not json');
  });

  it('sets aside stored JSON that is not a progress object, such as an array or a number', () => {
    for (const value of ['[1,2]', '42', 'null']) {
      localStorage.setItem('strata:progress', value);
      expect(loadProgress()).toEqual(emptyProgress());
      expect(localStorage.getItem('strata:progress:corrupt')).toBe(value);
    }
    markLessonRead('after');
    expect(Object.keys(loadProgress().lessons)).toEqual(['after']);
  });

  it('upgrades the old unversioned format and drops malformed entries', () => {
    const upgraded = normaliseProgress({ read: ['a', 3, 'b'], quizzes: { q1: true, q2: 'yes' } });
    expect(Object.keys(upgraded.lessons)).toEqual(['a', 'b']);
    expect(Object.keys(upgraded.quizzes)).toEqual(['q1']);
    const cleaned = normaliseProgress({ version: 1, lessons: { a: 5, b: {} }, exercises: { e: { score: 'x' } } });
    expect(Object.keys(cleaned.lessons)).toEqual(['b']);
    expect(cleaned.exercises.e?.score).toBe(100);
  });

  it('exports, resets and imports back to the same progress', () => {
    markLessonRead('x');
    recordQuiz('q', [1, 2], true);
    const file = exportProgress();
    resetProgress();
    expect(loadProgress()).toEqual(emptyProgress());
    importProgress(file);
    expect(Object.keys(loadProgress().lessons)).toEqual(['x']);
    expect(loadProgress().quizzes.q?.answer).toEqual([1, 2]);
  });

  it('rejects a file that is not a progress export, leaving progress untouched', () => {
    markLessonRead('kept');
    expect(() => importProgress('hello')).toThrow(ProgressImportError);
    expect(() => importProgress('{"version": 7}')).toThrow(/unknown format/);
    expect(Object.keys(loadProgress().lessons)).toEqual(['kept']);
  });

  it('records every Check of an exercise: best and last score, how many; 100% completes it', () => {
    const id = '01-import-side-effects';
    expect(exerciseStatus(loadProgress(), id)).toEqual({ state: 'not-started' });
    recordExerciseCheck(id, 35);
    recordExerciseCheck(id, 60);
    recordExerciseCheck(id, 40);
    expect(loadProgress().checks[id]).toMatchObject({ best: 60, last: 40, count: 3 });
    expect(exerciseStatus(loadProgress(), id)).toEqual({ state: 'in-progress', best: 60, checks: 3 });
    expect(loadProgress().exercises[id]).toBeUndefined();
    recordExerciseCheck(id, 100);
    expect(exerciseStatus(loadProgress(), id)).toEqual({ state: 'passed', best: 100 });
    recordExerciseCheck(id, 20);
    expect(exerciseStatus(loadProgress(), id)).toEqual({ state: 'passed', best: 100 });
    expect(loadProgress().checks[id]).toMatchObject({ best: 100, last: 20, count: 5 });
  });

  it('reads an exercise completed before Checks were recorded as passed', () => {
    markExerciseCompleted('02-public-api', 100);
    expect(exerciseStatus(loadProgress(), '02-public-api')).toEqual({ state: 'passed', best: 100 });
  });

  it('keeps Checks through export and import, and drops malformed ones', () => {
    recordExerciseCheck('e', 35);
    const file = exportProgress();
    resetProgress();
    importProgress(file);
    expect(loadProgress().checks.e).toMatchObject({ best: 35, last: 35, count: 1 });
    const cleaned = normaliseProgress({
      version: 1,
      checks: {
        a: { best: 50, last: 20, count: 2 },
        b: { best: 'x', last: 1, count: 1 },
        c: { best: 120, last: 1, count: 1 },
        d: { best: 5, last: 5, count: 0 },
      },
    });
    expect(Object.keys(cleaned.checks)).toEqual(['a']);
    expect(normaliseProgress({ version: 1 }).checks).toEqual({});
  });
});
