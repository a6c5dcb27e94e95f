// What the site ships of Pyodide and where: shared by the Web Worker that loads it and by the
// build (integrations/pyodide-assets.ts) that copies it, so the two cannot disagree.
import pyodidePackage from 'pyodide/package.json' with { type: 'json' };

/** The Pyodide release the site ships (the `pyodide` npm package). */
export const PYODIDE_VERSION: string = pyodidePackage.version;

/**
 * The runtime's files, fetched on every cold start. pyodide-lock.json is not among them: no run
 * loads a package (the standard library and the harness are all it needs), so the worker hands
 * Pyodide an empty lock file instead of fetching 120 kB to parse.
 */
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip'] as const;

/**
 * A memory snapshot of the interpreter taken at build time after importing PRELOADED_MODULES,
 * gzipped. Restoring it skips Python's start-up and those imports, which are most of a cold start.
 */
export const PYODIDE_SNAPSHOT = 'python-snapshot.gz';

/** Written beside the files by the build: see PyodideManifest. */
export const PYODIDE_MANIFEST = 'runtime.json';

export interface PyodideManifest {
  /** Each file the worker fetches (PYODIDE_FILES, and the snapshot when there is one) and its bytes. */
  files: Record<string, number>;
  /** pyodide-lock.json's `info` (its ABI version must match the interpreter's). */
  lockInfo: Record<string, string>;
}

/**
 * Standard-library modules imported into the snapshot: what the grading harness imports on top of
 * Pyodide's own start-up (unittest and unittest.mock, argparse, difflib, pprint, runpy, pkgutil,
 * importlib.metadata, measured over a Check of every exercise's starter and solution), what the
 * exercises import (csv, datetime, decimal, sqlite3), and modules learners commonly reach for.
 * Any other module still imports, from python_stdlib.zip, on first use.
 */
export const PRELOADED_MODULES = [
  'argparse',
  'collections',
  'contextlib',
  'copy',
  'csv',
  'dataclasses',
  'datetime',
  'decimal',
  'difflib',
  'enum',
  'functools',
  'importlib.metadata',
  'itertools',
  'json',
  'logging',
  'numbers',
  'pathlib',
  'pkgutil',
  'pprint',
  'random',
  'runpy',
  'shutil',
  'sqlite3',
  'string',
  'tempfile',
  'textwrap',
  'typing',
  'unittest',
  'unittest.mock',
] as const;

/** Python that imports PRELOADED_MODULES (before a snapshot, or after a start without one). */
export const PRELOAD_CODE = `import ${PRELOADED_MODULES.join(', ')}`;

/**
 * Python run after restoring a snapshot: every restored interpreter would otherwise draw the same
 * "random" numbers, those of the build machine's interpreter.
 */
export const AFTER_RESTORE_CODE = 'import random\nrandom.seed()';

/** FNV-1a, enough to tell two recipes apart in a folder name. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/** Bumped when the way the snapshot is made changes (see integrations/pyodide-snapshot.ts). */
const SNAPSHOT_RECIPE = 1;

/**
 * The folder (under the site's pyodide/) holding this build's runtime. It changes with the Pyodide
 * release and with what the snapshot holds, so its files never change under a URL: every cache
 * (HTTP, the service worker's) may keep them for good, and a new runtime gets new URLs.
 */
export const PYODIDE_FOLDER = `${PYODIDE_VERSION}-${shortHash(`${SNAPSHOT_RECIPE}:${PRELOAD_CODE}`)}`;

/** A lock file without packages: Pyodide reads its package index from it, and no run installs one. */
export function emptyLockFile(manifest: PyodideManifest): { info: Record<string, string>; packages: object } {
  return { info: manifest.lockInfo, packages: {} };
}
