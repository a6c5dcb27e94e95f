import type { SourceFiles } from './build-graph.ts';

/**
 * The file of an internal module in a file map (`a/b.py` or `a/b/__init__.py`, also under `src/`),
 * for pointing at a chain link's importer; undefined for external packages.
 */
export function moduleToPath(files: SourceFiles | Iterable<string>, module: string): string | undefined {
  const paths = Symbol.iterator in files ? new Set(files as Iterable<string>) : new Set(Object.keys(files));
  const base = module.replace(/\./g, '/');
  for (const candidate of [`${base}.py`, `${base}/__init__.py`, `src/${base}.py`, `src/${base}/__init__.py`]) {
    if (paths.has(candidate)) return candidate;
  }
  return undefined;
}
