// Self-hosts Pyodide: after every build, copies the interpreter (wasm + stdlib, from the `pyodide`
// npm package) into dist/client/pyodide/<PYODIDE_FOLDER>/ with a memory snapshot of it (see
// pyodide-snapshot.ts) and runtime.json (the files' sizes, for the progress bar), so exercise pages
// run Python offline with nothing fetched remotely. The folder's name changes with what is in it,
// so caches may keep its files for good. `npm run dev` serves the same files from the package (and
// the snapshot once a build has made one), so Run and Check work there too.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { PYODIDE_FILES, PYODIDE_FOLDER, PYODIDE_MANIFEST, PYODIDE_SNAPSHOT } from '../runtime/index.ts';
import type { PyodideManifest } from '../runtime/index.ts';
import { cachedPyodideSnapshot, pyodideSnapshot } from './pyodide-snapshot.ts';

const TYPES: Record<string, string> = {
  mjs: 'text/javascript',
  wasm: 'application/wasm',
  zip: 'application/zip',
  json: 'application/json',
  gz: 'application/gzip',
};
const packageDir = () => dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
/** Snapshots made by earlier builds, by PYODIDE_FOLDER. */
const cacheDir = () => join(packageDir(), '..', '.cache', 'strata-pyodide');

async function manifest(source: string, snapshot: Buffer | undefined): Promise<PyodideManifest> {
  const files: Record<string, number> = {};
  for (const file of PYODIDE_FILES) files[file] = (await stat(join(source, file))).size;
  if (snapshot) files[PYODIDE_SNAPSHOT] = snapshot.byteLength;
  const lock = JSON.parse(await readFile(join(source, 'pyodide-lock.json'), 'utf8')) as {
    info: Record<string, string>;
  };
  return { files, lockInfo: lock.info };
}

export function pyodideAssets(): AstroIntegration {
  return {
    name: 'strata-pyodide-assets',
    hooks: {
      'astro:server:setup': ({ server }) => {
        const prefix = `/pyodide/${PYODIDE_FOLDER}/`;
        server.middlewares.use((request, response, next) => {
          const path = (request.url ?? '').split('?')[0] ?? '';
          if (!path.startsWith(prefix)) return next();
          const file = path.slice(prefix.length);
          const send = (type: string, body: Buffer | string) => {
            response.setHeader('Content-Type', type);
            response.end(body);
          };
          if (file === PYODIDE_MANIFEST || file === PYODIDE_SNAPSHOT) {
            // No snapshot is made in dev (it takes a while); one a build made is used.
            void cachedPyodideSnapshot(cacheDir()).then(async (snapshot) => {
              if (file === PYODIDE_SNAPSHOT) {
                if (!snapshot) return next();
                return send(TYPES.gz!, snapshot);
              }
              send(TYPES.json!, JSON.stringify(await manifest(packageDir(), snapshot)));
            }, next);
            return;
          }
          if (!(PYODIDE_FILES as readonly string[]).includes(file)) return next();
          response.setHeader('Content-Type', TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream');
          createReadStream(join(packageDir(), file)).pipe(response);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const source = packageDir();
        const target = join(fileURLToPath(dir), 'pyodide', PYODIDE_FOLDER);
        await mkdir(target, { recursive: true });
        await Promise.all(PYODIDE_FILES.map((file) => copyFile(join(source, file), join(target, file))));
        let snapshot: Buffer | undefined;
        try {
          snapshot = await pyodideSnapshot(source, cacheDir());
          await writeFile(join(target, PYODIDE_SNAPSHOT), snapshot);
        } catch (error) {
          logger.warn(`No Python snapshot (exercise pages will start Python from scratch, slower): ${String(error)}`);
        }
        await writeFile(join(target, PYODIDE_MANIFEST), JSON.stringify(await manifest(source, snapshot)));
        logger.info(`Pyodide copied to ${target}${snapshot ? ', with a memory snapshot' : ''}`);
      },
    },
  };
}
