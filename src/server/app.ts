import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, eq, isNull } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { GradingProcess } from '../runtime/node.ts';
import { createAcceptor } from './accept.ts';
import { createApi } from './api.ts';
import { createAuth } from './auth.ts';
import { loadCatalog } from './catalog.ts';
import type { Catalog } from './catalog.ts';
import { openDatabase } from './db/connect.ts';
import type { Database } from './db/connect.ts';
import { setupToken, user } from './db/schema.ts';
import { createQueue, startWorker } from './grader.ts';
import type { RunningWorker } from './grader.ts';
import { newSecret } from './ids.ts';
import { createLti, LTI_PREFIX } from './lti/index.ts';
import { SCORE_QUEUE_SPEC } from './lti/sync.ts';

export interface CohortServerOptions {
  /** Where PGlite keeps its data and the server its secret (default .strata/ in the project). */
  dataDir: string;
  /** postgres://… to use a real Postgres instead of the embedded PGlite. */
  databaseUrl?: string | null;
  /** The origin learners reach the course at, e.g. http://127.0.0.1:4321. */
  origin: string;
  /** The exercises folder (NN-slug folders with hidden tests). */
  exercisesRoot: string;
  /** Grading workers in this process; 0 leaves grading to `strata worker` processes. */
  workers: number;
  unsafeNoSandbox?: boolean;
  packageVersion: string;
  /** Sign-in attempts per minute per address (tests raise it). */
  signInPerMinute?: number;
  now?: () => number;
}

export interface CohortServer {
  api: { fetch: (request: Request) => Response | Promise<Response> };
  database: Database;
  boss: PgBoss;
  catalog: Catalog;
  /** A one-time link that creates an instructor, when the server has none yet. */
  setupLink: string | null;
  close(): Promise<void>;
}

/** The session-signing secret: STRATA_SECRET, else one generated once and kept in the data folder. */
function secretFor(dataDir: string): string {
  if (process.env.STRATA_SECRET) return process.env.STRATA_SECRET;
  if (dataDir.startsWith('memory://')) return newSecret();
  const path = join(dataDir, 'secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = newSecret();
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * Opens the database (migrating it), the queue and the API. It resolves once a submission can be
 * accepted: stored, and its grading job queued. The in-process grading workers and LTI's passback
 * start right after, in the background (their first polls would otherwise wait in line with the
 * start's own queries on the embedded database); close() waits for them.
 */
export async function startCohortServer(options: CohortServerOptions): Promise<CohortServer> {
  // The in-process workers grade in a process started now, while this one is small: every sandbox
  // is forked from it, never from this server once it holds the embedded database (GradingProcess).
  const gradingProcess =
    options.workers > 0 && !options.unsafeNoSandbox ? GradingProcess.start(options.workers) : undefined;
  try {
    return await openCohortServer(options, gradingProcess);
  } catch (error) {
    gradingProcess?.close();
    throw error;
  }
}

async function openCohortServer(
  options: CohortServerOptions,
  gradingProcess: GradingProcess | undefined,
): Promise<CohortServer> {
  // Opening PGlite (WebAssembly) and reading the exercises overlap.
  const [database, catalog] = await Promise.all([
    openDatabase({ url: options.databaseUrl, dataDir: options.dataDir }),
    loadCatalog(options.exercisesRoot, options.packageVersion),
  ]);
  const auth = createAuth({
    db: database.db,
    secret: secretFor(options.dataDir),
    origin: options.origin,
    signInPerMinute: options.signInPerMinute,
  });
  const boss = await createQueue(database, [SCORE_QUEUE_SPEC]);
  const acceptor = createAcceptor({
    db: database.db,
    boss,
    catalog,
    // PGlite's one connection runs the groups one after the other anyway; a Postgres pool can store a few at once.
    concurrency: database.kind === 'pglite' ? 1 : 3,
  });
  const api = createApi({ database, auth, boss, catalog, acceptor, origin: options.origin, now: options.now });
  const lti = await createLti({ database, auth, boss, catalog, origin: options.origin, now: options.now });
  const setupLink = await ensureSetupLink(database, options.origin);
  let worker: RunningWorker | null = null;
  const background = (async () => {
    await new Promise((resolve) => setImmediate(resolve)); // after the caller has its server
    await lti.start();
    if (options.workers > 0) {
      worker = await startWorker({
        db: database.db,
        boss,
        catalog,
        concurrency: options.workers,
        unsafeNoSandbox: options.unsafeNoSandbox,
        gradingProcess,
        beforeGrade: () => acceptor.quiet(),
      });
    }
  })().catch((error: unknown) =>
    // Submissions are still accepted and queued; `strata worker` processes can grade them.
    console.error(`cohort server: the in-process grading workers did not start: ${(error as Error).message}`),
  );
  return {
    api: {
      fetch: (request) =>
        new URL(request.url).pathname.startsWith(`${LTI_PREFIX}/`) ? lti.fetch(request) : api.fetch(request),
    },
    database,
    boss,
    catalog,
    setupLink,
    async close() {
      await background;
      await lti.close();
      await boss.stop({ graceful: true, timeout: 10_000 });
      worker?.close();
      gradingProcess?.close();
      await database.close();
    },
  };
}

/**
 * While no instructor exists, every start replaces the setup token with a fresh one and returns its
 * link (only its hash is stored, so an old printed link stops working).
 */
async function ensureSetupLink(database: Database, origin: string): Promise<string | null> {
  const [instructors] = await database.db.select({ n: count() }).from(user).where(eq(user.isInstructor, true));
  if ((instructors?.n ?? 0) > 0) return null;
  const token = newSecret();
  await database.db.delete(setupToken).where(isNull(setupToken.usedAt));
  await database.db.insert(setupToken).values({ tokenHash: createHash('sha256').update(token).digest('hex') });
  return `${origin}/cohorts/setup/#token=${token}`;
}
