// npm run bench:cli — how long a user waits for the `strata` CLI to start. Medians of wall time
// over separate processes, run round-robin so load on a shared machine spreads over every case:
// `node -e 0` (the floor), `strata --version`, `strata --help` and `strata lint` on a two-module
// project, each through the prebuilt CLI (build/cli) and through the TypeScript sources
// (STRATA_CLI=sources). Figures only: no assertions.
//   node scripts/bench-cli.mjs [--runs 21]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'strata.mjs');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 21 : Number(args[runsAt + 1]);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

const project = join(root, '.bench', 'cli-empty');
mkdirSync(join(project, 'app'), { recursive: true });
writeFileSync(
  join(project, '.importlinter'),
  '[importlinter]\nroot_package = app\n\n[importlinter:contract:one]\nname = One\ntype = independence\nmodules =\n    app.a\n    app.b\n',
);
writeFileSync(join(project, 'app', '__init__.py'), '');
writeFileSync(join(project, 'app', 'a.py'), 'x = 1\n');
writeFileSync(join(project, 'app', 'b.py'), 'import json\n');

const sources = { STRATA_CLI: 'sources' };
const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'strata --version', args: [bin, '--version'] },
  { name: 'strata --help', args: [bin, '--help'] },
  { name: 'strata lint (2 modules)', args: [bin, 'lint', project] },
  { name: 'strata --help, sources', args: [bin, '--help'], env: sources },
  { name: 'strata lint, sources', args: [bin, 'lint', project], env: sources },
];

console.log(`Node ${process.versions.node}, ${availableParallelism()} cores; load average before: ${load()}`);
// STRATA_CLI=prebuilt makes the bin refuse to fall back to the sources, so a missing or stale
// build/cli fails here instead of being measured as the prebuilt CLI.
const prebuilt = spawnSync(process.execPath, [bin, '--version'], {
  encoding: 'utf8',
  env: { ...process.env, STRATA_CLI: 'prebuilt' },
});
if (prebuilt.status !== 0) {
  console.log(`No up-to-date prebuilt CLI (${prebuilt.stderr.trim()}): measuring what bin/strata.mjs runs.`);
} else {
  for (const item of cases) if (item.args[0] === bin && !item.env) item.env = { STRATA_CLI: 'prebuilt' };
}

const times = new Map(cases.map((item) => [item.name, []]));
for (let run = 0; run < runs + 1; run += 1) {
  for (const item of cases) {
    const started = performance.now();
    const result = spawnSync(process.execPath, item.args, {
      cwd: root,
      env: { ...process.env, ...item.env },
      encoding: 'utf8',
    });
    const ms = performance.now() - started;
    if (result.status !== 0) {
      console.error(`${item.name} exited ${result.status}:\n${result.stderr}`);
      process.exit(1);
    }
    if (run > 0) times.get(item.name).push(ms); // the first round warms the file cache
  }
}

console.log(`\nWall time, median of ${runs} runs (min, max):`);
for (const item of cases) {
  const values = times.get(item.name);
  console.log(
    `  ${item.name.padEnd(26)} ${median(values).toFixed(0).padStart(5)} ms  (${Math.min(...values).toFixed(0)}, ${Math.max(...values).toFixed(0)})`,
  );
}
console.log(`\nLoad average after: ${load()}`);
