import { and, eq } from 'drizzle-orm';
import type { CohortRole } from '../cohorts/index.ts';
import type { Db } from './db/connect.ts';
import { member } from './db/schema.ts';

export interface SignedIn {
  id: string;
  name: string;
  email: string;
  isInstructor: boolean;
}

/** An HTTP error with a status and a message for the client. */
export class HttpError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;
  readonly detail: Record<string, unknown> | undefined;
  constructor(status: HttpError['status'], message: string, detail?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.detail = detail;
  }
}

export async function roleIn(db: Db, cohortId: string, userId: string): Promise<CohortRole | null> {
  const [row] = await db
    .select({ role: member.role })
    .from(member)
    .where(and(eq(member.cohortId, cohortId), eq(member.userId, userId)));
  return row?.role ?? null;
}

/**
 * Who may do what in a cohort. A cohort the caller is not in answers 404, never 403, so that
 * cohort ids cannot be probed.
 */
export async function requireRole(
  db: Db,
  cohortId: string,
  user: SignedIn,
  allowed: readonly CohortRole[],
): Promise<CohortRole> {
  const role = await roleIn(db, cohortId, user.id);
  if (!role) throw new HttpError(404, 'no such cohort');
  if (!allowed.includes(role)) throw new HttpError(403, `this needs the ${allowed.join(' or ')} role in the cohort`);
  return role;
}

export const STAFF: readonly CohortRole[] = ['instructor', 'ta'];
export const INSTRUCTOR: readonly CohortRole[] = ['instructor'];
export const ANYONE: readonly CohortRole[] = ['instructor', 'ta', 'learner'];
