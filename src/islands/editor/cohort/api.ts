// The few cohort-server calls the workspace makes, over HTTP. Every answer is checked for the
// fields used; a static deployment (no server: 404) or a network failure reads as "no cohort".
import { noteSignedIn } from '../../progress/sync.ts';

export interface CohortAssignment {
  cohortId: string;
  cohortName: string;
  dueAt: string | null;
  lateDueAt: string | null;
  /** The share of its score a late submission earns (0–100). */
  lateCreditPct: number;
}

/** What the server answers a submission it accepted. */
export interface Submitted {
  id: string;
  late: boolean;
  /** Late-day tokens this submission spent so that it counts on time (0: none). */
  lateDaysSpent: number;
}

/** When the learner may submit again (the rate limit): now, or `allowedAt`. */
export interface NextSubmission {
  allowedAt: string;
  /** How many the window still allows (0: none until allowedAt); null without a limit. */
  remaining: number | null;
}

export interface SubmissionState {
  id: string;
  status: 'queued' | 'grading' | 'graded' | 'failed';
  score: number | null;
  failure: string | null;
  /** The server's reason while it waits (no grader has this version of the exercise yet, a re-queue). */
  waiting: string | null;
  report: {
    tests: { name: string; suite: string; status: string; message: string; description: string | null }[];
    contracts: { name: string; kept: boolean }[];
    feedback: { target: string; text: string }[];
    errors: string[];
  } | null;
}

export class CohortApiError extends Error {
  readonly status: number;
  readonly problems: string[];
  /**
   * For a refusal by a fair limit (429): when the next submission is allowed, from the rate
   * limit's `nextAt` or the cohort queue's `retryAfterSeconds` (counted from the answer).
   */
  readonly limit: FairLimit | null;
  constructor(status: number, message: string, problems: string[] = [], limit: FairLimit | null = null) {
    super(message);
    this.status = status;
    this.problems = problems;
    this.limit = limit;
  }
}

/**
 * A refusal by a fair limit (429): the learner's rate limit on this exercise (`rate`) or their
 * cohort's cap on submissions waiting for the grader (`queue`), and when the next submission is
 * allowed (the rate limit's `nextAt`, or `retryAfterSeconds` counted from the answer).
 */
export interface FairLimit {
  kind: 'rate' | 'queue';
  nextAt: number;
}

function limitOf(json: { nextAt?: unknown; retryAfterSeconds?: unknown } | null): FairLimit | null {
  if (typeof json?.nextAt === 'string' && !Number.isNaN(Date.parse(json.nextAt))) {
    return { kind: 'rate', nextAt: Date.parse(json.nextAt) };
  }
  if (typeof json?.retryAfterSeconds === 'number') {
    return { kind: 'queue', nextAt: Date.now() + json.retryAfterSeconds * 1000 };
  }
  return null;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as
    (T & { error?: string; problems?: string[]; nextAt?: unknown; retryAfterSeconds?: unknown }) | null;
  if (!response.ok || json === null) {
    throw new CohortApiError(
      response.status,
      json?.error ?? `the server answered ${response.status}`,
      json?.problems ?? [],
      response.status === 429 ? limitOf(json) : null,
    );
  }
  return json;
}

/**
 * The cohorts in which the signed-in learner has this exercise, or [] when nobody is signed in,
 * the exercise is in no cohort of theirs, or there is no cohort server at all.
 */
export async function assignmentsFor(
  exercise: string,
): Promise<{ signedIn: boolean; assignments: CohortAssignment[] }> {
  let me: { user: { id: string } | null; cohorts: { id: string; name: string; role: string }[] };
  try {
    me = await call('GET', '/api/me');
  } catch (error) {
    if (error instanceof CohortApiError && error.status === 404) noteSignedIn(null); // no cohort server here
    return { signedIn: false, assignments: [] };
  }
  noteSignedIn(me.user?.id ?? null);
  if (!me.user) return { signedIn: false, assignments: [] };
  const assignments: CohortAssignment[] = [];
  for (const cohort of me.cohorts.filter((c) => c.role === 'learner')) {
    const view = await call<{
      assignments: {
        exercise: string;
        dueAt: string | null;
        lateDueAt: string | null;
        lateCreditPct: number;
        extension: { dueAt: string | null; lateDueAt: string | null } | null;
      }[];
    }>('GET', `/api/cohorts/${encodeURIComponent(cohort.id)}`).catch(() => null);
    const found = view?.assignments.find((a) => a.exercise === exercise);
    if (found) {
      const dates = found.extension ?? found;
      assignments.push({
        cohortId: cohort.id,
        cohortName: cohort.name,
        dueAt: dates.dueAt,
        lateDueAt: dates.lateDueAt,
        lateCreditPct: found.lateCreditPct,
      });
    }
  }
  return { signedIn: true, assignments };
}

export function submit(cohortId: string, exercise: string, files: Record<string, string>): Promise<Submitted> {
  return call(
    'POST',
    `/api/cohorts/${encodeURIComponent(cohortId)}/exercises/${encodeURIComponent(exercise)}/submissions`,
    {
      files,
    },
  );
}

/** When this learner may next submit this exercise in this cohort (null: the cohort does not have it). */
export async function nextSubmission(cohortId: string, exercise: string): Promise<NextSubmission | null> {
  const list = await call<{ next: NextSubmission | null }>(
    'GET',
    `/api/cohorts/${encodeURIComponent(cohortId)}/exercises/${encodeURIComponent(exercise)}/submissions`,
  );
  return list.next;
}

export function submission(id: string): Promise<SubmissionState> {
  return call('GET', `/api/submissions/${encodeURIComponent(id)}`);
}

export function loadCopy(
  exercise: string,
): Promise<{ files: Record<string, string> | null; updatedAt: string | null }> {
  return call('GET', `/api/workspace/${encodeURIComponent(exercise)}`);
}

export function saveCopy(exercise: string, files: Record<string, string>): Promise<{ updatedAt: string }> {
  return call('PUT', `/api/workspace/${encodeURIComponent(exercise)}`, { files });
}
