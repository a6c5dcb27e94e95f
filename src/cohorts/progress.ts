// A learner's course progress: lessons read, quizzes answered, exercises checked and completed.
// The browser keeps a copy in localStorage; a signed-in learner's account keeps one on the cohort
// server, so it follows them to another browser. Both copies are normalised the same way here, and
// two copies merge without losing anything either one recorded (see mergeProgress).

export const PROGRESS_VERSION = 1;

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

/** At most this many entries are kept per kind (the course has far fewer lessons and exercises). */
export const MAX_PROGRESS_ENTRIES = 1000;
/** Longer ids than this are not lesson, quiz or exercise ids and are dropped. */
const MAX_ID_LENGTH = 200;

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, lessons: {}, quizzes: {}, exercises: {}, checks: {} };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick<T>(value: unknown, accept: (entry: Record<string, unknown>) => T | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  if (!isRecord(value)) return out;
  let kept = 0;
  for (const [key, entry] of Object.entries(value)) {
    if (kept >= MAX_PROGRESS_ENTRIES) break;
    if (key.length === 0 || key.length > MAX_ID_LENGTH || !isRecord(entry)) continue;
    const accepted = accept(entry);
    if (accepted === undefined) continue;
    out[key] = accepted;
    kept += 1;
  }
  return out;
}

/** An ISO time, or `fallback` for anything that is not a readable date. */
const time = (value: unknown, fallback: string) =>
  typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value)) ? value : fallback;
const isScore = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;

/**
 * Normalises stored, imported or uploaded data into the current shape. Version 0 (before
 * versioning) was `{ read: string[], quizzes: Record<string, boolean> }`; unknown fields and
 * malformed entries are dropped.
 */
export function normaliseProgress(raw: unknown): Progress {
  if (!isRecord(raw)) return emptyProgress();
  const now = new Date(0).toISOString();
  if (raw.version === undefined && Array.isArray(raw.read)) {
    const lessons: Progress['lessons'] = {};
    for (const slug of raw.read.slice(0, MAX_PROGRESS_ENTRIES)) {
      if (typeof slug === 'string' && slug.length > 0 && slug.length <= MAX_ID_LENGTH) lessons[slug] = { readAt: now };
    }
    const quizzes: Progress['quizzes'] = {};
    if (isRecord(raw.quizzes)) {
      for (const [id, passed] of Object.entries(raw.quizzes).slice(0, MAX_PROGRESS_ENTRIES)) {
        if (typeof passed === 'boolean' && id.length <= MAX_ID_LENGTH) quizzes[id] = { passed, answer: [], at: now };
      }
    }
    return { version: PROGRESS_VERSION, lessons, quizzes, exercises: {}, checks: {} };
  }
  return {
    version: PROGRESS_VERSION,
    lessons: pick(raw.lessons, (entry) => ({ readAt: time(entry.readAt, now) })),
    quizzes: pick(raw.quizzes, (entry) =>
      typeof entry.passed === 'boolean'
        ? {
            passed: entry.passed,
            answer: Array.isArray(entry.answer)
              ? entry.answer.slice(0, 50).filter((n): n is number => Number.isInteger(n))
              : [],
            at: time(entry.at, now),
          }
        : undefined,
    ),
    exercises: pick(raw.exercises, (entry) => ({
      completedAt: time(entry.completedAt, now),
      score: isScore(entry.score) ? entry.score : 100,
    })),
    checks: pick(raw.checks, (entry) => {
      const { best, last, count } = entry;
      if (!isScore(best) || !isScore(last) || !Number.isInteger(count) || (count as number) < 1) return undefined;
      return { best, last, count: count as number, at: time(entry.at, now) };
    }),
  };
}

const later = (a: string, b: string) => (Date.parse(b) > Date.parse(a) ? b : a);
const earlier = (a: string, b: string) => (Date.parse(b) < Date.parse(a) ? b : a);

function mergeRecords<T>(a: Record<string, T>, b: Record<string, T>, both: (x: T, y: T) => T): Record<string, T> {
  const out: Record<string, T> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const mine = out[key];
    out[key] = mine === undefined ? value : both(mine, value);
  }
  return out;
}

/**
 * Merges two copies of a learner's progress (this browser's and the account's) so that nothing
 * either recorded is lost: a lesson read in either is read (first reading kept); a quiz passed in
 * either stays passed (otherwise the latest answer); the better completion and the best Check
 * score win, and the latest Check gives "last". The merge is commutative and idempotent, so
 * browsers syncing in any order agree.
 */
export function mergeProgress(a: Progress, b: Progress): Progress {
  return {
    version: PROGRESS_VERSION,
    lessons: mergeRecords(a.lessons, b.lessons, (x, y) => ({ readAt: earlier(x.readAt, y.readAt) })),
    quizzes: mergeRecords(a.quizzes, b.quizzes, (x, y) => {
      if (x.passed !== y.passed) return x.passed ? x : y;
      if (x.at === y.at) return JSON.stringify(x.answer) <= JSON.stringify(y.answer) ? x : y;
      return later(x.at, y.at) === x.at ? x : y;
    }),
    exercises: mergeRecords(a.exercises, b.exercises, (x, y) => {
      if (x.score !== y.score) return x.score > y.score ? x : y;
      return { completedAt: earlier(x.completedAt, y.completedAt), score: x.score };
    }),
    checks: mergeRecords(a.checks, b.checks, (x, y) => {
      const latest = x.at === y.at ? (x.last >= y.last ? x : y) : later(x.at, y.at) === x.at ? x : y;
      return {
        best: Math.max(x.best, y.best),
        last: latest.last,
        count: Math.max(x.count, y.count),
        at: latest.at,
      };
    }),
  };
}

/** True when the two copies record the same progress (the order of entries aside). */
export function sameProgress(a: Progress, b: Progress): boolean {
  const canonical = (p: Progress) =>
    JSON.stringify(p, (_key, value: unknown) =>
      isRecord(value) ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1))) : value,
    );
  return canonical(a) === canonical(b);
}
