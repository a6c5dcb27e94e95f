import { SandboxPool } from '../runtime/node-sandbox.ts';

/** The sandbox `strata grade` started before loading its command, and the arguments it was started for. */
let warm: { args: readonly string[]; pool: SandboxPool } | null = null;

/**
 * Starts the sandbox of a one-submission `strata grade` at once, before the CLI loads the grader
 * (zod, the schemas, the contracts: ~0.1-0.2 s here): bubblewrap, Python and its imports of
 * unittest run while Node loads, and the harness follows on stdin when it has. A batch starts its
 * own pool (one sandbox per worker); help needs none. The sandbox is the one the command would have
 * started a little later (same pool, same limits), used for one submission only.
 */
export function warmGrade(args: readonly string[]): () => void {
  const skip = args.some((arg) => arg === '--batch' || arg.startsWith('--batch=') || arg === '--help' || arg === '-h');
  if (!warm && !skip) {
    const pool = new SandboxPool({ size: 1, total: 1 });
    pool.fill();
    warm = { args: [...args], pool };
  }
  return discardWarmPool;
}

/** Ends the sandbox warmGrade started if the command never took it (a usage error, a failed load). */
export function discardWarmPool(): void {
  warm?.pool.close();
  warm = null;
}

/** The pool warmGrade started for exactly these arguments, handed out once; otherwise null. */
export function takeWarmPool(args: readonly string[]): SandboxPool | null {
  const found = warm;
  if (!found || found.args.length !== args.length || found.args.some((arg, index) => arg !== args[index])) return null;
  warm = null;
  return found.pool;
}
