import { config } from 'zod';

/**
 * Zod compiles a fast parser for each object schema the first time it parses with it: about
 * 0.2 s of CPU for the grade report's schemas. A long-running process (the cohort server, a
 * worker) earns that back; a short one (`strata grade`, `strata lint`) only pays it, so the CLI
 * turns compilation off for its one-shot commands. Process-wide.
 */
export function compileValidators(enabled: boolean): void {
  config({ jitless: !enabled });
}
