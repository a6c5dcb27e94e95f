import type { HarnessReport } from '../schemas/index.ts';
import type { FileMap } from './exercise.ts';
import { HARNESS_FILES, HARNESS_PATH } from './harness-source.ts';
import { buildHarnessSpec, frameHarnessSpec, parseHarnessOutput } from './protocol.ts';
import type { HarnessLimits } from './protocol.ts';

/** Result of one process run; the same shape as the runtime layer's RunResult. */
export interface HostRunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/**
 * What the grader needs from a PythonRuntime (structurally compatible with it). `stdin` is
 * optional for runtimes: one that takes it (`supportsStdin`) receives the hidden tests that way,
 * so they never exist on its disk; others get the spec as a file.
 */
export interface HarnessHost {
  readonly name: string;
  readonly sandboxed?: boolean;
  readonly supportsStdin?: boolean;
  writeFiles(files: Record<string, string>): Promise<void>;
  run(argv: string[], opts: { timeoutMs: number; stdin?: string }): Promise<HostRunResult>;
}

const SPEC_PATH = '.strata/spec.json';

function tail(text: string, max = 1500): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `...${trimmed.slice(-max)}` : trimmed;
}

/**
 * Runs the harness on `host` and returns its validated report, or why there is none. The harness
 * runs the visible and the hidden suite in separate runner processes (on python3; Pyodide has only
 * one process): hidden tests arrive on stdin and only the hidden runner ever receives them.
 */
export async function runHarness(options: {
  host: HarnessHost;
  project: FileMap;
  visible: FileMap | null;
  hidden: FileMap | null;
  limits: HarnessLimits;
  language: string;
  nonce: string;
}): Promise<{ report: HarnessReport } | { error: string }> {
  const { host, limits, nonce } = options;
  const built = buildHarnessSpec({
    nonce,
    visible: options.visible,
    hidden: options.hidden,
    limits,
    language: options.language,
  });
  const tree: Record<string, string> = { ...options.project, ...HARNESS_FILES };
  // Visible tests are the learner's to read, so they may sit on disk (tracebacks quote them).
  for (const [path, text] of Object.entries(options.visible ?? {})) tree[`tests/${path}`] = text;
  if (!host.supportsStdin) tree[SPEC_PATH] = JSON.stringify(built);
  await host.writeFiles(tree);
  // On stdin, the spec comes in frames (frameHarnessSpec): the harness reads each suite only when
  // it runs it, so it can fork a suite's runner from itself (--runner fork) without the runner
  // holding a later suite. A runtime that runs the harness in its sandbox's first interpreter, with
  // runner.py imported in advance (the local python3 sandbox), forks whatever argv says.
  const argv = host.supportsStdin
    ? ['python3', '-I', '-S', '-B', HARNESS_PATH, '--spec', '-', '--runner', 'fork']
    : ['python3', '-S', '-B', HARNESS_PATH, '--spec', SPEC_PATH];
  // The harness enforces the time limits itself; the outer limit only catches a harness that hangs.
  const timeoutMs = Math.ceil(limits.totalSeconds * 1000 + limits.testSeconds * 1000 + 5000);
  const run = await host.run(argv, host.supportsStdin ? { timeoutMs, stdin: frameHarnessSpec(built) } : { timeoutMs });
  const parsed = parseHarnessOutput(run.stdout, nonce);
  if (parsed.ok) return { report: parsed.report };
  // The runtime may stop a run before the outer limit (a runaway test): say when it really stopped.
  const stoppedAfter = Math.min(run.durationMs || timeoutMs, timeoutMs);
  const why = run.timedOut
    ? `it was stopped after ${(stoppedAfter / 1000).toFixed(1)} s`
    : `exit code ${run.exitCode ?? 'none'}`;
  const stderr = tail(run.stderr);
  return { error: `${parsed.error} (${why})${stderr ? `:\n${stderr}` : ''}` };
}
