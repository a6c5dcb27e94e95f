// Bundles the package's library entry points (package.json "exports": ./contracts, ./grading,
// ./schemas) into build/lib/ as plain ES modules, so a project that installs the package imports
// them without TypeScript type stripping (Node does not strip types under node_modules). The
// layers are pure (no Node built-ins, no DOM): built for any platform, their npm dependencies left
// as imports. Run by `npm pack`/`npm publish` (prepack) after the CLI bundle.
//   node scripts/build-lib.mjs [--outdir DIR]
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LIBRARY_ENTRIES = {
  contracts: 'src/contracts/index.ts',
  grading: 'src/grading/index.ts',
  schemas: 'src/schemas/index.ts',
};

export async function buildLibrary({ outdir = join(root, 'build', 'lib') } = {}) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: LIBRARY_ENTRIES,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outdir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--outdir');
  const outdir = await buildLibrary(at === -1 ? {} : { outdir: resolve(process.argv[at + 1]) });
  console.log(`strata: built the library entry points into ${outdir}`);
}
