import { hostname } from 'node:os';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle } from 'pg-boss';
import type { Job, Queue } from 'pg-boss';
import type { GradeReport } from '../schemas/index.ts';
import { gradeWithLocalPython, SandboxPool, SandboxUnavailableError } from '../runtime/node.ts';
import type { GradingProcess } from '../runtime/node.ts';
import type { Catalog } from './catalog.ts';
import type { Database, Db } from './db/connect.ts';
import { grade, submission } from './db/schema.ts';
import { newId } from './ids.ts';

export const GRADE_QUEUE = 'grade';
/** Where a grading job goes after its last retry: its handler marks the submission failed, visibly. */
export const GRADE_DEAD_QUEUE = 'grade-dead';

export interface GradeJobData {
  submissionId: string;
  /** Set for a re-grade run; null for the grading on submit. */
  regradeId: string | null;
  /**
   * The exercise version (catalog hash) the job must be graded against: the submission's for the
   * grading on submit, the web server's current one for a re-grade. A worker with another version
   * of the exercise refuses the job back to the queue rather than grade it wrongly. (Absent on jobs
   * queued before versions were carried: the submission's version applies.)
   */
  exerciseVersion?: string;
  /** A re-grade for review: its grade waits for the instructor's decision (regrades.ts). */
  hold?: boolean;
  /** How many workers refused it so far (they had another version of the exercise). */
  refusals?: number;
  /**
   * cohort/learner/exercise: the workers grade one job of a group at a time (pg-boss group
   * concurrency, counted in the database across every worker).
   */
  group?: string;
}

/** After this many refusals (about 10 minutes with the delays below) the submission shows why it is not graded. */
export const MAX_REFUSALS = 12;
const refusalDelaySeconds = (refusals: number) => Math.min(60, 2 ** refusals);

/** Retries after a crash, a lost worker or a time-out, before the submission shows as failed. */
export const GRADE_RETRIES = 2;

/**
 * A worker grading a job refreshes its claim this often (every half of it); a job whose worker
 * stopped refreshing (SIGKILL, a lost machine) is retried by the next supervision pass of any
 * instance instead of waiting out `expireInSeconds`. pg-boss's minimum is 10.
 */
export const GRADE_HEARTBEAT_SECONDS = 10;
/**
 * How often each instance's supervisor looks for lost heartbeats and expired jobs. pg-boss checks a
 * queue's heartbeats and expiries in its monitor pass, which runs at most every
 * `monitorIntervalSeconds` (60 by default) whatever the supervise interval: with the default, a
 * job whose worker was SIGKILLed waited up to a minute past its heartbeat before it was retried
 * (the drills measured ~56 s per lost worker). Both are set to this, so a lost grade is retried
 * within heartbeat + this. The pass also refreshes pg-boss's queue counts, one indexed aggregate.
 */
const SUPERVISE_SECONDS = 5;

/** A grading job still active this long after it started is failed and retried (the default). */
export const GRADE_EXPIRY_SECONDS = 180;
/** Sets the expiry of the grading jobs a process sends (`strata serve`; a worker's re-sends). */
export const GRADE_EXPIRY_ENV = 'STRATA_GRADE_EXPIRY_SECONDS';

/**
 * The expiry of a grading job: a grade runs within the exercise's own time limits, so a job still
 * active after this (while its worker keeps its heartbeat: a grade that hangs) is failed and
 * retried elsewhere. Whole seconds from STRATA_GRADE_EXPIRY_SECONDS, else 180; it should exceed
 * the longest `limits.totalSeconds` of the exercises plus the sandbox's start.
 */
export function gradeExpirySeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[GRADE_EXPIRY_ENV];
  if (raw === undefined || raw === '') return GRADE_EXPIRY_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 24 * 3600) {
    throw new Error(`${GRADE_EXPIRY_ENV} must be a whole number of seconds from 1 to 86400, not "${raw}"`);
  }
  return seconds;
}

/** A queue this server uses, with the options it is created with (a dead letter queue comes first). */
export type QueueSpec = Pick<
  Queue,
  'name' | 'policy' | 'retryLimit' | 'retryDelay' | 'retryBackoff' | 'expireInSeconds' | 'deadLetter'
>;

export const GRADE_QUEUES: readonly QueueSpec[] = [
  { name: GRADE_DEAD_QUEUE, policy: 'standard' },
  {
    name: GRADE_QUEUE,
    policy: 'standard',
    retryLimit: GRADE_RETRIES,
    retryDelay: 2,
    retryBackoff: true,
    // A grade runs within the exercise's own time limit (seconds); a job still active after this
    // hangs and is retried. Each job carries its sender's expiry (gradeExpirySeconds).
    expireInSeconds: GRADE_EXPIRY_SECONDS,
    deadLetter: GRADE_DEAD_QUEUE,
  },
];

/**
 * Makes the queues exist with these options: one query when they already do (each createQueue is
 * a locked transaction, and pg-boss's createQueue leaves an existing queue's options as they are).
 * A missing queue is created; an existing one whose options differ from the spec (a release that
 * changed them) is updated to the spec.
 */
export async function ensureQueues(boss: PgBoss, specs: readonly QueueSpec[]): Promise<void> {
  const existing = new Map((await boss.getQueues(specs.map((spec) => spec.name))).map((q) => [q.name, q]));
  for (const { name, policy, ...options } of specs) {
    const found = existing.get(name);
    if (!found) {
      await boss.createQueue(name, { policy, ...options });
      continue;
    }
    const changed = Object.fromEntries(
      Object.entries(options).filter(([key, value]) => found[key as keyof typeof options] !== value),
    );
    if (Object.keys(changed).length > 0) await boss.updateQueue(name, changed);
  }
}

/**
 * Starts pg-boss on the database and makes the grading queues (and `extraQueues`) exist. Cron
 * schedules are off (`schedule: false`): Strata has none, and their timekeeper costs a locked
 * queue creation, a worker and a claim query on every start. Supervision (lost heartbeats,
 * expiries, retention) stays on in every process.
 */
export async function createQueue(database: Database, extraQueues: readonly QueueSpec[] = []): Promise<PgBoss> {
  gradeExpirySeconds(); // a bad setting stops the start, with its name, rather than the first submission
  const boss =
    'connectionString' in database.queue
      ? new PgBoss({
          connectionString: database.queue.connectionString,
          max: 4,
          superviseIntervalSeconds: SUPERVISE_SECONDS,
          monitorIntervalSeconds: SUPERVISE_SECONDS,
          schedule: false,
        })
      : new PgBoss({
          db: database.queue.db,
          backend: database.queue.backend,
          superviseIntervalSeconds: SUPERVISE_SECONDS,
          monitorIntervalSeconds: SUPERVISE_SECONDS,
          schedule: false,
        });
  boss.on('error', (error: Error) => console.error(`queue: ${error.message}`));
  await boss.start();
  await ensureQueues(boss, [...GRADE_QUEUES, ...extraQueues]);
  return boss;
}

/** The group a learner's gradings of one exercise share (graded one at a time). */
export function gradeGroup(cohortId: string, userId: string, exercise: string): string {
  return `${cohortId}/${userId}/${exercise}`;
}

/** The options of a grading job, whether sent alone (send) or with others (insert). */
function gradeJobOptions(data: GradeJobData) {
  return {
    singletonKey: `${data.submissionId}:${data.regradeId ?? ''}`,
    heartbeatSeconds: GRADE_HEARTBEAT_SECONDS,
    expireInSeconds: gradeExpirySeconds(),
    ...(data.group ? { group: { id: data.group } } : {}),
  };
}

const inTransaction = (tx: Db) => fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql);

/** Enqueues a grading job inside the caller's transaction: stored and queued, or neither. */
export async function enqueueGrade(
  boss: PgBoss,
  tx: Db,
  data: GradeJobData & { exerciseVersion: string },
  options: { startAfterSeconds?: number } = {},
): Promise<void> {
  await boss.send(GRADE_QUEUE, data, {
    db: inTransaction(tx),
    ...gradeJobOptions(data),
    ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
  });
}

/**
 * Enqueues several grading jobs in one statement inside the caller's transaction (the jobs are
 * those enqueueGrade would send one by one). Throws unless every job was inserted, so the
 * transaction that stores their submissions rolls back rather than keep one without its job.
 */
export async function enqueueGrades(
  boss: PgBoss,
  tx: Db,
  jobs: readonly (GradeJobData & { exerciseVersion: string })[],
): Promise<void> {
  if (jobs.length === 0) return;
  const ids = await boss.insert(
    GRADE_QUEUE,
    jobs.map((data) => ({ data, ...gradeJobOptions(data) })),
    { db: inTransaction(tx), returnId: true },
  );
  if ((ids?.length ?? 0) !== jobs.length) {
    throw new Error(`${jobs.length} grading jobs were to be queued, ${ids?.length ?? 0} were`);
  }
}

export interface WorkerOptions {
  db: Db;
  boss: PgBoss;
  catalog: Catalog;
  /** Gradings run at the same time in this process. */
  concurrency: number;
  /** Grade without the sandbox (trusted code only; tests on machines without bubblewrap). */
  unsafeNoSandbox?: boolean;
  /** Names this worker in the reasons it gives (default host:pid). */
  name?: string;
  /** Refusals before a job shows as not gradable (tests lower it). */
  maxRefusals?: number;
  /**
   * Grades in this separate process (`strata serve`'s in-process workers: started before the
   * database opened, so that no sandbox is forked from the big web server) rather than here.
   */
  gradingProcess?: GradingProcess;
  /**
   * Awaited before each grading starts. `strata serve`'s in-process workers wait for a burst of
   * submissions to pass (Acceptor.quiet): a grading's CPU would otherwise compete with the answers
   * to every learner of the burst on a small machine.
   */
  beforeGrade?: () => Promise<void>;
}

export interface RunningWorker {
  /** Ends the sandboxes started ahead (after the queue has stopped). */
  close(): void;
}

/**
 * Takes grading jobs from the queue until the queue stops. Each grading takes a sandbox started
 * ahead (`strata grade --batch`'s pool: the harness compiled once on the host, each sandbox's
 * interpreter importing it before the submission is known) and starts the next one's, in this
 * process or in `gradingProcess`. The pool starts nothing until the first grading, so every
 * sandbox starts after `beforeGrade`. close() does not end `gradingProcess` (its owner does).
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const pool =
    options.unsafeNoSandbox || options.gradingProcess
      ? undefined
      : new SandboxPool({ size: Math.max(1, options.concurrency), compiled: true });
  await options.boss.work<GradeJobData>(
    GRADE_QUEUE,
    {
      batchSize: 1,
      localConcurrency: Math.max(1, options.concurrency),
      pollingIntervalSeconds: 0.5,
      // One grading at a time per learner and exercise, across all workers: a learner cannot use
      // the grader as an oracle by queueing many variants that grade in parallel.
      groupConcurrency: 1,
    },
    async ([job]) => {
      if (job) await gradeJob(options, job, pool);
    },
  );
  await options.boss.work<GradeJobData>(GRADE_DEAD_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    if (job.data.regradeId) {
      // A re-grade that could not run leaves the grade that stands alone; the run shows it as failed.
      await regradeFailed(
        options.db,
        job.data.submissionId,
        `re-grade ${job.data.regradeId} could not grade it after several attempts`,
      );
      return;
    }
    await options.db
      .update(submission)
      .set({ status: 'failed', failure: 'could not be graded after several attempts; an instructor can re-grade it' })
      // A grade recorded by an attempt that then lost its claim stands: never un-grade it.
      .where(and(eq(submission.id, job.data.submissionId), ne(submission.status, 'graded')));
  });
  return { close: () => pool?.close() };
}

/**
 * A re-grade that could not grade a submission: a graded one keeps its grade and says why; one with
 * no grade (re-queued by an instructor after it could not be graded) shows as failed again rather
 * than queued for ever.
 */
async function regradeFailed(db: Db, submissionId: string, why: string): Promise<void> {
  const ungraded = sql`${submission.currentGradeId} is null`;
  await db
    .update(submission)
    .set({
      status: sql`case when ${ungraded} then 'failed' else ${submission.status} end`,
      failure: sql`case when ${ungraded} then ${`${why}; an instructor can re-grade it`} else ${submission.failure} end`,
      waiting: sql`case when ${ungraded} then null else ${why} end`,
    })
    .where(eq(submission.id, submissionId));
}

async function gradeJob(options: WorkerOptions, job: Job<GradeJobData>, pool?: SandboxPool): Promise<void> {
  const { db, catalog } = options;
  const { submissionId, regradeId } = job.data;
  const [stored] = await db.select().from(submission).where(eq(submission.id, submissionId));
  if (!stored) return; // deleted with its cohort
  const done = await db
    .select({ id: grade.id })
    .from(grade)
    .where(sql`${grade.submissionId} = ${submissionId} and coalesce(${grade.regradeId}, '') = ${regradeId ?? ''}`);
  if (done.length > 0) return; // a retry of a job that had already recorded its grade
  const entry = catalog.get(stored.exercise);
  const wanted = job.data.exerciseVersion ?? stored.exerciseVersion;
  if (!entry || entry.version !== wanted) {
    await refuse(options, job, stored.exercise, wanted, entry?.version ?? null);
    return;
  }
  await options.beforeGrade?.();
  if (!regradeId)
    await db.update(submission).set({ status: 'grading', waiting: null }).where(eq(submission.id, submissionId));
  let report: GradeReport;
  try {
    const request = { exercise: entry.exercise, files: stored.files, hidden: true, audience: 'instructor' } as const;
    report = options.gradingProcess
      ? await options.gradingProcess.grade(request)
      : await gradeWithLocalPython({ ...request, unsafeNoSandbox: options.unsafeNoSandbox, pool });
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error; // retried, then dead-lettered
    // Retrying cannot help: say why on the submission, where learner and instructor see it. A
    // grade recorded meanwhile by another attempt (this one lost its claim) stands, and a re-grade
    // that cannot run leaves the grade that stands, as when it runs out of attempts.
    const why = `this server cannot grade safely: ${error.message}`;
    if (regradeId) {
      await regradeFailed(db, submissionId, `re-grade ${regradeId}: ${why}`);
      return;
    }
    await db
      .update(submission)
      .set({ status: 'failed', failure: why })
      .where(and(eq(submission.id, submissionId), ne(submission.status, 'graded')));
    return;
  }
  await db.transaction(async (tx) => {
    const [written] = await tx
      .insert(grade)
      .values({
        id: newId(),
        submissionId,
        regradeId,
        score: report.score,
        status: report.status,
        report,
        graderVersion: catalog.graderVersion,
        exerciseVersion: entry.version,
      })
      .onConflictDoNothing()
      .returning({ id: grade.id });
    if (!written) return; // another attempt of this job got there first: record once
    await tx
      .update(submission)
      .set({ status: 'graded', currentGradeId: written.id, failure: null, waiting: null })
      // A re-grade for review stands only once the instructor accepts the run (regrades.ts),
      // unless the submission had no grade (it could not be graded before): then it is its first.
      .where(
        and(
          eq(submission.id, submissionId),
          regradeId && job.data.hold ? isNull(submission.currentGradeId) : undefined,
        ),
      );
  });
}

/**
 * This worker has another version of the exercise (or none): grading here would grade against the
 * wrong tests. The job goes back to the queue, later, for a worker that has the version; the
 * submission says why it waits. After `maxRefusals` it shows as not graded, with the reason.
 */
async function refuse(
  options: WorkerOptions,
  job: Job<GradeJobData>,
  exercise: string,
  wanted: string,
  have: string | null,
): Promise<void> {
  const { db, boss } = options;
  const { submissionId, regradeId } = job.data;
  const refusals = (job.data.refusals ?? 0) + 1;
  const worker = options.name ?? `${hostname()}:${process.pid}`;
  const reason =
    `needs exercise ${exercise} at version ${wanted}; worker ${worker} has ` +
    (have ? `version ${have}` : 'no such exercise');
  console.error(`strata worker: refused ${submissionId} (${refusals}): ${reason}`);
  if (refusals > (options.maxRefusals ?? MAX_REFUSALS)) {
    const failure = `no worker could grade it after ${refusals} tries: it ${reason}; an instructor can re-grade it`;
    if (regradeId) {
      await regradeFailed(db, submissionId, `re-grade ${regradeId}: ${failure}`);
    } else {
      await db
        .update(submission)
        .set({ status: 'failed', failure, waiting: null })
        .where(and(eq(submission.id, submissionId), ne(submission.status, 'graded')));
    }
    return;
  }
  await db.transaction(async (tx) => {
    await tx
      .update(submission)
      .set({ waiting: `refused ${refusals} time(s): it ${reason}` })
      .where(and(eq(submission.id, submissionId), isNull(submission.currentGradeId)));
    // The next attempt is a new job (this one completes): a refusal is not a failed attempt.
    await enqueueGrade(
      boss,
      tx,
      { ...job.data, exerciseVersion: wanted, refusals },
      { startAfterSeconds: refusalDelaySeconds(refusals) },
    );
  });
}
