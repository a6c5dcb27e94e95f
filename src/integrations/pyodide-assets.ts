// Self-hosts Pyodide: copies the interpreter (wasm + stdlib, from the `pyodide` npm package) into
// dist/pyodide after every build, so exercise pages run Python offline with nothing fetched remotely.
// `npm run dev` serves the same files from the package at /pyodide/, so Run and Check work there too.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];
const TYPES: Record<string, string> = {
  mjs: 'text/javascript',
  wasm: 'application/wasm',
  zip: 'application/zip',
  json: 'application/json',
};
const packageDir = () => dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));

export function pyodideAssets(): AstroIntegration {
  return {
    name: 'strata-pyodide-assets',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((request, response, next) => {
          const path = (request.url ?? '').split('?')[0] ?? '';
          const file = /^\/pyodide\/([^/]+)$/.exec(path)?.[1];
          if (!file || !FILES.includes(file)) return next();
          response.setHeader('Content-Type', TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream');
          createReadStream(join(packageDir(), file)).pipe(response);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const source = packageDir();
        const target = join(fileURLToPath(dir), 'pyodide');
        await mkdir(target, { recursive: true });
        await Promise.all(FILES.map((file) => copyFile(join(source, file), join(target, file))));
        logger.info(`Pyodide copied to ${target}`);
      },
    },
  };
}
