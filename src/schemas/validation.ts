import { config } from 'zod';

/**
 * Zod compiles a fast parser for each object schema the first time it parses with it: about
 * 0.2 s of CPU for the grade report's schemas. A long-running process (the cohort server, a
 * worker) earns that back; a short one (`strata grade`, `strata lint`) only pays it, so the CLI
 * turns compilation off for its one-shot commands. Process-wide, and only for schemas built after
 * the call: zod reads the setting when it builds a schema (the CLI sets it before it imports this
 * module's index, see src/cli/index.ts).
 */
export function compileValidators(enabled: boolean): void {
  config({ jitless: !enabled });
}
