import { and, eq, sql } from 'drizzle-orm';
import { lateDaysToSpend } from '../cohorts/index.ts';
import type { Assignment, Extension } from '../cohorts/index.ts';
import type { Db } from './db/connect.ts';
import * as t from './db/schema.ts';
import { newId } from './ids.ts';

const DAY = 86_400_000;

/** Late-day tokens each learner has spent in a cohort, by user id. */
export async function lateDaysSpent(db: Db, cohortId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ userId: t.lateDay.userId, days: sql<number>`sum(${t.lateDay.days})::int` })
    .from(t.lateDay)
    .where(eq(t.lateDay.cohortId, cohortId))
    .groupBy(t.lateDay.userId);
  return new Map(rows.map((row) => [row.userId, row.days]));
}

/** Late-day tokens spent per learner and exercise (userId → exercise → days), for one learner when `userId` is given. */
export async function lateDaysByExercise(
  db: Db,
  cohortId: string,
  userId?: string,
): Promise<Record<string, Record<string, number>>> {
  const conditions = [eq(t.lateDay.cohortId, cohortId)];
  if (userId) conditions.push(eq(t.lateDay.userId, userId));
  const rows = await db
    .select({
      userId: t.lateDay.userId,
      exercise: t.lateDay.exercise,
      days: sql<number>`sum(${t.lateDay.days})::int`,
    })
    .from(t.lateDay)
    .where(and(...conditions))
    .groupBy(t.lateDay.userId, t.lateDay.exercise);
  const out: Record<string, Record<string, number>> = {};
  for (const row of rows) (out[row.userId] ??= {})[row.exercise] = row.days;
  return out;
}

/**
 * Spends late-day tokens, automatically, on a submission past its due date, inside the accepting
 * transaction: when the learner has enough left for every started day, the days are recorded and
 * their due date on this exercise moves by that many days (an extension, so the gradebook and
 * every page see it). Returns the days spent, or null (then the submission is late or closed as
 * usual). The learner's membership row is locked, so two submissions cannot spend the same token.
 */
export async function spendLateDays(
  tx: Db,
  options: {
    cohortId: string;
    userId: string;
    exercise: string;
    assignment: Assignment;
    extension: Extension | null;
    total: number;
    at: number;
    submissionId: string;
  },
): Promise<number | null> {
  const { cohortId, userId, exercise } = options;
  await tx
    .select({ userId: t.member.userId })
    .from(t.member)
    .where(and(eq(t.member.cohortId, cohortId), eq(t.member.userId, userId)))
    .for('update');
  const [used] = await tx
    .select({ days: sql<number>`coalesce(sum(${t.lateDay.days}), 0)::int` })
    .from(t.lateDay)
    .where(and(eq(t.lateDay.cohortId, cohortId), eq(t.lateDay.userId, userId)));
  const left = options.total - (used?.days ?? 0);
  const days = lateDaysToSpend(options.assignment, options.at, options.extension, left);
  if (days === null) return null;
  const dueAt = new Date((options.extension?.dueAt ?? options.assignment.dueAt!) + days * DAY);
  await tx.insert(t.lateDay).values({
    id: newId(),
    cohortId,
    userId,
    exercise,
    days,
    submissionId: options.submissionId,
    at: new Date(options.at),
  });
  const values = { dueAt, lateDueAt: null, grantedBy: userId, grantedAt: new Date(options.at) };
  await tx
    .insert(t.extension)
    .values({ cohortId, userId, exercise, ...values })
    .onConflictDoUpdate({ target: [t.extension.cohortId, t.extension.userId, t.extension.exercise], set: values });
  await tx.insert(t.audit).values({
    id: newId(),
    cohortId,
    actorId: userId,
    action: 'late-days.spent',
    detail: { exercise, days, submissionId: options.submissionId, dueAt: dueAt.toISOString() },
  });
  return days;
}
