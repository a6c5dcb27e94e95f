import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findExercisesRoot } from '../runtime/node.ts';
import type { Command, CommandIO } from './command.ts';
import { STRATA_VERSION as VERSION } from './version.ts';

function commonOptions(values: { 'data-dir'?: string; exercises?: string }, io: CommandIO) {
  return {
    dataDir: resolve(io.cwd, values['data-dir'] ?? process.env.STRATA_DATA_DIR ?? '.strata'),
    databaseUrl: process.env.DATABASE_URL || null,
    exercisesRoot: values.exercises ? resolve(io.cwd, values.exercises) : findExercisesRoot(io.cwd),
  };
}

function count(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${flag} must be a whole number, not "${value}"`);
  return parsed;
}

/** Waits for SIGINT or SIGTERM, then runs `stop`. */
function untilSignal(stop: () => Promise<void>): Promise<number> {
  return new Promise((done) => {
    const finish = () => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      void stop().then(() => done(0));
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
  });
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the built course and the cohort server (accounts, cohorts, grading, gradebook)',
  usage: [
    'strata serve [--host 127.0.0.1] [--port 4321] [--workers N] [--site dist] [--data-dir .strata] [--no-cohort] [--no-site]',
    '',
    'Serves the site built by `npm run build` and the cohort server on one port. The database is an',
    'embedded PGlite under --data-dir unless DATABASE_URL=postgres://… is set. --workers N grading',
    'workers run in this process (default: one per core; 0 leaves grading to `strata worker`).',
    'On a server with no instructor yet, prints a one-time link that creates the first one.',
    '--no-cohort serves the course alone, as any static web server would; --no-site serves only the',
    'cohort API under /api (the course on another host, or a grading-only test bed).',
    '--sign-in-per-minute N limits sign-in and sign-up attempts per client address (default 10).',
    'STRATA_GRADE_EXPIRY_SECONDS (default 180): a grading job still running this long after it',
    "started is failed and retried on another worker (keep it above the exercises' time limits).",
    '',
  ].join('\n'),
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          host: { type: 'string', default: '127.0.0.1' },
          port: { type: 'string', default: process.env.PORT ?? '4321' },
          workers: { type: 'string' },
          site: { type: 'string', default: 'dist' },
          'data-dir': { type: 'string' },
          exercises: { type: 'string' },
          origin: { type: 'string' },
          'unsafe-no-sandbox': { type: 'boolean', default: false },
          'no-cohort': { type: 'boolean', default: false },
          'no-site': { type: 'boolean', default: false },
          'sign-in-per-minute': { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      });
    } catch (error) {
      io.stderr(`strata serve: ${(error as Error).message}\nUsage: ${serveCommand.usage}`);
      return 2;
    }
    const { values } = parsed;
    try {
      const started = Date.now();
      // Loaded here, not at the top: the rest of the CLI should not pay for the server's modules.
      const { serve } = await import('../server/index.ts');
      const running = await serve({
        host: values.host,
        port: count(values.port, 4321, '--port'),
        siteDir: values['no-site'] ? null : resolve(io.cwd, values.site),
        origin: values.origin,
        cohort: values['no-cohort']
          ? null
          : {
              ...commonOptions(values, io),
              workers: count(values.workers, availableParallelism(), '--workers'),
              unsafeNoSandbox: values['unsafe-no-sandbox'],
              packageVersion: VERSION,
              signInPerMinute: count(values['sign-in-per-minute'], 10, '--sign-in-per-minute'),
            },
      });
      const address = running.server.address();
      const listening = address && typeof address === 'object' ? `http://${values.host}:${address.port}` : running.url;
      io.stdout(
        `Strata is serving the course on ${running.url}/ (` +
          (running.cohort ? `cohort server on ${running.cohort.database.kind}` : 'no cohort server') +
          (listening === running.url ? '' : `, listening on ${listening}`) +
          `, ready in ${Date.now() - started} ms)\n`,
      );
      if (running.cohort?.setupLink) {
        io.stdout(
          `\nNo instructor yet. Open this one-time link to create the first instructor account:\n  ${running.cohort.setupLink}\n\n`,
        );
      }
      return await untilSignal(() => running.stop());
    } catch (error) {
      io.stderr(`strata serve: ${(error as Error).message}\n`);
      return 1;
    }
  },
};

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run grading workers against the cohort server database (DATABASE_URL)',
  usage: [
    'DATABASE_URL=postgres://… strata worker [--concurrency N] [--exercises DIR] [--max-refusals N]',
    '',
    'Takes grading jobs from the queue and grades them in the sandbox with the exercises in this',
    'checkout (their hidden tests included). --concurrency defaults to one per core.',
    'A job for another version of an exercise than this checkout has goes back to the queue for a',
    'worker that has it; after --max-refusals such returns (default 12, about 10 minutes) the',
    'submission shows as not graded, with the reason.',
    'STRATA_GRADE_EXPIRY_SECONDS (default 180) sets the expiry of the jobs this worker re-queues.',
    '',
  ].join('\n'),
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          concurrency: { type: 'string' },
          'data-dir': { type: 'string' },
          exercises: { type: 'string' },
          'unsafe-no-sandbox': { type: 'boolean', default: false },
          'max-refusals': { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      });
    } catch (error) {
      io.stderr(`strata worker: ${(error as Error).message}\nUsage: ${workerCommand.usage}`);
      return 2;
    }
    const options = commonOptions(parsed.values, io);
    if (!options.databaseUrl) {
      io.stderr('strata worker: set DATABASE_URL=postgres://… (the embedded database belongs to `strata serve`)\n');
      return 2;
    }
    try {
      const { createQueue, loadCatalog, openDatabase, startWorker, MAX_REFUSALS } = await import('../server/index.ts');
      const database = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir });
      const boss = await createQueue(database);
      const catalog = await loadCatalog(options.exercisesRoot, VERSION);
      const concurrency = count(parsed.values.concurrency, availableParallelism(), '--concurrency');
      const worker = await startWorker({
        db: database.db,
        boss,
        catalog,
        concurrency,
        unsafeNoSandbox: parsed.values['unsafe-no-sandbox'],
        maxRefusals: count(parsed.values['max-refusals'], MAX_REFUSALS, '--max-refusals'),
      });
      io.stdout(`strata worker: grading with ${concurrency} worker(s) (${catalog.graderVersion})\n`);
      return await untilSignal(async () => {
        await boss.stop({ graceful: true, timeout: 30_000 });
        worker.close();
        await database.close();
      });
    } catch (error) {
      io.stderr(`strata worker: ${(error as Error).message}\n`);
      return 1;
    }
  },
};
