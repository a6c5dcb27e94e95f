// The `strata` CLI the benchmarks time: a copy built when the benchmark starts into .bench/cli-copy/,
// run by the launcher at the end of this file. bin/strata.mjs runs build/cli/ only while every
// source it was built from is unchanged, so a source edited by someone else during a long
// benchmark made it fail (STRATA_CLI=prebuilt) or, worse, silently run the TypeScript sources,
// ~0.4 s slower to start, in the middle of a series. The copy is what the sources were when the
// benchmark started, whatever happens to them after.
//   as a module: await buildBenchCli(root) -> the arguments to give node before strata's own
//   as a launcher: node scripts/lib/bench-cli-copy.mjs BUILD_DIR strata-arguments...
// The launcher does what bin/strata.mjs does once it has chosen the prebuilt CLI (V8's compile
// cache, then main), without the ~120 stats of its freshness check (a few ms). The folder is the
// same on every run, so the compile cache of unchanged chunks stays valid (build-cli.mjs writes
// new chunks beside the old ones and renames index.mjs into place).
import * as nodeModule from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);

/** Builds the CLI into .bench/cli-copy/ (inside the project, for node_modules); returns node's arguments. */
export async function buildBenchCli(root) {
  const { buildCli } = await import(pathToFileURL(join(root, 'scripts', 'build-cli.mjs')).href);
  const outdir = join(root, '.bench', 'cli-copy');
  await buildCli({ outdir });
  return [self, outdir];
}

if (process.argv[1] && resolve(process.argv[1]) === self) {
  const [dir, ...args] = process.argv.slice(2);
  nodeModule.enableCompileCache?.();
  const { main } = await import(pathToFileURL(join(dir, 'index.mjs')).href);
  process.exitCode = await main(args, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  });
}
