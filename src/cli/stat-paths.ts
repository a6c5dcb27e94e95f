// Stats many paths at once for the graph cache (graph-cache.ts): a warm `strata lint --cache-dir`
// on a 65k-module tree stats ~82,000 directories and files, and each stat is a system call of a few
// microseconds, most of the run. Past PARALLEL_FROM paths a second thread takes its share: both
// threads claim chunks of the list through a shared counter and write each path's stat into one
// shared array. The worker is a small script evaluated from this module's source (it loads nothing
// but node:fs), so it starts in a few milliseconds, while the main thread is already statting; the
// main thread waits for the chunks the worker claimed (synchronously, with Atomics.wait), and stats
// again any chunk the worker did not finish in time, so a worker that never starts or dies only
// costs time.
import { statSync } from 'node:fs';

/** size, mtimeMs, ctimeMs, ino per path; all NaN when the path does not exist or cannot be statted. */
export const STAT_FIELDS = 4;
/** Paths from which a second thread stats half of them. STRATA_CACHE_PARALLEL_FROM overrides it (tests). */
const PARALLEL_FROM = Number(process.env.STRATA_CACHE_PARALLEL_FROM ?? 8192);
/** Paths per claim: small enough for the threads to end together, large enough to claim rarely. */
const CHUNK = 512;
/** How long the main thread waits for a chunk the worker claimed before statting it itself. */
const WAIT_MS = 10_000;

type StatSync = typeof statSync;

/**
 * Claims chunks of `paths` until none are left, writing their stats into `out` and marking each
 * chunk done in `done` (index 0 of `control` is the next unclaimed path). Runs in both threads, so
 * it uses nothing but its arguments (the worker evaluates its source).
 */
function statChunks(
  stat: StatSync,
  root: string,
  paths: string[],
  out: Float64Array,
  control: Int32Array,
  done: Int32Array,
  chunk: number,
  fields: number,
): void {
  for (;;) {
    const start = Atomics.add(control, 0, chunk);
    if (start >= paths.length) return;
    const end = Math.min(paths.length, start + chunk);
    for (let index = start; index < end; index += 1) {
      const path = paths[index]!;
      let found;
      try {
        found = stat(path ? `${root}/${path}` : root, { throwIfNoEntry: false });
      } catch {
        found = undefined; // not searchable, say: no stat, as if absent
      }
      const at = index * fields;
      out[at] = found ? found.size : NaN;
      out[at + 1] = found ? found.mtimeMs : NaN;
      out[at + 2] = found ? found.ctimeMs : NaN;
      out[at + 3] = found ? found.ino : NaN;
    }
    Atomics.store(done, start / chunk, 1);
    Atomics.notify(done, start / chunk);
  }
}

const WORKER_SOURCE = `
const { workerData: d } = require('node:worker_threads');
const paths = d.count === 0 ? [] : d.text.split('\\0');
(${statChunks.toString()})(require('node:fs').statSync, d.root, paths, new Float64Array(d.out), new Int32Array(d.control), new Int32Array(d.done), d.chunk, d.fields);
`;

export interface StatOptions {
  /** Paths from which a second thread helps (default PARALLEL_FROM); 0 always starts one. */
  parallelFrom?: number;
  /** False leaves the paths to the worker (tests: so they know it ran); the main thread only waits. */
  mainThread?: boolean;
}

/**
 * The stats of the paths in `text` (relative to `root`, joined by NUL; '' is the root itself), in
 * order: STAT_FIELDS numbers each (see there). `paths` is `text` split, as the caller has it.
 */
export function statPaths(root: string, text: string, paths: string[], options: StatOptions = {}): Float64Array {
  const parallelFrom = options.parallelFrom ?? PARALLEL_FROM;
  const chunks = Math.ceil(paths.length / CHUNK);
  const out = new Float64Array(new SharedArrayBuffer(paths.length * STAT_FIELDS * 8));
  const control = new Int32Array(new SharedArrayBuffer(4));
  const done = new Int32Array(new SharedArrayBuffer(Math.max(1, chunks) * 4));
  if (paths.length > 0 && paths.length >= parallelFrom) {
    try {
      // Loaded here, not at start: most runs have no use for it (~15 ms to load).
      const { Worker } = process.getBuiltinModule('node:worker_threads');
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          root,
          text,
          count: paths.length,
          out: out.buffer,
          control: control.buffer,
          done: done.buffer,
          chunk: CHUNK,
          fields: STAT_FIELDS,
        },
      });
      worker.unref();
      worker.on('error', () => undefined); // its chunks are statted again below
    } catch {
      // No worker here (a platform without threads): the main thread stats everything.
    }
  }
  if (options.mainThread !== false) statChunks(statSync, root, paths, out, control, done, CHUNK, STAT_FIELDS);
  for (let index = 0; index < chunks; index += 1) {
    if (Atomics.load(done, index) === 1) continue;
    if (Atomics.wait(done, index, 0, WAIT_MS) !== 'timed-out' || Atomics.load(done, index) === 1) continue;
    // Claimed by a worker that did not finish it: statted here (the same values, if it ever does).
    const single = new Int32Array(1);
    const path = paths.slice(index * CHUNK, (index + 1) * CHUNK);
    const part = new Float64Array(path.length * STAT_FIELDS);
    statChunks(statSync, root, path, part, single, new Int32Array(1), CHUNK, STAT_FIELDS);
    out.set(part, index * CHUNK * STAT_FIELDS);
  }
  return out;
}
