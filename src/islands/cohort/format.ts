// Pure helpers the cohort pages share: dates between <input type="datetime-local"> and the API's
// ISO strings, scores and marks as words, and what the address says (a code, a token, an id).
// No DOM here, so unit tests run them as they are.
import type { CountedScore, SubmissionStatus, SubmissionSummary } from './types.ts';

/**
 * A datetime-local value ("2025-05-01T17:00", the reader's own time zone) as an ISO instant, or
 * null for an empty field. Throws on a value that is not a date.
 */
export function localToIso(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const date = new Date(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(trimmed) || Number.isNaN(date.getTime())) {
    throw new RangeError(`"${value}" is not a date and time`);
  }
  return date.toISOString();
}

/** An ISO instant as a datetime-local value in the reader's time zone (minutes), '' for null. */
export function isoToLocal(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A date for people: "1 May 2025, 17:00" in the reader's locale and zone; `none` when unset. */
export function formatWhen(iso: string | null | undefined, none = 'not set'): string {
  if (!iso) return none;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? none : WHEN.format(date);
}

const WHEN_EXACT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A date to the second ("1 May 2025, 17:00:30"): when a learner may submit again. */
export function formatWhenExact(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : WHEN_EXACT.format(date);
}

/** A 0–100 score without trailing zeros ("75", "37.5"); `none` when nothing counts yet. */
export function formatScore(score: number | null | undefined, none = 'no score yet'): string {
  if (score === null || score === undefined) return none;
  return `${Math.round(score * 100) / 100}`;
}

/** The words that qualify a counted score: "late", "overridden". */
export function scoreMarks(cell: Pick<CountedScore, 'late' | 'overridden'>): string[] {
  const marks: string[] = [];
  if (cell.late) marks.push('late');
  if (cell.overridden) marks.push('overridden');
  return marks;
}

/** A counted score in one phrase: "75 (late, overridden)", "no score yet". */
export function describeCell(cell: Pick<CountedScore, 'score' | 'late' | 'overridden'> | undefined): string {
  if (!cell) return formatScore(null);
  const marks = scoreMarks(cell);
  return marks.length > 0 ? `${formatScore(cell.score)} (${marks.join(', ')})` : formatScore(cell.score);
}

/**
 * Why a counted score is lower than the grader's, in a sentence (late credit), or null when it is
 * not reduced (on time, overridden, or nothing counted yet).
 */
export function describeCredit(
  cell: Pick<CountedScore, 'score' | 'late' | 'overridden' | 'rawScore'> | undefined,
  lateCreditPct: number,
): string | null {
  if (!cell || cell.overridden || !cell.late || cell.score === null || cell.rawScore === null) return null;
  if (cell.score >= cell.rawScore) return null;
  return `Submitted late: it counts for ${formatScore(lateCreditPct)}% of its score, ${formatScore(cell.score)} of ${formatScore(cell.rawScore)}.`;
}

const STATUS_WORDS: Record<SubmissionStatus, string> = {
  queued: 'queued',
  grading: 'grading',
  graded: 'graded',
  failed: 'could not be graded',
};

export function describeStatus(status: SubmissionStatus): string {
  return STATUS_WORDS[status] ?? status;
}

/**
 * One line of a learner's submission history: when, its status, its score once graded, and the
 * server's reason when it waits (no grader has this version of the exercise yet, a re-queue) or
 * when a re-grade of it could not run.
 */
export function describeSubmission(
  item: Pick<SubmissionSummary, 'submittedAt' | 'status' | 'score' | 'waiting'>,
): string {
  const score = item.status === 'graded' ? ` · ${formatScore(item.score)}%` : '';
  const waiting = item.waiting ? ` · ${item.waiting}` : '';
  return `${formatWhen(item.submittedAt)} · ${describeStatus(item.status)}${score}${waiting}`;
}

/** Still waiting for the grader. */
export function isPending(status: SubmissionStatus): boolean {
  return status === 'queued' || status === 'grading';
}

/** The one-time token from the setup link's fragment (#token=…), which never reaches a server log. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

/** A query parameter (?id=, ?code=), trimmed; null when absent or empty. */
export function queryParam(search: string, name: string): string | null {
  const value = new URLSearchParams(search).get(name);
  return value && value.trim() !== '' ? value.trim() : null;
}
