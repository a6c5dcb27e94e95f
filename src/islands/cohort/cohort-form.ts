// The create-cohort form's values → the body of POST /api/cohorts, with the problems a person can
// fix named by exercise before anything is sent (the server checks everything again).
import { localToIso } from './format.ts';
import type { HiddenDetail, ScorePolicy } from './types.ts';

/** One picked exercise's fields, as the form holds them (strings; '' for empty). */
export interface AssignmentFields {
  exercise: string;
  title: string;
  opensAt: string;
  dueAt: string;
  lateDueAt: string;
  lateCreditPct: string;
  rateLimitCount: string;
  rateLimitWindowMinutes: string;
}

export interface CohortFields {
  name: string;
  scorePolicy: string;
  hiddenDetail: string;
  /** Late-day tokens each learner gets ('' or absent: none). */
  lateDays?: string;
  assignments: AssignmentFields[];
}

export interface AssignmentPayload {
  exercise: string;
  opensAt: string | null;
  dueAt: string | null;
  lateDueAt: string | null;
  lateCreditPct: number;
  rateLimit: { count: number; windowMinutes: number } | null;
}

export interface CohortPayload {
  name: string;
  scorePolicy: ScorePolicy;
  hiddenDetail: HiddenDetail;
  /** Absent: the server's default, none. */
  lateDays?: number;
  assignments: AssignmentPayload[];
}

const POLICIES: readonly ScorePolicy[] = ['best', 'last'];
const DETAIL: readonly HiddenDetail[] = ['never', 'after_due', 'always'];

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

function assignmentPayload(fields: AssignmentFields, problems: string[]): AssignmentPayload | null {
  const say = (message: string) => problems.push(`${fields.title}: ${message}`);
  const dates: Partial<Record<'opensAt' | 'dueAt' | 'lateDueAt', string | null>> = {};
  for (const [key, label] of [
    ['opensAt', 'the open date'],
    ['dueAt', 'the due date'],
    ['lateDueAt', 'the late due date'],
  ] as const) {
    try {
      dates[key] = localToIso(fields[key]);
    } catch {
      say(`${label} is not a date and time`);
    }
  }
  const { opensAt = null, dueAt = null, lateDueAt = null } = dates;
  if (lateDueAt && !dueAt) say('a late due date needs a due date');
  if (lateDueAt && dueAt && lateDueAt < dueAt) say('the late due date is before the due date');
  if (opensAt && dueAt && dueAt < opensAt) say('the due date is before the open date');

  let lateCreditPct = 0;
  if (fields.lateCreditPct.trim() !== '') {
    const pct = Number(fields.lateCreditPct);
    if (!Number.isFinite(pct) || pct < 0 || pct > 100) say('late credit is a percentage from 0 to 100');
    else lateCreditPct = pct;
  }
  let rateLimit: AssignmentPayload['rateLimit'] = null;
  const count = fields.rateLimitCount.trim();
  const window = fields.rateLimitWindowMinutes.trim();
  if (count !== '' || window !== '') {
    const n = wholeNumber(count);
    const minutes = wholeNumber(window);
    if (n === null || n < 1 || minutes === null || minutes < 1) {
      say('a rate limit needs both a number of submissions and a window in minutes (whole numbers, at least 1)');
    } else {
      rateLimit = { count: n, windowMinutes: minutes };
    }
  }
  // ISO strings of the same form compare as instants, so the checks above are sound.
  return { exercise: fields.exercise, opensAt, dueAt, lateDueAt, lateCreditPct, rateLimit };
}

/** The request body, or the problems to show (each naming its exercise). */
export function cohortPayload(fields: CohortFields): { payload: CohortPayload } | { problems: string[] } {
  const problems: string[] = [];
  const name = fields.name.trim();
  if (name === '') problems.push('Name: give the cohort a name');
  const scorePolicy = POLICIES.find((p) => p === fields.scorePolicy);
  if (!scorePolicy) problems.push('Which score counts: choose best or last');
  const hiddenDetail = DETAIL.find((d) => d === fields.hiddenDetail);
  if (!hiddenDetail) problems.push('Hidden-test detail: choose when learners may see it');
  let lateDays: number | undefined;
  const days = (fields.lateDays ?? '').trim();
  if (days !== '') {
    const n = wholeNumber(days);
    if (n === null || n > 60) problems.push('Late days: a whole number of days, from 0 to 60');
    else lateDays = n;
  }
  if (fields.assignments.length === 0) problems.push('Exercises: pick at least one');
  const assignments = fields.assignments.map((a) => assignmentPayload(a, problems));
  if (problems.length > 0 || !scorePolicy || !hiddenDetail) return { problems };
  return {
    payload: { name, scorePolicy, hiddenDetail, lateDays, assignments: assignments.filter((a) => a !== null) },
  };
}
