// Course progress kept in the browser: lessons read, quizzes passed, exercises checked and completed.
// Stored as versioned JSON in localStorage; anything unreadable is set aside, never thrown at the page.

export const PROGRESS_KEY = 'strata:progress';
export const PROGRESS_EVENT = 'strata:progress-changed';
const VERSION = 1;

export interface QuizResult {
  passed: boolean;
  answer: number[];
  at: string;
}

/** The Checks of one exercise (Run does not count: it grades the visible tests only). */
export interface ExerciseChecks {
  /** Best score of any Check, 0-100. */
  best: number;
  /** Score of the latest Check. */
  last: number;
  count: number;
  at: string;
}

export interface Progress {
  version: 1;
  lessons: Record<string, { readAt: string }>;
  quizzes: Record<string, QuizResult>;
  /** Exercises completed (a Check at 100%). */
  exercises: Record<string, { completedAt: string; score: number }>;
  /** Every exercise checked at least once, passed or not; added within version 1 (absent reads as none). */
  checks: Record<string, ExerciseChecks>;
}

/** Where a learner stands on an exercise: no Check yet, checked below 100%, or passed. */
export type ExerciseStatus =
  { state: 'not-started' } | { state: 'in-progress'; best: number; checks: number } | { state: 'passed'; best: number };

export class ProgressImportError extends Error {
  override name = 'ProgressImportError';
}

export function emptyProgress(): Progress {
  return { version: VERSION, lessons: {}, quizzes: {}, exercises: {}, checks: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick<T>(value: unknown, accept: (entry: Record<string, unknown>) => T | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  if (!isRecord(value)) return out;
  for (const [key, entry] of Object.entries(value)) {
    if (!isRecord(entry)) continue;
    const accepted = accept(entry);
    if (accepted !== undefined) out[key] = accepted;
  }
  return out;
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
const isScore = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;

/**
 * Normalises stored or imported data into the current shape. Version 0 (before versioning) was
 * `{ read: string[], quizzes: Record<string, boolean> }`; unknown fields and malformed entries are dropped.
 */
export function normaliseProgress(raw: unknown): Progress {
  if (!isRecord(raw)) return emptyProgress();
  const now = new Date(0).toISOString();
  if (raw.version === undefined && Array.isArray(raw.read)) {
    const lessons: Progress['lessons'] = {};
    for (const slug of raw.read) if (typeof slug === 'string') lessons[slug] = { readAt: now };
    const quizzes: Progress['quizzes'] = {};
    if (isRecord(raw.quizzes)) {
      for (const [id, passed] of Object.entries(raw.quizzes)) {
        if (typeof passed === 'boolean') quizzes[id] = { passed, answer: [], at: now };
      }
    }
    return { version: VERSION, lessons, quizzes, exercises: {}, checks: {} };
  }
  return {
    version: VERSION,
    lessons: pick(raw.lessons, (entry) => ({ readAt: text(entry.readAt, now) })),
    quizzes: pick(raw.quizzes, (entry) =>
      typeof entry.passed === 'boolean'
        ? {
            passed: entry.passed,
            answer: Array.isArray(entry.answer) ? entry.answer.filter((n): n is number => Number.isInteger(n)) : [],
            at: text(entry.at, now),
          }
        : undefined,
    ),
    exercises: pick(raw.exercises, (entry) => ({
      completedAt: text(entry.completedAt, now),
      score: typeof entry.score === 'number' && Number.isFinite(entry.score) ? entry.score : 100,
    })),
    checks: pick(raw.checks, (entry) => {
      const { best, last, count } = entry;
      if (!isScore(best) || !isScore(last) || !Number.isInteger(count) || (count as number) < 1) return undefined;
      return { best, last, count: count as number, at: text(entry.at, now) };
    }),
  };
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled (privacy mode, sandboxed iframe)
  }
}

export function loadProgress(): Progress {
  const raw = storage()?.getItem(PROGRESS_KEY);
  if (!raw) return emptyProgress();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (isRecord(parsed)) return normaliseProgress(parsed);
  // Keep the unreadable value for a human to inspect instead of silently losing it on the next save.
  setAside(raw);
  return emptyProgress();
}

function setAside(raw: string): void {
  try {
    storage()?.setItem(`${PROGRESS_KEY}:corrupt`, raw);
  } catch {
    // storage full or read-only: nothing more can be kept
  }
}

function saveProgress(progress: Progress): Progress {
  try {
    storage()?.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch (error) {
    console.warn('Strata: progress could not be saved', error);
  }
  globalThis.dispatchEvent?.(new CustomEvent(PROGRESS_EVENT, { detail: progress }));
  return progress;
}

function update(change: (progress: Progress) => void): Progress {
  const progress = loadProgress();
  change(progress);
  return saveProgress(progress);
}

export function markLessonRead(slug: string): Progress {
  return update((progress) => {
    progress.lessons[slug] ??= { readAt: new Date().toISOString() };
  });
}

export function recordQuiz(id: string, answer: number[], passed: boolean): Progress {
  return update((progress) => {
    // A quiz once passed stays passed; a later wrong try does not erase it.
    const before = progress.quizzes[id];
    if (before?.passed && !passed) return;
    progress.quizzes[id] = { passed, answer, at: new Date().toISOString() };
  });
}

export function markExerciseCompleted(id: string, score: number): Progress {
  return update((progress) => {
    const before = progress.exercises[id];
    if (!before || before.score < score) progress.exercises[id] = { completedAt: new Date().toISOString(), score };
  });
}

/** Records a Check's score; a Check at 100% also completes the exercise. */
export function recordExerciseCheck(id: string, score: number): Progress {
  return update((progress) => {
    const at = new Date().toISOString();
    const before = progress.checks[id];
    progress.checks[id] = {
      best: Math.max(before?.best ?? 0, score),
      last: score,
      count: (before?.count ?? 0) + 1,
      at,
    };
    const completed = progress.exercises[id];
    if (score >= 100 && (!completed || completed.score < score)) progress.exercises[id] = { completedAt: at, score };
  });
}

/** The learner's standing on one exercise, from the progress kept in this browser. */
export function exerciseStatus(progress: Progress, id: string): ExerciseStatus {
  const completed = progress.exercises[id];
  const checks = progress.checks[id];
  if (completed) return { state: 'passed', best: Math.max(completed.score, checks?.best ?? 0) };
  if (checks) return { state: 'in-progress', best: checks.best, checks: checks.count };
  return { state: 'not-started' };
}

export function exportProgress(): string {
  return JSON.stringify({ ...loadProgress(), exportedAt: new Date().toISOString() }, null, 2);
}

/** Replaces the stored progress with an exported file's content; throws ProgressImportError on a bad file. */
export function importProgress(fileText: string): Progress {
  let raw: unknown;
  try {
    raw = JSON.parse(fileText);
  } catch {
    throw new ProgressImportError('This file is not a Strata progress export (it is not JSON).');
  }
  if (!isRecord(raw) || (raw.version !== VERSION && !Array.isArray(raw.read))) {
    throw new ProgressImportError('This file is not a Strata progress export (unknown format or version).');
  }
  return saveProgress(normaliseProgress(raw));
}

export function resetProgress(): Progress {
  return saveProgress(emptyProgress());
}
