#!/usr/bin/env node
// Entry of the `strata` CLI. It runs the prebuilt CLI in build/cli/ (scripts/build-cli.mjs, run by
// `npm install` and `npm run build`) when every source it was built from is unchanged, which
// costs one stat per source (~100); otherwise the TypeScript sources under Node's type stripping
// (Node >= 22.18), about 0.4 s slower to start, saying why when stderr is a terminal. On an older
// Node, it re-runs itself under the Node binary the project installs. STRATA_CLI=sources always
// runs the sources; STRATA_CLI=prebuilt runs the prebuilt CLI or fails (benchmarks, tests).
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.env.STRATA_CLI;
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const tooOld = major < 22 || (major === 22 && minor < 12);

/** Why build/cli cannot run here, or null when it was built from the sources as they are now. */
async function whyNotPrebuilt() {
  if (mode === 'sources') return 'STRATA_CLI=sources';
  if (tooOld) return `Node ${process.versions.node} is older than 22.12`;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, 'build', 'cli', 'manifest.json'), 'utf8'));
  } catch {
    return 'build/cli/ has not been built';
  }
  for (const [path, built] of Object.entries(manifest.inputs)) {
    const now = statSync(`${root}/${path}`, { throwIfNoEntry: false });
    if (!now) return `${path} was deleted`;
    if (now.size === built.size && now.mtimeMs === built.mtimeMs) continue;
    // Same size, new time (a checkout, a save without changes): the contents decide.
    const { createHash } = await import('node:crypto');
    if (
      now.size !== built.size ||
      createHash('sha1')
        .update(readFileSync(join(root, path)))
        .digest('hex') !== built.sha1
    ) {
      return `${path} changed`;
    }
  }
  return null;
}

const whyNot = await whyNotPrebuilt();
if (whyNot !== null && mode === 'prebuilt' && !tooOld) {
  process.stderr.write(`strata: STRATA_CLI=prebuilt, but build/cli/ cannot run: ${whyNot} (npm run build:cli)\n`);
  process.exit(2);
}

if (whyNot !== null && (tooOld || !process.features?.typescript)) {
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    process.stderr.write(
      `strata: Node ${process.versions.node} cannot run TypeScript sources; install Node >= 22.18 or run \`npm install\` in ${root}.\n`,
    );
    process.exit(2);
  }
  // Loaded only here: node:child_process takes ~10 ms to load, on every start otherwise.
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

// V8's code cache on disk (Node's default place, or NODE_COMPILE_CACHE): compiling the chunks is
// most of what is left of a start once nothing is type-stripped.
nodeModule.enableCompileCache?.();
if (whyNot !== null && mode !== 'sources' && process.stderr.isTTY) {
  process.stderr.write(`strata: running the TypeScript sources (slower to start): ${whyNot}; npm run build:cli\n`);
}
const { main } = await import(whyNot === null ? '../build/cli/index.mjs' : '../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
