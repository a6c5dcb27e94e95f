// Self-hosts Pyodide: copies the interpreter (wasm + stdlib, from the `pyodide` npm package) into
// dist/pyodide after every build, so exercise pages run Python offline with nothing fetched remotely.
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

/** @returns {import('astro').AstroIntegration} */
export function pyodideAssets() {
  return {
    name: 'strata-pyodide-assets',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const source = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
        const target = join(fileURLToPath(dir), 'pyodide');
        await mkdir(target, { recursive: true });
        await Promise.all(FILES.map((file) => copyFile(join(source, file), join(target, file))));
        logger.info(`Pyodide copied to ${target}`);
      },
    },
  };
}
