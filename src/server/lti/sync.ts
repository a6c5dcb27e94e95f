// Keeping the LMS in step with Strata: scores (AGS) posted when a counted grade changes, through
// the queue with retries, each cell's sync status kept; and the roster (NRPS) read page by page,
// marking who left the course.
import { and, eq, inArray, isNotNull, max, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { countedScore } from '../../cohorts/index.ts';
import type { GradedAttempt, Override } from '../../cohorts/index.ts';
import type { Catalog } from '../catalog.ts';
import type { Db } from '../db/connect.ts';
import type { QueueSpec } from '../grader.ts';
import * as t from '../db/schema.ts';
import { SCOPE } from './claims.ts';
import { ltiContext, ltiLink, ltiMembership, ltiPlatform, ltiScoreSync, ltiUser } from './schema.ts';
import type { PlatformServices } from './services.ts';

export const SCORE_QUEUE = 'lti-score';
export const SCORE_RETRIES = 4;
/** The passback queue: made with the grading queues when pg-boss starts (app.ts, createQueue). */
export const SCORE_QUEUE_SPEC: QueueSpec = {
  name: SCORE_QUEUE,
  policy: 'standard',
  retryLimit: SCORE_RETRIES,
  retryDelay: 1,
  retryBackoff: true,
  expireInSeconds: 120,
};
/**
 * A cell still pending after this long lost its job (the server stopped past the queue's last
 * retry, say): the next sweep queues it again instead of waiting for it forever.
 */
export const PENDING_STALE_MS = 10 * 60 * 1000;

export interface ScoreJobData {
  cohortId: string;
  userId: string;
  exercise: string;
}

interface SyncOptions {
  db: Db;
  boss: PgBoss;
  catalog: Catalog;
  services: PlatformServices;
  now: () => number;
}

export class LtiSync {
  private readonly options: SyncOptions;
  /** Per cohort, what its grades looked like at the last sweep: a sweep skips unchanged cohorts. */
  private readonly seen = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(options: SyncOptions) {
    this.options = options;
  }

  /** Takes passback jobs and sweeps for changed grades; SCORE_QUEUE_SPEC's queue must exist. */
  async start(intervalMs: number): Promise<void> {
    const { boss } = this.options;
    await boss.work<ScoreJobData>(SCORE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await this.passback(job.data, job.retryCount ?? 0);
    });
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => console.error(`lti: score sweep: ${(error as Error).message}`))
        .finally(() => (this.sweeping = null));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  /**
   * Finds the gradebook cells of LTI-linked cohorts whose counted score differs from what the LMS
   * was last sent, and queues one job per changed cell. Cohorts whose grades, overrides and
   * extensions did not change since the last sweep are skipped without computing anything.
   */
  async sweep(onlyCohort?: string): Promise<{ queued: number }> {
    const { db } = this.options;
    const cohorts = await db
      .selectDistinct({ cohortId: ltiContext.cohortId })
      .from(ltiContext)
      .where(onlyCohort ? eq(ltiContext.cohortId, onlyCohort) : sql`true`);
    let queued = 0;
    for (const { cohortId } of cohorts) {
      const fingerprint = await this.fingerprint(cohortId);
      if (!onlyCohort && this.seen.get(cohortId) === fingerprint) continue;
      const cells = await this.cells(cohortId);
      const sent = await db.select().from(ltiScoreSync).where(eq(ltiScoreSync.cohortId, cohortId));
      const last = new Map(sent.map((row) => [`${row.userId} ${row.exercise}`, row]));
      for (const cell of cells) {
        if (cell.score === null) continue;
        const row = last.get(`${cell.userId} ${cell.exercise}`);
        // Queued already (and not lost), or the LMS has this score: nothing to do.
        if (row?.status === 'pending' && row.updatedAt.getTime() > this.options.now() - PENDING_STALE_MS) continue;
        if (row?.status === 'sent' && row.sentScore === cell.score) continue;
        await this.queue({ cohortId, userId: cell.userId, exercise: cell.exercise });
        queued += 1;
      }
      this.seen.set(cohortId, fingerprint);
    }
    return { queued };
  }

  private async queue(data: ScoreJobData): Promise<void> {
    const { db, boss } = this.options;
    await db
      .insert(ltiScoreSync)
      .values({ ...data, status: 'pending', updatedAt: new Date(this.options.now()) })
      .onConflictDoUpdate({
        target: [ltiScoreSync.cohortId, ltiScoreSync.userId, ltiScoreSync.exercise],
        set: { status: 'pending', attempts: 0, error: null, updatedAt: new Date(this.options.now()) },
      });
    await boss.send(SCORE_QUEUE, data, { singletonKey: `${data.cohortId} ${data.userId} ${data.exercise}` });
  }

  /**
   * Changes whenever a counted score may have: a submission's current grade (a new grade, or an
   * accepted re-grade, which only moves current_grade_id to a grade made earlier), an override, an
   * extension, an assignment's dates or credit, the cohort's score policy, a new LMS learner.
   */
  private async fingerprint(cohortId: string): Promise<string> {
    const { db } = this.options;
    const [grades] = await db
      .select({
        n: sql<number>`count(*)::int`,
        // The sum of the current grades' times: switching any submission to another grade moves it.
        at: sql<string | null>`sum(extract(epoch from ${t.grade.gradedAt}))::text`,
      })
      .from(t.submission)
      .innerJoin(t.grade, eq(t.grade.id, t.submission.currentGradeId))
      .where(and(eq(t.submission.cohortId, cohortId), eq(t.submission.status, 'graded')));
    const assignments = await db
      .select({
        exercise: t.assignment.exercise,
        opensAt: t.assignment.opensAt,
        dueAt: t.assignment.dueAt,
        lateDueAt: t.assignment.lateDueAt,
        lateCreditPct: t.assignment.lateCreditPct,
      })
      .from(t.assignment)
      .where(eq(t.assignment.cohortId, cohortId))
      .orderBy(t.assignment.exercise);
    const [cohort] = await db.select({ policy: t.cohort.scorePolicy }).from(t.cohort).where(eq(t.cohort.id, cohortId));
    const [overrides] = await db
      .select({ at: max(t.override.at), n: sql<number>`count(*)::int` })
      .from(t.override)
      .where(eq(t.override.cohortId, cohortId));
    const [extensions] = await db
      .select({
        at: max(t.extension.grantedAt),
        n: sql<number>`count(*)::int`,
        due: sql<string | null>`sum(extract(epoch from ${t.extension.dueAt}))::text`,
      })
      .from(t.extension)
      .where(eq(t.extension.cohortId, cohortId));
    const [links] = await db.select({ n: sql<number>`count(*)` }).from(ltiUser);
    return JSON.stringify([grades, assignments, cohort, overrides, extensions, links]);
  }

  /** The counted score of every LMS learner × linked exercise of a cohort. */
  private async cells(cohortId: string, only?: { userId: string; exercise: string }) {
    const { db } = this.options;
    const [cohort] = await db.select().from(t.cohort).where(eq(t.cohort.id, cohortId));
    if (!cohort) return [];
    const learners = await db
      .selectDistinct({ userId: t.member.userId })
      .from(t.member)
      .innerJoin(ltiUser, eq(ltiUser.userId, t.member.userId))
      .where(
        and(
          eq(t.member.cohortId, cohortId),
          eq(t.member.role, 'learner'),
          only ? eq(t.member.userId, only.userId) : sql`true`,
        ),
      );
    const assignments = await db
      .select()
      .from(t.assignment)
      .where(and(eq(t.assignment.cohortId, cohortId), only ? eq(t.assignment.exercise, only.exercise) : sql`true`));
    if (learners.length === 0 || assignments.length === 0) return [];
    const ids = learners.map((l) => l.userId);
    const graded = await db
      .select({
        id: t.submission.id,
        userId: t.submission.userId,
        exercise: t.submission.exercise,
        submittedAt: t.submission.submittedAt,
        score: t.grade.score,
      })
      .from(t.submission)
      .innerJoin(t.grade, eq(t.grade.id, t.submission.currentGradeId))
      .where(
        and(eq(t.submission.cohortId, cohortId), eq(t.submission.status, 'graded'), inArray(t.submission.userId, ids)),
      );
    const overrides = await db
      .select()
      .from(t.override)
      .where(and(eq(t.override.cohortId, cohortId), inArray(t.override.userId, ids)));
    const extensions = await db
      .select()
      .from(t.extension)
      .where(and(eq(t.extension.cohortId, cohortId), inArray(t.extension.userId, ids)));
    const out: { userId: string; exercise: string; score: number | null; submitted: boolean }[] = [];
    for (const { userId } of learners) {
      for (const row of assignments) {
        const attempts: GradedAttempt[] = graded
          .filter((g) => g.userId === userId && g.exercise === row.exercise)
          .map((g) => ({ id: g.id, submittedAt: g.submittedAt.getTime(), score: g.score }));
        const cellOverrides: Override[] = overrides
          .filter((o) => o.userId === userId && o.exercise === row.exercise)
          .map((o) => ({ score: o.score, reason: o.reason, at: o.at.getTime() }));
        const extension = extensions.find((e) => e.userId === userId && e.exercise === row.exercise);
        const counted = countedScore(
          {
            exercise: row.exercise,
            opensAt: row.opensAt?.getTime() ?? null,
            dueAt: row.dueAt?.getTime() ?? null,
            lateDueAt: row.lateDueAt?.getTime() ?? null,
            lateCreditPct: row.lateCreditPct,
            rateLimit: null,
          },
          attempts,
          cohort.scorePolicy,
          {
            extension: extension
              ? { dueAt: extension.dueAt.getTime(), lateDueAt: extension.lateDueAt?.getTime() ?? null }
              : null,
            overrides: cellOverrides,
          },
        );
        out.push({ userId, exercise: row.exercise, score: counted.score, submitted: attempts.length > 0 });
      }
    }
    return out;
  }

  /** One cell's passback: recomputed now, sent only if it differs from what the LMS last got. */
  private async passback(data: ScoreJobData, retryCount: number): Promise<void> {
    const { db, services, catalog } = this.options;
    const where = and(
      eq(ltiScoreSync.cohortId, data.cohortId),
      eq(ltiScoreSync.userId, data.userId),
      eq(ltiScoreSync.exercise, data.exercise),
    );
    try {
      const [cell] = await this.cells(data.cohortId, data);
      const [row] = await db.select().from(ltiScoreSync).where(where);
      if (!cell || cell.score === null || row?.sentScore === cell.score) {
        await db.update(ltiScoreSync).set({ status: 'sent', error: null }).where(where);
        return;
      }
      const [target] = await db
        .select({ platform: ltiPlatform, context: ltiContext, sub: ltiUser.sub })
        .from(ltiContext)
        .innerJoin(ltiPlatform, eq(ltiPlatform.id, ltiContext.platformId))
        .innerJoin(ltiUser, and(eq(ltiUser.platformId, ltiContext.platformId), eq(ltiUser.userId, data.userId)))
        .where(eq(ltiContext.cohortId, data.cohortId));
      if (!target) throw new Error('the learner has no LMS identity on the platform of this cohort');
      // Every gradebook column of this exercise in the course: an instructor may have added it twice.
      const links = await db
        .selectDistinct({ lineItemUrl: ltiLink.lineItemUrl })
        .from(ltiLink)
        .where(
          and(
            eq(ltiLink.cohortId, data.cohortId),
            eq(ltiLink.exercise, data.exercise),
            eq(ltiLink.platformId, target.platform.id),
            isNotNull(ltiLink.lineItemUrl),
          ),
        );
      const lineItems = links.map((link) => link.lineItemUrl!).sort();
      if (lineItems.length === 0) {
        const scopes = target.context.agsScopes ?? [];
        if (!target.context.lineItemsUrl || !scopes.includes(SCOPE.lineItem)) {
          throw new Error('the LMS gave no line item for this exercise and does not let the tool create one');
        }
        const title = catalog.get(data.exercise)?.exercise.meta.title ?? data.exercise;
        lineItems.push(await services.lineItemFor(target.platform, target.context.lineItemsUrl, data.exercise, title));
      }
      const score = {
        userId: target.sub,
        scoreGiven: cell.score,
        scoreMaximum: 100,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date(this.options.now()).toISOString(),
      } as const;
      for (const lineItem of lineItems) await services.postScore(target.platform, lineItem, score);
      await db
        .update(ltiScoreSync)
        .set({
          status: 'sent',
          sentScore: cell.score,
          attempts: retryCount + 1,
          error: null,
          updatedAt: new Date(this.options.now()),
        })
        .where(where);
    } catch (error) {
      await db
        .update(ltiScoreSync)
        .set({
          status: retryCount >= SCORE_RETRIES ? 'failed' : 'pending',
          attempts: retryCount + 1,
          error: (error as Error).message,
          updatedAt: new Date(this.options.now()),
        })
        .where(where);
      throw error; // pg-boss retries it with backoff
    }
  }

  /** Reads the course roster from NRPS (every page) and marks members who are no longer in it as left. */
  async syncRoster(cohortId: string): Promise<{ members: number; pages: number; left: number }> {
    const { db, services } = this.options;
    const contexts = await db
      .select({ platform: ltiPlatform, context: ltiContext })
      .from(ltiContext)
      .innerJoin(ltiPlatform, eq(ltiPlatform.id, ltiContext.platformId))
      .where(eq(ltiContext.cohortId, cohortId));
    const linked = contexts.filter((row) => row.context.membershipsUrl);
    if (linked.length === 0) throw new Error('no LMS course with a roster service is linked to this cohort');
    let members = 0;
    let pages = 0;
    let left = 0;
    for (const { platform, context } of linked) {
      const roster = await services.members(platform, context.membershipsUrl!);
      pages += roster.pages;
      const at = new Date(this.options.now());
      const present = new Set<string>();
      for (const member of roster.members) {
        if (!member.user_id || member.status === 'Deleted') continue;
        present.add(member.user_id);
        const name = member.name ?? ([member.given_name, member.family_name].filter(Boolean).join(' ') || null);
        const values = {
          name,
          email: member.email ?? null,
          roles: member.roles ?? [],
          status: member.status === 'Inactive' ? ('inactive' as const) : ('active' as const),
          seenAt: at,
          leftAt: null,
        };
        await db
          .insert(ltiMembership)
          .values({ cohortId, platformId: platform.id, sub: member.user_id, ...values })
          .onConflictDoUpdate({
            target: [ltiMembership.cohortId, ltiMembership.platformId, ltiMembership.sub],
            set: values,
          });
      }
      members += present.size;
      const before = await db
        .select({ sub: ltiMembership.sub, status: ltiMembership.status })
        .from(ltiMembership)
        .where(and(eq(ltiMembership.cohortId, cohortId), eq(ltiMembership.platformId, platform.id)));
      const gone = before.filter((row) => !present.has(row.sub) && row.status !== 'left').map((row) => row.sub);
      if (gone.length > 0) {
        await db
          .update(ltiMembership)
          .set({ status: 'left', leftAt: at })
          .where(
            and(
              eq(ltiMembership.cohortId, cohortId),
              eq(ltiMembership.platformId, platform.id),
              inArray(ltiMembership.sub, gone),
            ),
          );
        left += gone.length;
      }
      await db
        .update(ltiContext)
        .set({ rosterSyncedAt: at })
        .where(and(eq(ltiContext.platformId, platform.id), eq(ltiContext.contextId, context.contextId)));
    }
    return { members, pages, left };
  }
}
