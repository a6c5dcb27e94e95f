// Bundles the `strata` CLI (src/cli/index.ts and everything it imports) into build/cli/ with
// esbuild, so a run starts without type-stripping and loading ~200 TypeScript modules. Run by
// `npm install` (prepare), `npm run build` and the test gate; bin/strata.mjs uses the bundle only
// while build/cli/manifest.json matches every source file it was built from, else the sources.
//   node scripts/build-cli.mjs [--outdir DIR] [--quiet] [--strict: exit 1 when the build fails]
//
// - Each command is its own chunk (src/cli/commands.ts imports them dynamically); the cohort
//   server's packages are bundled too, except the few listed in EXTERNAL_PACKAGES.
// - `import.meta.url` keeps meaning the source file's URL (find-exercise.ts, the server's
//   migrations resolve paths from it), except in scan-project.ts, whose worker threads load the
//   module they are in: in the bundle, its chunk.
// - Files are written so that a CLI running while this rebuilds never sees half a file: chunks
//   have content-hashed names and are written once, index.mjs then manifest.json are renamed
//   into place, and a chunk no longer used is deleted only when it is an hour old.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Packages loaded from node_modules rather than bundled: PGlite finds its wasm and data files next
 * to its own module, pg optionally requires the native pg-native, esbuild is a build tool. Every
 * other package is pure JavaScript and is bundled, so a start resolves a few chunks instead of
 * ~950 package files (Better Auth's kysely, drizzle-orm, zod, jose...), each a package-scope lookup.
 */
const EXTERNAL_PACKAGES = new Set(['@electric-sql/pglite', 'pg', 'pg-native', 'esbuild']);
/** The module whose worker threads load its own file (see the header). */
const SELF_LOADING = join(root, 'src', 'cli', 'scan-project.ts');
const STALE_CHUNK_MS = 60 * 60 * 1000;
const toPosix = (path) => path.split(sep).join('/');

/** Rewrites `import.meta.url` to the URL of the source file, computed from the output's own. */
const sourceUrlPlugin = (outdir) => ({
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (loaded) => {
      const text = readFileSync(loaded.path, 'utf8');
      if (loaded.path === SELF_LOADING || !text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const fromOutput = JSON.stringify(toPosix(relative(outdir, loaded.path)));
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${fromOutput}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
});

const externalPackagesPlugin = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) => {
      if (path.startsWith('node:')) return { path, external: true };
      const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
      return EXTERNAL_PACKAGES.has(name) ? { path, external: true } : undefined;
    });
  },
};

/** Writes `bytes` to `path` through a temporary file and a rename, so no reader sees it half written. */
function writeAtomically(path, bytes) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

/** Builds the CLI into `outdir` (default build/cli; it must be inside the project, for node_modules). */
export async function buildCli({ outdir = join(root, 'build', 'cli') } = {}) {
  const esbuild = await import('esbuild');
  const started = performance.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { index: 'src/cli/index.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22.12',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [externalPackagesPlugin, sourceUrlPlugin(outdir)],
  });

  // The scan workers would run the CLI's entry if scan-project.ts landed in it.
  const entryOutput = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint);
  if (entryOutput && 'src/cli/scan-project.ts' in entryOutput[1].inputs) {
    throw new Error('scan-project.ts was bundled into the entry chunk; it must stay in a lazily loaded chunk');
  }

  mkdirSync(outdir, { recursive: true });
  const written = new Set(['manifest.json']);
  let entry;
  for (const file of result.outputFiles) {
    const name = relative(outdir, file.path);
    written.add(name);
    if (name === 'index.mjs') entry = file;
    else if (!statSync(file.path, { throwIfNoEntry: false })) writeAtomically(file.path, file.contents);
  }
  writeAtomically(entry.path, entry.contents);

  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs).sort()) {
    if (input.includes('node_modules/')) continue; // bundled packages change only with npm install
    const bytes = readFileSync(join(root, input));
    const { mtimeMs, size } = statSync(join(root, input));
    inputs[input] = { size, mtimeMs, sha1: createHash('sha1').update(bytes).digest('hex') };
  }
  writeAtomically(join(outdir, 'manifest.json'), `${JSON.stringify({ esbuild: esbuild.version, inputs }, null, 1)}\n`);

  const now = Date.now();
  for (const name of readdirSync(outdir)) {
    const path = join(outdir, name);
    if (!written.has(name) && now - statSync(path).mtimeMs > STALE_CHUNK_MS) rmSync(path, { force: true });
  }
  return { outdir, inputs: Object.keys(inputs).length, ms: performance.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--outdir');
  try {
    const built = await buildCli(outAt === -1 ? {} : { outdir: resolve(args[outAt + 1]) });
    if (!args.includes('--quiet')) {
      console.log(
        `strata: built the CLI into ${toPosix(relative(root, built.outdir))}/ from ${built.inputs} sources in ${built.ms.toFixed(0)} ms`,
      );
    }
  } catch (error) {
    // `npm install` must not fail over this: bin/strata.mjs runs the sources without a bundle.
    console.warn(`strata: could not build the CLI bundle (${error.message}); bin/strata.mjs will run the sources`);
    process.exitCode = args.includes('--strict') ? 1 : 0;
  }
}
