// statPaths (src/cli/stat-paths.ts) takes the graph cache's stats, with a second thread on a large
// tree. Whichever thread statted a path, the answers are in the order of the paths, and equal to
// statSync's; a path that is missing (or cannot be statted) gives NaN, never a throw.
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAT_FIELDS, statPaths } from '../../src/cli/stat-paths.ts';

/** A tree of 30 directories of 60 files each (more paths than one chunk, so both threads claim some). */
function tree(): { root: string; paths: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'strata-stat-paths-'));
  const paths = [''];
  for (let dir = 0; dir < 30; dir += 1) {
    mkdirSync(join(root, `d${dir}`));
    paths.push(`d${dir}`);
    for (let file = 0; file < 60; file += 1) {
      writeFileSync(join(root, `d${dir}`, `m${file}.py`), 'x = 1\n'.repeat(file));
      paths.push(`d${dir}/m${file}.py`);
    }
  }
  return { root, paths };
}

function expected(root: string, paths: string[]): number[] {
  return paths.flatMap((path) => {
    const stat = statSync(path ? join(root, path) : root, { throwIfNoEntry: false });
    return stat ? [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino] : [NaN, NaN, NaN, NaN];
  });
}

describe('statPaths', () => {
  it('gives statSync’s size, mtime, ctime and inode of every path, in order, with one thread or two', () => {
    const { root, paths } = tree();
    // Missing paths among them: a file and a directory that do not exist, and a path under a file.
    paths.splice(5, 0, 'd0/gone.py');
    paths.splice(900, 0, 'nowhere', 'd1/m1.py/child');
    const want = expected(root, paths);
    const text = paths.join('\0');
    // The main thread alone, both threads, and the worker alone.
    for (const options of [{ parallelFrom: Infinity }, { parallelFrom: 0 }, { parallelFrom: 0, mainThread: false }]) {
      const stats = statPaths(root, text, paths, options);
      expect(stats.length).toBe(paths.length * STAT_FIELDS);
      expect(Array.from(stats), JSON.stringify(options)).toEqual(want);
    }
    expect(want.slice(5 * STAT_FIELDS, 6 * STAT_FIELDS).every(Number.isNaN)).toBe(true);
    expect(want.slice(1 * STAT_FIELDS, 2 * STAT_FIELDS).some(Number.isNaN)).toBe(false);
  });

  it('returns nothing for no paths, and the root alone for the empty path', () => {
    const { root } = tree();
    expect(statPaths(root, '', [], { parallelFrom: 0 })).toHaveLength(0);
    expect(Array.from(statPaths(root, '', [''], { parallelFrom: 0 }))).toEqual(expected(root, ['']));
  });
});
