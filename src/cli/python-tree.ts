// What `strata lint` walks in a Python project: the rules of scan-project.ts's one walker (the threaded
// scan, listProject for the scan cache, and read-project.ts for callers that need whole files).
import { existsSync } from 'node:fs';
import { CONFIG_FILE_NAMES } from '../contracts/index.ts';

/** import-linter's configuration files, read from the top of the project (findConfigFile picks one). */
export const CONFIG_FILES: ReadonlySet<string> = new Set(CONFIG_FILE_NAMES);

/**
 * Directory names that usually hold build outputs, environments or caches, not the project's own
 * packages. They are skipped unless they are a package themselves (an `__init__.py`): grimp walks
 * every package, so `app/build/` with an `__init__.py` is `app.build`, while a top-level `build/`
 * (setuptools' copy of the sources) or `venv/` is not read.
 */
const NOT_SOURCE_DIRS = new Set(['node_modules', 'venv', 'site-packages', 'dist', 'build']);

/**
 * Whether isWalkedDir's answer for `name` depends on the directory's contents (an `__init__.py` in
 * it): the graph cache watches such directories even when they are not walked.
 */
export function walkDependsOnContents(name: string): boolean {
  return NOT_SOURCE_DIRS.has(name);
}

/** Whether to walk the directory `name` found at `path` (the caller's absolute or root-relative path). */
export function isWalkedDir(name: string, path: string): boolean {
  // Hidden directories (.git, .venv, .import_linter_cache) and caches are never packages to grimp.
  if (name.startsWith('.') || name === '__pycache__') return false;
  return !NOT_SOURCE_DIRS.has(name) || existsSync(`${path}/__init__.py`);
}
