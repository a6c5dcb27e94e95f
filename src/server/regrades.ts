import { and, eq, isNull, sql } from 'drizzle-orm';
import { HttpError } from './access.ts';
import type { Db } from './db/connect.ts';
import * as t from './db/schema.ts';
import { newId } from './ids.ts';

/**
 * The instructor's decision on a finished re-grade run. A run's grades are recorded beside the ones
 * that stand and change nothing in the gradebook (the run's view shows before → after) until the
 * instructor accepts: then, in one transaction, each re-graded submission's current grade becomes
 * the run's. Discarding keeps every grade as it was. Either is final and audited.
 */
export async function decideRegrade(
  db: Db,
  options: { cohortId: string; regradeId: string; actorId: string; accept: boolean; at: Date },
): Promise<{ decision: 'accepted' | 'discarded'; applied: number }> {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .select()
      .from(t.regrade)
      .where(and(eq(t.regrade.id, options.regradeId), eq(t.regrade.cohortId, options.cohortId)))
      .for('update');
    if (!run) throw new HttpError(404, 'no such re-grade');
    if (!run.review) throw new HttpError(409, 'this re-grade was not for review: its grades stood as they came');
    if (run.decision) throw new HttpError(409, `this re-grade was already ${run.decision}`);
    const [graded] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(t.grade)
      .where(eq(t.grade.regradeId, run.id));
    const done = graded?.n ?? 0;
    if (options.accept && done < run.total) {
      throw new HttpError(409, `the re-grade is still running (${done} of ${run.total} graded)`);
    }
    const decision = options.accept ? 'accepted' : 'discarded';
    let applied = 0;
    if (options.accept) {
      const moved = await tx.execute(sql`
        update ${t.submission} set current_grade_id = g.id, status = 'graded', failure = null
        from ${t.grade} g
        where g.regrade_id = ${run.id} and g.submission_id = ${t.submission.id}
          and ${t.submission.cohortId} = ${options.cohortId}
          and ${t.submission.currentGradeId} is distinct from g.id`);
      // node-postgres says rowCount, PGlite affectedRows.
      const counts = moved as { rowCount?: number | null; affectedRows?: number };
      applied = counts.rowCount ?? counts.affectedRows ?? 0;
    }
    await tx
      .update(t.regrade)
      .set({ decision, decidedAt: options.at, decidedBy: options.actorId })
      .where(and(eq(t.regrade.id, run.id), isNull(t.regrade.decision)));
    await tx.insert(t.audit).values({
      id: newId(),
      cohortId: options.cohortId,
      actorId: options.actorId,
      action: `regrade.${decision}`,
      detail: { regradeId: run.id, applied },
    });
    return { decision, applied };
  });
}
