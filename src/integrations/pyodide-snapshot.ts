// A memory snapshot of Pyodide's interpreter, made at build time in Node: Python started and
// PRELOADED_MODULES imported, the WebAssembly memory then saved. The browser restores it instead
// of starting Python and importing those modules itself, most of a cold start (measured in
// `npm run bench:workspace`). Pyodide's snapshot API is experimental (`_makeSnapshot`,
// `_loadSnapshot`), so every snapshot is restored once here before it ships, and the worker falls
// back to a plain start if one ever fails in the browser.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AFTER_RESTORE_CODE, PRELOAD_CODE, PRELOADED_MODULES, PYODIDE_FOLDER } from '../runtime/index.ts';

/** Makes the snapshot with the Pyodide in `packageDir` and checks that it restores. Gzipped. */
export async function makePyodideSnapshot(packageDir: string): Promise<Buffer> {
  const { loadPyodide } = await import('pyodide');
  const indexURL = `${packageDir}/`;
  const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
  pyodide.runPython(PRELOAD_CODE);
  const snapshot = pyodide.makeMemorySnapshot();
  const restored = await loadPyodide({ indexURL, _loadSnapshot: snapshot });
  restored.runPython(AFTER_RESTORE_CODE);
  const missing = restored.runPython(
    `import sys\n",".join(m for m in ${JSON.stringify(PRELOADED_MODULES)} if m not in sys.modules)`,
  ) as string;
  if (missing) throw new Error(`the restored interpreter lacks ${missing}`);
  return gzipSync(snapshot, { level: 9 });
}

/** The snapshot for this PYODIDE_FOLDER from `cacheDir`, if a build made it before. */
export async function cachedPyodideSnapshot(cacheDir: string): Promise<Buffer | undefined> {
  const file = join(cacheDir, `${PYODIDE_FOLDER}.gz`);
  return existsSync(file) ? readFile(file) : undefined;
}

/**
 * The snapshot for this PYODIDE_FOLDER: from `cacheDir` when a build made it before (it takes
 * seconds to make, tens under load), else made and kept there.
 */
export async function pyodideSnapshot(packageDir: string, cacheDir: string): Promise<Buffer> {
  const cached = await cachedPyodideSnapshot(cacheDir);
  if (cached) return cached;
  const snapshot = await makePyodideSnapshot(packageDir);
  await mkdir(cacheDir, { recursive: true });
  // Another build may be making the same file: each writes its own, then renames it into place.
  const partial = join(cacheDir, `${PYODIDE_FOLDER}.${process.pid}.partial`);
  await writeFile(partial, snapshot);
  await rename(partial, join(cacheDir, `${PYODIDE_FOLDER}.gz`));
  return snapshot;
}
