// LTI 1.3 Advantage: Strata as a tool an LMS (Canvas, Moodle, …) launches. The launch signs the
// LMS user in and opens the linked exercise in the cohort linked to the LMS course; deep linking
// adds exercises to the course; NRPS syncs the roster; AGS posts changed scores back.
// Mounted by app.ts at /api/lti, outside the API's same-origin rule (a launch is a cross-site
// form post, authenticated by its signed id_token and the state cookie instead).
import type { LtiOptions } from './routes.ts';
import { createLtiApp } from './routes.ts';
import { ToolKeys } from './keys.ts';
import { PlatformServices } from './services.ts';
import { LtiSync } from './sync.ts';

export { toolUrls } from './routes.ts';
export type { LtiOptions } from './routes.ts';
export { cohortRoleOf } from './claims.ts';

export const LTI_PREFIX = '/api/lti';

export interface Lti {
  fetch(request: Request): Response | Promise<Response>;
  keys: ToolKeys;
  sync: LtiSync;
  /** Starts posting changed grades back (the passback jobs run in this process, from the queue). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The LTI tool: makes the tool's first signing key on first start. Its passback queue
 * (SCORE_QUEUE_SPEC) must exist: createQueue makes it with the grading queues. Serving the routes
 * needs nothing more; start() then takes passback jobs and sweeps for changed grades.
 */
export async function createLti(options: LtiOptions): Promise<Lti> {
  const keys = new ToolKeys(options.database.db, options.now);
  // In the background: the first start generates the key (an error surfaces on first use).
  keys.ensure().catch((error: unknown) => console.error(`lti: the tool key: ${(error as Error).message}`));
  const sync = new LtiSync({
    db: options.database.db,
    boss: options.boss,
    catalog: options.catalog,
    services: new PlatformServices(keys),
    now: options.now ?? Date.now,
  });
  const app = createLtiApp(options, keys, sync);
  return {
    fetch: (request) => app.fetch(request),
    keys,
    sync,
    start: () => sync.start(options.sweepIntervalMs ?? 2000),
    close: async () => {
      await keys.ensure().catch(() => undefined);
      await sync.stop();
    },
  };
}
