// npm run bench:cli — how long a user waits for the `strata` CLI to start. Medians of wall time
// over separate processes, run round-robin so load on a shared machine spreads over every case:
// `node -e 0` (the floor), `strata --version`, `strata --help` and `strata lint` on a two-module
// project, each through the prebuilt CLI (build/cli) and through the TypeScript sources
// (STRATA_CLI=sources), and `--help` without V8's compile cache (a first run). Figures only: no
// assertions.
//   node scripts/bench-cli.mjs [--runs 21]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
  // A first run after install or a rebuild: nothing in V8's compile cache yet.
  { name: 'strata --help, no cache', args: [bin, '--help'], env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
  { name: 'strata --help, sources', args: [bin, '--help'], env: sources },
  { name: 'strata lint, sources', args: [bin, 'lint', project], env: sources },
  {
    name: 'strata --help, sources, no cache',
    args: [bin, '--help'],
    env: { ...sources, NODE_DISABLE_COMPILE_CACHE: '1' },
  },
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
  for (const item of cases)
    if (item.args[0] === bin && !item.env?.STRATA_CLI) item.env = { ...item.env, STRATA_CLI: 'prebuilt' };
}

// CPU time (user + system) says more than wall time on a busy machine: GNU time measures it.
const TIME = '/usr/bin/time';
const timed = existsSync(TIME);
const wall = new Map(cases.map((item) => [item.name, []]));
const cpu = new Map(cases.map((item) => [item.name, []]));
for (let run = 0; run < runs + 1; run += 1) {
  for (const item of cases) {
    const [command, args] = timed
      ? [TIME, ['-f', 'strata-bench-cpu %U %S', process.execPath, ...item.args]]
      : [process.execPath, item.args];
    const started = performance.now();
    const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...item.env }, encoding: 'utf8' });
    const ms = performance.now() - started;
    if (result.status !== 0) {
      console.error(`${item.name} exited ${result.status}:\n${result.stderr}`);
      process.exit(1);
    }
    if (run === 0) continue; // the first round warms the file cache and V8's compile cache
    wall.get(item.name).push(ms);
    const used = /strata-bench-cpu ([\d.]+) ([\d.]+)/.exec(result.stderr);
    if (used) cpu.get(item.name).push((Number(used[1]) + Number(used[2])) * 1000);
  }
}

const range = (values) => `(${Math.min(...values).toFixed(0)}, ${Math.max(...values).toFixed(0)})`;
console.log(`\nMedian of ${runs} runs: wall ms (min, max)${timed ? ', CPU ms user+system (min, max)' : ''}`);
for (const item of cases) {
  const values = wall.get(item.name);
  const used = cpu.get(item.name);
  console.log(
    `  ${item.name.padEnd(33)} ${median(values).toFixed(0).padStart(5)}  ${range(values).padEnd(12)}` +
      (used.length > 0 ? `  ${median(used).toFixed(0).padStart(5)}  ${range(used)}` : ''),
  );
}
console.log(`\nLoad average after: ${load()}`);
