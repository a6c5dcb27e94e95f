// A re-grade: POST /api/cohorts/:id/regrades queues the submissions again, held for review, then
// GET …/regrades/:rid says how many are done and which counted scores changed; this polls it
// until it is finished. Nothing in the gradebook changes until the instructor accepts a change
// (POST …/regrades/:rid/decision, for some cells or the whole run).
import { api } from './http.ts';
import type { RegradeDecision, RegradeStatus } from './types.ts';

const POLL_MS = 1000;

export interface RegradeScope {
  submission?: string;
  exercise?: string;
}

const runPath = (cohortId: string, id = '') =>
  `/cohorts/${encodeURIComponent(cohortId)}/regrades${id ? `/${encodeURIComponent(id)}` : ''}`;

export async function runRegrade(
  cohortId: string,
  scope: RegradeScope,
  progress: (status: RegradeStatus) => void,
): Promise<RegradeStatus> {
  const started = await api.post<{ id: string; total: number }>(runPath(cohortId), { ...scope, review: true });
  for (;;) {
    const status = await api.get<RegradeStatus>(runPath(cohortId, started.id));
    progress(status);
    if (status.finished) return status;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A run as it stands now (its changes with their decisions). */
export function regradeStatus(cohortId: string, id: string): Promise<RegradeStatus> {
  return api.get<RegradeStatus>(runPath(cohortId, id));
}

/** Accepts or discards the changes of some cells, or (without cells) every change not decided yet. */
export function decideRegrade(
  cohortId: string,
  id: string,
  accept: boolean,
  cells?: readonly { userId: string; exercise: string }[],
): Promise<{ decision: RegradeDecision; applied: number }> {
  return api.post(`${runPath(cohortId, id)}/decision`, cells ? { accept, cells } : { accept });
}
