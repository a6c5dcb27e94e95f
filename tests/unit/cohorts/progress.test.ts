// The progress merge that lets a learner's progress follow them between browsers: whatever either
// copy recorded survives, and browsers syncing in any order end up with the same progress.
import { describe, expect, it } from 'vitest';
import {
  emptyProgress,
  MAX_PROGRESS_ENTRIES,
  mergeProgress,
  normaliseProgress,
  sameProgress,
} from '../../../src/cohorts/index.ts';
import type { Progress } from '../../../src/cohorts/index.ts';

/** A small deterministic generator (mulberry32), so a failing case can be replayed by its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function arbitraryProgress(next: () => number): Progress {
  const ids = ['a', 'b', 'c', 'd'];
  const time = () => new Date(Date.UTC(2026, 10, 1 + Math.floor(next() * 5), Math.floor(next() * 3))).toISOString();
  const score = () => [0, 40, 75, 100][Math.floor(next() * 4)] ?? 0;
  const progress = emptyProgress();
  for (const id of ids) {
    if (next() < 0.5) progress.lessons[id] = { readAt: time() };
    if (next() < 0.5) progress.quizzes[id] = { passed: next() < 0.5, answer: [Math.floor(next() * 3)], at: time() };
    if (next() < 0.4) progress.exercises[id] = { completedAt: time(), score: 90 + Math.floor(next() * 2) * 10 };
    if (next() < 0.5) {
      const last = score();
      progress.checks[id] = { best: Math.max(last, score()), last, count: 1 + Math.floor(next() * 4), at: time() };
    }
  }
  return progress;
}

describe('mergeProgress', () => {
  it('keeps everything either copy recorded', () => {
    const phone: Progress = {
      ...emptyProgress(),
      lessons: { layers: { readAt: '2026-11-02T00:00:00.000Z' } },
      quizzes: { q: { passed: true, answer: [1], at: '2026-11-01T00:00:00.000Z' } },
      checks: { ex: { best: 80, last: 20, count: 3, at: '2026-11-01T00:00:00.000Z' } },
    };
    const laptop: Progress = {
      ...emptyProgress(),
      lessons: { layers: { readAt: '2026-11-01T00:00:00.000Z' }, imports: { readAt: '2026-11-03T00:00:00.000Z' } },
      quizzes: { q: { passed: false, answer: [2], at: '2026-11-05T00:00:00.000Z' } },
      exercises: { ex: { completedAt: '2026-11-04T00:00:00.000Z', score: 100 } },
      checks: { ex: { best: 100, last: 100, count: 1, at: '2026-11-04T00:00:00.000Z' } },
    };
    const merged = mergeProgress(phone, laptop);
    expect(merged.lessons).toEqual({
      layers: { readAt: '2026-11-01T00:00:00.000Z' },
      imports: { readAt: '2026-11-03T00:00:00.000Z' },
    });
    // A quiz once passed stays passed, even after a later wrong answer elsewhere.
    expect(merged.quizzes.q).toEqual({ passed: true, answer: [1], at: '2026-11-01T00:00:00.000Z' });
    expect(merged.exercises.ex).toEqual({ completedAt: '2026-11-04T00:00:00.000Z', score: 100 });
    expect(merged.checks.ex).toEqual({ best: 100, last: 100, count: 3, at: '2026-11-04T00:00:00.000Z' });
  });

  it('is commutative, associative and idempotent, so the order of syncs does not matter (300 seeded cases)', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const next = random(seed);
      const [a, b, c] = [arbitraryProgress(next), arbitraryProgress(next), arbitraryProgress(next)];
      const why = `seed ${seed}`;
      expect(sameProgress(mergeProgress(a, b), mergeProgress(b, a)), why).toBe(true);
      expect(sameProgress(mergeProgress(mergeProgress(a, b), c), mergeProgress(a, mergeProgress(b, c))), why).toBe(
        true,
      );
      expect(sameProgress(mergeProgress(a, a), a), why).toBe(true);
      const ab = mergeProgress(a, b);
      expect(sameProgress(mergeProgress(ab, b), ab), why).toBe(true);
    }
  });
});

describe('normaliseProgress', () => {
  it('drops malformed entries, unreadable times and out-of-range scores', () => {
    const progress = normaliseProgress({
      version: 1,
      lessons: { ok: { readAt: '2026-11-01T00:00:00.000Z' }, odd: { readAt: 'yesterday' }, bad: 'x' },
      checks: { high: { best: 900, last: 1, count: 1 }, zero: { best: 10, last: 10, count: 0 } },
      exercises: { done: { completedAt: '2026-11-01T00:00:00.000Z', score: -5 } },
    });
    expect(progress.lessons).toEqual({
      ok: { readAt: '2026-11-01T00:00:00.000Z' },
      odd: { readAt: '1970-01-01T00:00:00.000Z' },
    });
    expect(progress.checks).toEqual({});
    expect(progress.exercises.done?.score).toBe(100);
  });

  it(`keeps at most ${MAX_PROGRESS_ENTRIES} entries of a kind and drops ids longer than 200 characters`, () => {
    const read = { readAt: '2026-11-01T00:00:00.000Z' };
    const lessons: Record<string, typeof read> = { ['x'.repeat(201)]: read };
    for (let i = 0; i < MAX_PROGRESS_ENTRIES + 50; i += 1) lessons[`l${i}`] = read;
    const progress = normaliseProgress({ version: 1, lessons });
    expect(Object.keys(progress.lessons)).toHaveLength(MAX_PROGRESS_ENTRIES);
    expect(progress.lessons['x'.repeat(201)]).toBeUndefined();
  });

  it('reads the version-0 shape', () => {
    expect(normaliseProgress({ read: ['a'], quizzes: { q: true } })).toMatchObject({
      lessons: { a: {} },
      quizzes: { q: { passed: true } },
    });
  });
});
