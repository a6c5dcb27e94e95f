// Course progress kept in the browser: lessons read, quizzes passed, exercises checked and completed.
// Stored as versioned JSON in localStorage; anything unreadable is set aside, never thrown at the page.

import {
  emptyProgress,
  isRecord,
  mergeProgress,
  normaliseProgress,
  PROGRESS_VERSION,
  sameProgress,
} from '../../cohorts/progress.ts';
import type { Progress } from '../../cohorts/progress.ts';

export { emptyProgress, normaliseProgress };
export type { ExerciseChecks, Progress, QuizResult } from '../../cohorts/progress.ts';

export const PROGRESS_KEY = 'strata:progress';
export const PROGRESS_EVENT = 'strata:progress-changed';

/** Where a learner stands on an exercise: no Check yet, checked below 100%, or passed. */
export type ExerciseStatus =
  { state: 'not-started' } | { state: 'in-progress'; best: number; checks: number } | { state: 'passed'; best: number };

export class ProgressImportError extends Error {
  override name = 'ProgressImportError';
}

/** This browser's localStorage, or undefined where storage is disabled. */
export function storage(): Storage | undefined {
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

/** What PROGRESS_EVENT carries: the progress now, and how it came to be. */
export interface ProgressChange {
  progress: Progress;
  /** 'recorded': something was added; 'replaced': an import or a reset replaced it all; 'merged': the account's copy was merged in. */
  how: 'recorded' | 'replaced' | 'merged';
}

function saveProgress(progress: Progress, how: ProgressChange['how'] = 'recorded'): Progress {
  try {
    storage()?.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch (error) {
    console.warn('Strata: progress could not be saved', error);
  }
  const detail: ProgressChange = { progress, how };
  globalThis.dispatchEvent?.(new CustomEvent(PROGRESS_EVENT, { detail }));
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
  if (!isRecord(raw) || (raw.version !== PROGRESS_VERSION && !Array.isArray(raw.read))) {
    throw new ProgressImportError('This file is not a Strata progress export (unknown format or version).');
  }
  return saveProgress(normaliseProgress(raw), 'replaced');
}

/**
 * Merges the account's copy of the progress into this browser's and saves the result when it adds
 * anything; returns the merged progress (what the account should hold too).
 */
export function mergeAccountProgress(account: Progress): Progress {
  const local = loadProgress();
  const merged = mergeProgress(local, account);
  return sameProgress(merged, local) ? local : saveProgress(merged, 'merged');
}

/** Replaces this browser's progress with the account's copy (another learner signed in here). */
export function replaceWithAccountProgress(account: Progress): Progress {
  return saveProgress(account, 'merged');
}

export function resetProgress(): Progress {
  return saveProgress(emptyProgress(), 'replaced');
}
