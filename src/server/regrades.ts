import { and, eq, isNull, sql } from 'drizzle-orm';
import { HttpError } from './access.ts';
import type { Db } from './db/connect.ts';
import * as t from './db/schema.ts';
import { newId } from './ids.ts';

/** One gradebook cell of a re-grade run: a learner's counted score on one exercise. */
export interface RegradeCell {
  userId: string;
  exercise: string;
}

/** The key a run's cell decisions are kept under. */
export const cellKey = (cell: RegradeCell): string => `${cell.userId} ${cell.exercise}`;

/**
 * The instructor's decision on a finished re-grade run. A run's grades are recorded beside the ones
 * that stand and change nothing in the gradebook (the run's view shows before → after) until the
 * instructor accepts: then, in one transaction, each re-graded submission's current grade becomes
 * the run's. Discarding keeps every grade as it was. Either is final and audited.
 *
 * With `cells`, only those gradebook cells are decided (the run's grades of that learner's
 * submissions to that exercise); the run stays open for the rest. A decision on the whole run
 * afterwards leaves the cells already decided as they were: accepting it does not apply a cell
 * that was discarded.
 */
export async function decideRegrade(
  db: Db,
  options: {
    cohortId: string;
    regradeId: string;
    actorId: string;
    accept: boolean;
    at: Date;
    cells?: readonly RegradeCell[];
  },
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
    const decided = run.cellDecisions ?? {};
    if (options.cells) {
      const problems: string[] = [];
      for (const [i, cell] of options.cells.entries()) {
        const already = decided[cellKey(cell)];
        if (already) problems.push(`cells.${i}: this cell's change was already ${already}`);
        const [found] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(t.grade)
          .innerJoin(t.submission, eq(t.submission.id, t.grade.submissionId))
          .where(
            and(
              eq(t.grade.regradeId, run.id),
              eq(t.submission.userId, cell.userId),
              eq(t.submission.exercise, cell.exercise),
            ),
          );
        if (!found?.n) problems.push(`cells.${i}: the re-grade has no grade of this learner on ${cell.exercise}`);
      }
      if (problems.length > 0) throw new HttpError(409, 'these cells cannot be decided', { problems });
    }
    let applied = 0;
    if (options.accept) {
      // The whole run: every cell not discarded before. Listed cells: only those.
      const keys = options.cells
        ? sql`and (${t.submission.userId} || ' ' || ${t.submission.exercise}) in (${sql.join(
            options.cells.map((cell) => sql`${cellKey(cell)}`),
            sql`, `,
          )})`
        : discardedKeys(decided).length > 0
          ? sql`and (${t.submission.userId} || ' ' || ${t.submission.exercise}) not in (${sql.join(
              discardedKeys(decided).map((key) => sql`${key}`),
              sql`, `,
            )})`
          : sql``;
      const moved = await tx.execute(sql`
        update ${t.submission} set current_grade_id = g.id, status = 'graded', failure = null
        from ${t.grade} g
        where g.regrade_id = ${run.id} and g.submission_id = ${t.submission.id}
          and ${t.submission.cohortId} = ${options.cohortId}
          and ${t.submission.currentGradeId} is distinct from g.id ${keys}`);
      // node-postgres says rowCount, PGlite affectedRows.
      const counts = moved as { rowCount?: number | null; affectedRows?: number };
      applied = counts.rowCount ?? counts.affectedRows ?? 0;
    }
    if (options.cells) {
      const cellDecisions = { ...decided };
      for (const cell of options.cells) cellDecisions[cellKey(cell)] = decision;
      await tx.update(t.regrade).set({ cellDecisions }).where(eq(t.regrade.id, run.id));
    } else {
      await tx
        .update(t.regrade)
        .set({ decision, decidedAt: options.at, decidedBy: options.actorId })
        .where(and(eq(t.regrade.id, run.id), isNull(t.regrade.decision)));
    }
    await tx.insert(t.audit).values({
      id: newId(),
      cohortId: options.cohortId,
      actorId: options.actorId,
      action: `regrade.${decision}`,
      detail: options.cells ? { regradeId: run.id, applied, cells: options.cells } : { regradeId: run.id, applied },
    });
    return { decision, applied };
  });
}

function discardedKeys(decided: Record<string, 'accepted' | 'discarded'>): string[] {
  return Object.entries(decided)
    .filter(([, decision]) => decision === 'discarded')
    .map(([key]) => key);
}
