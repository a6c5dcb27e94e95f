// The few cohort-server calls the workspace makes, over HTTP. Every answer is checked for the
// fields used; a static deployment (no server: 404) or a network failure reads as "no cohort".
import { noteSignedIn } from '../../progress/sync.ts';

export interface CohortAssignment {
  cohortId: string;
  cohortName: string;
  dueAt: string | null;
  lateDueAt: string | null;
}

export interface SubmissionState {
  id: string;
  status: 'queued' | 'grading' | 'graded' | 'failed';
  score: number | null;
  failure: string | null;
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
  constructor(status: number, message: string, problems: string[] = []) {
    super(message);
    this.status = status;
    this.problems = problems;
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as (T & { error?: string; problems?: string[] }) | null;
  if (!response.ok || json === null) {
    throw new CohortApiError(
      response.status,
      json?.error ?? `the server answered ${response.status}`,
      json?.problems ?? [],
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
      });
    }
  }
  return { signedIn: true, assignments };
}

export function submit(
  cohortId: string,
  exercise: string,
  files: Record<string, string>,
): Promise<{ id: string; late: boolean }> {
  return call(
    'POST',
    `/api/cohorts/${encodeURIComponent(cohortId)}/exercises/${encodeURIComponent(exercise)}/submissions`,
    {
      files,
    },
  );
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
