import { sql, eq } from 'drizzle-orm';
import { PgBoss, fromDrizzle } from 'pg-boss';
import type { Job } from 'pg-boss';
import type { GradeReport } from '../schemas/index.ts';
import { gradeWithLocalPython, SandboxUnavailableError } from '../runtime/node.ts';
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
}

/** Retries after a crash, a lost worker or a time-out, before the submission shows as failed. */
export const GRADE_RETRIES = 2;

export async function createQueue(database: Database): Promise<PgBoss> {
  const boss =
    'connectionString' in database.queue
      ? new PgBoss({ connectionString: database.queue.connectionString, max: 4 })
      : new PgBoss({ db: database.queue.db, backend: database.queue.backend });
  boss.on('error', (error: Error) => console.error(`queue: ${error.message}`));
  await boss.start();
  await boss.createQueue(GRADE_DEAD_QUEUE, { policy: 'standard' });
  await boss.createQueue(GRADE_QUEUE, {
    policy: 'standard',
    retryLimit: GRADE_RETRIES,
    retryDelay: 2,
    retryBackoff: true,
    // A grade runs within the exercise's own time limit (seconds); a job still active after this
    // was lost with its worker and is retried.
    expireInSeconds: 180,
    deadLetter: GRADE_DEAD_QUEUE,
  });
  return boss;
}

/** Enqueues a grading job inside the caller's transaction: stored and queued, or neither. */
export async function enqueueGrade(boss: PgBoss, tx: Db, data: GradeJobData): Promise<void> {
  await boss.send(GRADE_QUEUE, data, {
    db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql),
    // One grading at a time per submission and run: a retried HTTP request cannot queue twice.
    singletonKey: `${data.submissionId}:${data.regradeId ?? ''}`,
  });
}

export interface WorkerOptions {
  db: Db;
  boss: PgBoss;
  catalog: Catalog;
  /** Gradings run at the same time in this process. */
  concurrency: number;
  /** Grade without the sandbox (trusted code only; tests on machines without bubblewrap). */
  unsafeNoSandbox?: boolean;
}

/** Takes grading jobs from the queue until the queue stops. */
export async function startWorker(options: WorkerOptions): Promise<void> {
  await options.boss.work<GradeJobData>(
    GRADE_QUEUE,
    { batchSize: 1, localConcurrency: Math.max(1, options.concurrency), pollingIntervalSeconds: 0.5 },
    async ([job]) => {
      if (job) await gradeJob(options, job);
    },
  );
  await options.boss.work<GradeJobData>(GRADE_DEAD_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    await options.db
      .update(submission)
      .set({ status: 'failed', failure: 'could not be graded after several attempts; an instructor can re-grade it' })
      .where(eq(submission.id, job.data.submissionId));
  });
}

async function gradeJob(options: WorkerOptions, job: Job<GradeJobData>): Promise<void> {
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
  if (!entry) {
    await db
      .update(submission)
      .set({ status: 'failed', failure: `exercise ${stored.exercise} is not on this server` })
      .where(eq(submission.id, submissionId));
    return;
  }
  if (!regradeId) await db.update(submission).set({ status: 'grading' }).where(eq(submission.id, submissionId));
  let report: GradeReport;
  try {
    report = await gradeWithLocalPython({
      exercise: entry.exercise,
      files: stored.files,
      hidden: true,
      audience: 'instructor',
      unsafeNoSandbox: options.unsafeNoSandbox,
    });
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error; // retried, then dead-lettered
    // Retrying cannot help: say why on the submission, where learner and instructor see it.
    await db
      .update(submission)
      .set({ status: 'failed', failure: `this server cannot grade safely: ${error.message}` })
      .where(eq(submission.id, submissionId));
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
      .set({ status: 'graded', currentGradeId: written.id, failure: null })
      .where(eq(submission.id, submissionId));
  });
}
