// What every chain search shares, as in grimp's pathfinding: breadth-first searches over integer
// module ids with reusable scratch arrays. Every search first runs one cheap pass that only answers
// "is there any illegal chain?" (most contracts are kept, so this is all the work in the common
// case); the detailed, route-by-route search runs only where that pass found one. Each pass marks
// the modules whose imports it looked at in `footprint`, which is what the incremental analyser
// uses to know whether an edit can change a contract's verdict.

/** The largest stamp an Int32Array holds; past it, `seen` is cleared and stamps start again. */
const MAX_STAMP = 0x7fffffff;

/** Reusable scratch arrays; `stamp` avoids clearing them between searches. */
export class Scratch {
  seen: Int32Array;
  previous: Int32Array;
  queue: Int32Array;
  stamp = 0;
  constructor(size: number) {
    this.seen = new Int32Array(size);
    this.previous = new Int32Array(size);
    this.queue = new Int32Array(size);
  }
  next(): number {
    this.stamp += 1;
    if (this.stamp === MAX_STAMP) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }
}

let scratch: Scratch | undefined;
export function scratchFor(size: number): Scratch {
  if (!scratch || scratch.seen.length < size) scratch = new Scratch(Math.max(size, 1024));
  return scratch;
}
