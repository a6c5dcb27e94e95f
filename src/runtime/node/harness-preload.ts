import { HARNESS_FILES, HARNESS_PATH } from '../../grading/index.ts';
import { compiledHarness, preloadFrame } from './sandbox.ts';
import type { SandboxInfo } from './sandbox.ts';

// What a sandbox needs from the grading layer (the harness's sources), apart from
// sandbox-process.ts: that module starts sandboxes and must load without the grader (and zod), so
// that `strata grade` can start its sandbox before it loads them; it imports this one lazily.

/** The harness's sources, for the bootstrap to import before the working tree comes. */
export function harnessSources(): { harness: string; runner: string } {
  const read = (name: string) => {
    const text = HARNESS_FILES[`.strata/${name}`];
    if (text === undefined) throw new Error(`the embedded harness has no ${name}`);
    return text;
  };
  return { harness: read('harness.py'), runner: read('runner.py') };
}

/**
 * The arguments of the harness when `argv` runs it (`python3 [-I] [-S] [-B] .strata/harness.py
 * ...`), for the bootstrap to run it in its own, preloaded interpreter; otherwise null.
 */
export function inlineHarnessArgs(argv: readonly string[]): string[] | null {
  const [program, ...rest] = argv;
  if (program !== 'python3' && program !== 'python') return null;
  let index = 0;
  while (index < rest.length && /^-[ISB]+$/.test(rest[index] ?? '')) index++;
  return rest[index] === HARNESS_PATH ? rest.slice(index + 1) : null;
}

/** The preload frames built so far (~150 kB of JSON each: built once per process, not per sandbox). */
const preloads = new Map<string, Buffer>();

/**
 * The bootstrap's first frame with the harness (see preloadFrame), and with `compiled` its code
 * compiled on the host (compiledHarness: worth it in a process that starts many sandboxes).
 */
export function harnessPreload(info: SandboxInfo, compiled: boolean): Buffer {
  const key = `${info.python}:${compiled}`;
  let frame = preloads.get(key);
  if (!frame) {
    const sources = harnessSources();
    frame = preloadFrame({ ...sources, compiled: compiled ? compiledHarness(info, sources) : null });
    preloads.set(key, frame);
  }
  return frame;
}
