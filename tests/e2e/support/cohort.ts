import { serve, startWorker } from '../../../src/server/index.ts';
import type { Database, RunningServer } from '../../../src/server/index.ts';
import { test as site, expect } from './fixtures.ts';

/** How the cohort server grades: in its own process from the start, or only once a test says so. */
export type CohortGrading = 'in-process' | 'on-demand';

export interface CohortServerFixture {
  /** Its origin, http://127.0.0.1:<port>: the site and /api. */
  url: string;
  /** The one-time link that creates the first instructor (null once one exists). */
  setupLink: string | null;
  /** The server's database, for a test that needs a state the UI cannot make (a grade recorded wrong). */
  database: Database;
  /**
   * Starts a grading worker in the server's process (as `strata worker` would beside it), for a
   * test that wants to see a submission queued before it is graded. Does nothing when one runs.
   */
  startGrading(): Promise<void>;
}

interface CohortWorkerFixtures {
  cohortGrading: CohortGrading;
  cohortServer: CohortServerFixture;
}

/**
 * The built site served with the cohort server on (the way `strata serve` does): an in-memory
 * PGlite, the repository's exercises, sandboxed grading. Once per worker: PGlite takes 5-20 s to
 * start. `baseURL` is this server; the static-only server of fixtures.ts stays available as
 * `siteUrl` for what a deployment without the cohort server shows.
 */
export const test = site.extend<object, CohortWorkerFixtures>({
  cohortGrading: ['in-process', { scope: 'worker', option: true }],
  cohortServer: [
    async ({ cohortGrading }, use) => {
      const running: RunningServer = await serve({
        siteDir: process.env.STRATA_E2E_SITE ?? 'dist',
        host: '127.0.0.1',
        port: 0,
        cohort: {
          dataDir: 'memory://',
          exercisesRoot: 'exercises',
          workers: cohortGrading === 'in-process' ? 1 : 0,
          packageVersion: '0.1.0',
        },
      });
      const cohort = running.cohort!;
      let grading = cohortGrading === 'in-process';
      await use({
        url: running.url,
        setupLink: cohort.setupLink,
        database: cohort.database,
        async startGrading() {
          if (grading) return;
          grading = true;
          await startWorker({ db: cohort.database.db, boss: cohort.boss, catalog: cohort.catalog, concurrency: 1 });
        },
      });
      await running.stop();
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  baseURL: async ({ cohortServer }, use) => use(cohortServer.url),
});

export { expect };
