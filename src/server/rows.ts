import type { Assignment, Extension } from '../cohorts/index.ts';
import type * as t from './db/schema.ts';

/** An assignment row as the policies read it (times in ms, the rate limit whole or absent). */
export function toAssignment(row: typeof t.assignment.$inferSelect): Assignment {
  return {
    exercise: row.exercise,
    opensAt: row.opensAt?.getTime() ?? null,
    dueAt: row.dueAt?.getTime() ?? null,
    lateDueAt: row.lateDueAt?.getTime() ?? null,
    lateCreditPct: row.lateCreditPct,
    rateLimit:
      row.rateLimitCount !== null && row.rateLimitWindowMinutes !== null
        ? { count: row.rateLimitCount, windowMinutes: row.rateLimitWindowMinutes }
        : null,
  };
}

/** An extension row as the policies read it. */
export function toExtension(row: { dueAt: Date; lateDueAt: Date | null }): Extension {
  return { dueAt: row.dueAt.getTime(), lateDueAt: row.lateDueAt?.getTime() ?? null };
}
