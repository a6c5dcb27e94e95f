import { and, asc, eq, gt, inArray, ne, or, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { rateLimit, timing } from '../cohorts/index.ts';
import type { Assignment, Extension, Timing } from '../cohorts/index.ts';
import { HttpError } from './access.ts';
import type { Catalog } from './catalog.ts';
import type { Db } from './db/connect.ts';
import * as t from './db/schema.ts';
import { enqueueGrades, gradeGroup } from './grader.ts';
import { newId } from './ids.ts';
import { spendLateDays } from './late-days.ts';
import { toAssignment, toExtension } from './rows.ts';
import { hashFiles } from './submissions.ts';

/** A learner's submission as the route received it. */
export interface SubmissionRequest {
  cohortId: string;
  exercise: string;
  userId: string;
  /**
   * The checked files, or why the body was refused: that answer comes after the checks of who is
   * asking and what the cohort holds, in the order the route has always answered them.
   */
  files: Record<string, string> | HttpError;
  /** When the server received it: the submission's time for the deadlines and rate limits. */
  at: number;
}

export interface AcceptedSubmission {
  id: string;
  late: boolean;
  lateDaysSpent: number;
}

export interface AcceptorOptions {
  db: Db;
  boss: PgBoss;
  catalog: Catalog;
  /**
   * Groups stored at the same time (1 on the embedded PGlite, whose one connection runs them one
   * after the other anyway; more on a Postgres pool).
   */
  concurrency?: number;
  /** At most this many submissions in one group (default 100)... */
  maxGroup?: number;
  /** ...and at most this many bytes of files (default 8 MB; a larger submission goes alone). */
  maxGroupBytes?: number;
  /** The longest a group waits for more submissions (default GATHER_MAX_MS; tests set it long). */
  gatherMaxMs?: number;
  /** Told of each group transaction: its size and whether it committed (tests). */
  onGroup?: (size: number, outcome: 'committed' | 'failed') => void;
}

export interface Acceptor {
  /**
   * Stores the submission and queues its grading (both or neither), or says why not. `announced`:
   * what announce() returned for this request, ended once the submission is waiting here.
   */
  submit(request: SubmissionRequest, announced?: () => void): Promise<AcceptedSubmission>;
  /**
   * Says that a submission has arrived and is on its way to submit(), its session and body still
   * to be read. Groups wait for submissions on their way (up to GATHER_MAX_MS after their first).
   * Returns the call that ends the announcement: submit() makes it, and the route makes it again
   * (it does nothing then) when the request was refused before reaching submit().
   */
  announce(): () => void;
  /**
   * Resolves once no submission is on its way or being accepted and none has arrived for QUIET_MS,
   * or after MAX_QUIET_WAIT_MS at most: for work in this process that should not hold up a burst
   * of submissions (the in-process grading worker starts its sandboxes after one).
   */
  quiet(): Promise<void>;
}

/**
 * A group waits for submissions still arriving: it is stored once none has arrived for GATHER_MS
 * and none is on its way (announce()), or GATHER_MAX_MS after its first arrived, whichever comes
 * first (or at once when full).
 */
export const GATHER_MS = 2;
export const GATHER_MAX_MS = 20;

/** A gap this long between submissions ends a burst... */
export const QUIET_MS = 100;
/** ...and work waiting for the end of one waits at most this long. */
export const MAX_QUIET_WAIT_MS = 2000;

interface Pending {
  request: SubmissionRequest;
  bytes: number;
  /** performance.now() when it was handed to the acceptor. */
  arrived: number;
  resolve: (accepted: AcceptedSubmission) => void;
  reject: (error: unknown) => void;
}

/** A submission that passed every check made before storing. */
interface Ready {
  pending: Pending;
  files: Record<string, string>;
  assignment: Assignment;
  extension: Extension | null;
  version: string;
  when: Timing;
  lateDays: number;
  maxQueued: number | null;
  /** It is past its due date in a cohort with late-day tokens: it may spend some. */
  mayUseLateDays: boolean;
  lateDaysUsed: number;
  id: string;
}

const closed = () => new HttpError(409, 'this exercise is closed: the last due date has passed');
const key = (...parts: string[]) => parts.join('\u0000');

/**
 * Group commit for submissions. At a deadline many learners submit at once, and on the embedded
 * database every query waits for the one before it: one query and one transaction each made the
 * fiftieth submission wait for the forty-nine before it. Submissions that arrive while a group is
 * being stored wait for it and are then stored together: one query reads who is asking and what
 * the cohorts say, and one transaction stores them all and queues their gradings. Each still gets
 * its own answer, decided as if it had come alone, in arrival order:
 * - the checks and policies are the same (membership, role, dates, rate limit counting the group's
 *   earlier submissions of the same learner and exercise, the cohort's cap on waiting submissions
 *   counting the group's earlier ones); one refused does not hold back the others;
 * - accepted means stored and queued: a group's submissions and jobs commit together or not at
 *   all, and when a group's transaction fails, each of its submissions is tried again alone, so one
 *   that breaks it (a database error) costs the others nothing but the retry;
 * - a submission that may spend late-day tokens is always stored alone (spending them and being
 *   refused after must roll back together).
 * A group is stored once submissions stop arriving (none for GATHER_MS, so a lone submission
 * waits ~2 ms) and none is on its way, at most GATHER_MAX_MS after its first arrived; those that
 * arrive while it is being stored make the next group. "On its way" is what the route announces
 * as a request arrives, before it reads the session: at a deadline after a long edit, each
 * learner's session is read from the database, and on the embedded database those reads spaced
 * the submissions more than GATHER_MS apart, so that each was stored alone, one transaction each.
 */
export function createAcceptor(options: AcceptorOptions): Acceptor {
  const { db, boss, catalog } = options;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const maxGroup = options.maxGroup ?? 100;
  const maxGroupBytes = options.maxGroupBytes ?? 8 * 1024 * 1024;
  const gatherMaxMs = options.gatherMaxMs ?? GATHER_MAX_MS;
  const waiting: Pending[] = [];
  let running = 0;
  let scheduled = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastArrival = -Infinity;
  /** Submissions announced and not yet handed to submit(). */
  let onTheWay = 0;

  function schedule(): void {
    if (scheduled || running >= concurrency || waiting.length === 0) return;
    scheduled = true;
    const now = performance.now();
    // Still arriving: wait a little for the rest of the burst, so that it is stored in one group
    // rather than a first group of one or two that every later submission then waits behind.
    // Announced ones on their way hold the group up to its limit; the last of them to arrive
    // schedules it again (announce()).
    const untilFull = gatherMaxMs - (now - waiting[0]!.arrived);
    const hold = onTheWay > 0 ? untilFull : Math.min(GATHER_MS - (now - lastArrival), untilFull);
    const start = () => {
      scheduled = false;
      timer = null;
      if (waiting.length < maxGroup && gathering()) return schedule();
      while (running < concurrency && waiting.length > 0) {
        const batch = take();
        running += 1;
        void runBatch(batch).finally(() => {
          running -= 1;
          schedule();
        });
      }
    };
    if (hold > 0 && waiting.length < maxGroup) timer = setTimeout(start, Math.ceil(hold));
    else setImmediate(start);
  }

  /** Submissions are still arriving and the oldest waiting one has not waited GATHER_MAX_MS yet. */
  function gathering(): boolean {
    const now = performance.now();
    return (onTheWay > 0 || now - lastArrival < GATHER_MS) && now - waiting[0]!.arrived < gatherMaxMs;
  }

  function take(): Pending[] {
    const batch: Pending[] = [waiting.shift()!];
    let bytes = batch[0]!.bytes;
    while (waiting.length > 0 && batch.length < maxGroup && bytes + waiting[0]!.bytes <= maxGroupBytes) {
      const next = waiting.shift()!;
      bytes += next.bytes;
      batch.push(next);
    }
    return batch;
  }

  async function runBatch(batch: Pending[]): Promise<void> {
    try {
      const found = await lookUp(batch.map((pending) => pending.request));
      const ready: Ready[] = [];
      for (const pending of batch) {
        try {
          ready.push(check(pending, found));
        } catch (error) {
          pending.reject(error);
        }
      }
      const together = ready.filter((item) => !item.mayUseLateDays);
      if (together.length > 0) await storeGroup(together);
      for (const item of ready.filter((entry) => entry.mayUseLateDays)) await storeGroup([item]);
    } catch (error) {
      // The look-up failed (the database is down): every submission not yet answered gets the error.
      for (const pending of batch) pending.reject(error);
    }
  }

  /** Who is asking, in which cohort, and what its assignment and their extension say: one query for the batch. */
  async function lookUp(requests: SubmissionRequest[]) {
    const unique = (values: string[]) => [...new Set(values)];
    const rows = await db
      .select({
        cohortId: t.member.cohortId,
        userId: t.member.userId,
        role: t.member.role,
        assignment: t.assignment,
        extension: t.extension,
        maxQueued: t.cohort.maxQueued,
        lateDays: t.cohort.lateDays,
      })
      .from(t.member)
      .innerJoin(t.cohort, eq(t.cohort.id, t.member.cohortId))
      .leftJoin(
        t.assignment,
        and(
          eq(t.assignment.cohortId, t.member.cohortId),
          inArray(t.assignment.exercise, unique(requests.map((r) => r.exercise))),
        ),
      )
      .leftJoin(
        t.extension,
        and(
          eq(t.extension.cohortId, t.member.cohortId),
          eq(t.extension.userId, t.member.userId),
          eq(t.extension.exercise, t.assignment.exercise),
        ),
      )
      .where(
        and(
          inArray(t.member.cohortId, unique(requests.map((r) => r.cohortId))),
          inArray(t.member.userId, unique(requests.map((r) => r.userId))),
        ),
      );
    const members = new Map<
      string,
      {
        role: (typeof rows)[number]['role'];
        maxQueued: number | null;
        lateDays: number;
        assignments: Map<string, { assignment: typeof t.assignment.$inferSelect; extension: Extension | null }>;
      }
    >();
    for (const row of rows) {
      const memberKey = key(row.cohortId, row.userId);
      let entry = members.get(memberKey);
      if (!entry) {
        entry = { role: row.role, maxQueued: row.maxQueued, lateDays: row.lateDays, assignments: new Map() };
        members.set(memberKey, entry);
      }
      if (row.assignment) {
        entry.assignments.set(row.assignment.exercise, {
          assignment: row.assignment,
          extension: row.extension ? toExtension(row.extension) : null,
        });
      }
    }
    return members;
  }

  /** The checks made before storing, in the order the route has always made them. */
  function check(pending: Pending, members: Awaited<ReturnType<typeof lookUp>>): Ready {
    const { cohortId, exercise, userId, at, files } = pending.request;
    const found = members.get(key(cohortId, userId));
    if (!found) throw new HttpError(404, 'no such cohort');
    if (found.role !== 'learner') throw new HttpError(403, 'this needs the learner role in the cohort');
    const assigned = found.assignments.get(exercise);
    if (!assigned) throw new HttpError(404, `exercise ${exercise} is not part of this cohort`);
    const assignment = toAssignment(assigned.assignment);
    const entry = catalog.get(exercise);
    if (!entry) throw new HttpError(503, `exercise ${exercise} is not on this server`);
    if (files instanceof HttpError) throw files;
    const when = timing(assignment, at, assigned.extension);
    if (when === 'not_open') {
      throw new HttpError(409, `this exercise opens at ${new Date(assignment.opensAt!).toISOString()}`);
    }
    if (when === 'closed' && found.lateDays === 0) throw closed();
    return {
      pending,
      files,
      assignment,
      extension: assigned.extension,
      version: entry.version,
      when,
      lateDays: found.lateDays,
      maxQueued: found.maxQueued,
      mayUseLateDays: found.lateDays > 0 && (when === 'late' || when === 'closed'),
      lateDaysUsed: 0,
      id: newId(),
    };
  }

  /** One transaction for the group; when it fails, each submission again alone. */
  async function storeGroup(group: Ready[]): Promise<void> {
    let outcomes: (AcceptedSubmission | HttpError)[];
    try {
      outcomes = await db.transaction((tx) => store(tx, group));
      options.onGroup?.(group.length, 'committed');
    } catch (error) {
      options.onGroup?.(group.length, 'failed');
      if (group.length === 1) {
        group[0]!.pending.reject(error);
        return;
      }
      console.error(
        `submissions: storing ${group.length} together failed (${(error as Error).message}); each is stored alone`,
      );
      for (const item of group) await storeGroup([item]);
      return;
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof HttpError) item.pending.reject(outcome);
      else item.pending.resolve(outcome);
    });
  }

  /**
   * Stores the group's admitted submissions and queues their gradings, in arrival order, each
   * judged with the group's earlier ones counted. A refusal of the only submission throws (rolling
   * back the late days it spent), as the one-submission transaction always did.
   */
  async function store(tx: Db, group: Ready[]): Promise<(AcceptedSubmission | HttpError)[]> {
    const alone = group.length === 1;
    for (const item of group) {
      if (!item.mayUseLateDays) continue;
      if (!alone) throw new Error('a submission that may spend late days is stored alone');
      const { cohortId, userId, exercise, at } = item.pending.request;
      const days = await spendLateDays(tx, {
        cohortId,
        userId,
        exercise,
        assignment: item.assignment,
        extension: item.extension,
        total: item.lateDays,
        at,
        submissionId: item.id,
      });
      if (days !== null) {
        item.lateDaysUsed = days;
        item.when = 'on_time';
      }
      if (item.when === 'closed') throw closed();
    }

    // Rate limits: the learners' membership rows are locked (in key order, so that two groups
    // cannot deadlock), which serialises each learner's submissions; then their recent ones are read.
    const limited = group.filter((item) => item.assignment.rateLimit);
    const recent = new Map<string, number[]>();
    if (limited.length > 0) {
      const learners = [
        ...new Map(limited.map(({ pending: { request: r } }) => [key(r.cohortId, r.userId), r])).values(),
      ];
      await tx
        .select({ userId: t.member.userId })
        .from(t.member)
        .where(or(...learners.map((r) => and(eq(t.member.cohortId, r.cohortId), eq(t.member.userId, r.userId)))))
        .orderBy(asc(t.member.cohortId), asc(t.member.userId))
        .for('update');
      const since = Math.min(...limited.map((item) => item.pending.request.at - windowMs(item.assignment)));
      const rows = await tx
        .select({
          cohortId: t.submission.cohortId,
          userId: t.submission.userId,
          exercise: t.submission.exercise,
          at: t.submission.submittedAt,
        })
        .from(t.submission)
        .where(
          and(
            or(
              ...limited.map(({ pending: { request: r } }) =>
                and(
                  eq(t.submission.cohortId, r.cohortId),
                  eq(t.submission.userId, r.userId),
                  eq(t.submission.exercise, r.exercise),
                ),
              ),
            ),
            gt(t.submission.submittedAt, new Date(since)),
            // A submission the server could not grade is not the learner's to pay for.
            ne(t.submission.status, 'failed'),
          ),
        );
      for (const row of rows) {
        const times = recent.get(key(row.cohortId, row.userId, row.exercise)) ?? [];
        times.push(row.at.getTime());
        recent.set(key(row.cohortId, row.userId, row.exercise), times);
      }
    }

    // Fair share between cohorts: their rows are locked (in key order), then their waiting submissions counted.
    const capped = [
      ...new Set(group.filter((item) => item.maxQueued !== null).map((item) => item.pending.request.cohortId)),
    ];
    const queued = new Map<string, number>();
    if (capped.length > 0) {
      await tx
        .select({ id: t.cohort.id })
        .from(t.cohort)
        .where(inArray(t.cohort.id, capped))
        .orderBy(asc(t.cohort.id))
        .for('update');
      const counts = await tx
        .select({ cohortId: t.submission.cohortId, n: sql<number>`count(*)::int` })
        .from(t.submission)
        .where(and(inArray(t.submission.cohortId, capped), inArray(t.submission.status, ['queued', 'grading'])))
        .groupBy(t.submission.cohortId);
      for (const row of counts) queued.set(row.cohortId, row.n);
    }

    const outcomes: (AcceptedSubmission | HttpError)[] = [];
    const admitted: Ready[] = [];
    for (const item of group) {
      const { cohortId, userId, exercise, at } = item.pending.request;
      const limitKey = key(cohortId, userId, exercise);
      let refusal: HttpError | null = null;
      if (item.assignment.rateLimit) {
        const since = at - windowMs(item.assignment);
        const verdict = rateLimit(
          item.assignment.rateLimit,
          (recent.get(limitKey) ?? []).filter((time) => time > since),
          at,
        );
        if (!verdict.allowed) {
          refusal = new HttpError(429, `you can submit again at ${new Date(verdict.nextAt).toISOString()}`, {
            nextAt: new Date(verdict.nextAt).toISOString(),
          });
        }
      }
      if (!refusal && item.maxQueued !== null) {
        const waitingNow = queued.get(cohortId) ?? 0;
        if (waitingNow >= item.maxQueued) refusal = cohortQueueFull(waitingNow, item.maxQueued);
      }
      if (refusal) {
        if (alone) throw refusal;
        outcomes.push(refusal);
        continue;
      }
      recent.set(limitKey, [...(recent.get(limitKey) ?? []), at]);
      queued.set(cohortId, (queued.get(cohortId) ?? 0) + 1);
      admitted.push(item);
      outcomes.push({ id: item.id, late: item.when === 'late', lateDaysSpent: item.lateDaysUsed });
    }
    if (admitted.length > 0) {
      await tx.insert(t.submission).values(
        admitted.map((item) => ({
          id: item.id,
          cohortId: item.pending.request.cohortId,
          userId: item.pending.request.userId,
          exercise: item.pending.request.exercise,
          exerciseVersion: item.version,
          files: item.files,
          filesHash: hashFiles(item.files),
          submittedAt: new Date(item.pending.request.at),
        })),
      );
      await enqueueGrades(
        boss,
        tx,
        admitted.map((item) => ({
          submissionId: item.id,
          regradeId: null,
          exerciseVersion: item.version,
          group: gradeGroup(item.pending.request.cohortId, item.pending.request.userId, item.pending.request.exercise),
        })),
      );
    }
    return outcomes;
  }

  return {
    submit(request, announced) {
      lastArrival = performance.now();
      return new Promise<AcceptedSubmission>((resolve, reject) => {
        waiting.push({ request, bytes: filesBytes(request.files), arrived: lastArrival, resolve, reject });
        schedule();
        announced?.();
      });
    },
    announce() {
      onTheWay += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        onTheWay -= 1;
        // The last one on its way has come (or will not): a group held for it goes at once.
        if (onTheWay === 0 && timer) {
          clearTimeout(timer);
          timer = null;
          scheduled = false;
          schedule();
        }
      };
    },
    async quiet() {
      const until = performance.now() + MAX_QUIET_WAIT_MS;
      for (;;) {
        const now = performance.now();
        // Busy while submissions are on their way (their sessions being read), waiting or being stored.
        const busy = running > 0 || waiting.length > 0 || onTheWay > 0;
        const wait = busy ? QUIET_MS : lastArrival + QUIET_MS - now;
        if (wait <= 0 || now >= until) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, until - now)));
      }
    },
  };
}

function windowMs(assignment: Assignment): number {
  return (assignment.rateLimit?.windowMinutes ?? 0) * 60_000;
}

function filesBytes(files: SubmissionRequest['files']): number {
  if (files instanceof HttpError) return 0;
  let bytes = 0;
  for (const text of Object.values(files)) bytes += text.length;
  return bytes;
}

/**
 * Fair share between cohorts: at most `cap` of a cohort's submissions wait for or are in grading at
 * once, counted in the accepting transaction (the cohort's row is locked, so two learners cannot
 * both take the last place). Past it, the learner is told to retry shortly.
 */
export function cohortQueueFull(waiting: number, cap: number): HttpError {
  return new HttpError(
    429,
    `your cohort has ${waiting} submissions waiting for the grader (its limit is ${cap}): submit again in a minute`,
    { retryAfterSeconds: 60 },
  );
}
