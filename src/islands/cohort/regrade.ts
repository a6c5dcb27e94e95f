// A re-grade: POST /api/cohorts/:id/regrades queues the submissions again, then GET …/regrades/:rid
// says how many are done and which counted scores changed; this polls it until it is finished.
import { api } from './http.ts';
import type { RegradeStatus } from './types.ts';

const POLL_MS = 1000;

export interface RegradeScope {
  submission?: string;
  exercise?: string;
}

export async function runRegrade(
  cohortId: string,
  scope: RegradeScope,
  progress: (status: RegradeStatus) => void,
): Promise<RegradeStatus> {
  const base = `/cohorts/${encodeURIComponent(cohortId)}/regrades`;
  const started = await api.post<{ id: string; total: number }>(base, scope);
  for (;;) {
    const status = await api.get<RegradeStatus>(`${base}/${encodeURIComponent(started.id)}`);
    progress(status);
    if (status.finished) return status;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
