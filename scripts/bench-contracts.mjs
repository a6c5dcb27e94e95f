// npm run bench:contracts — the import-contract engine on deterministic synthetic codebases.
// Prints medians (cold: read + scan + graph + a 4-layer/1,000-container layers contract, a
// forbidden and an independence contract; warm: `strata lint --cache-dir` again on the unchanged
// tree, through the CLI; the cold run through the CLI too; incremental: re-check after editing one file), peak
// RSS, how the cold time grows from 1,000 to 65,000 modules, and the scanner alone on single large
// or pathological files (speed the unit tests no longer assert). Figures only: no assertions.
//   node scripts/bench-contracts.mjs [--sizes 1000,4000,16000,65000] [--runs 3] [--scanner-runs 5]
//     [--reference IMPORT_LINTER_SRC,GRIMP_SRC: also the A/B against import-linter on pip, see lib/bench-import-linter.mjs]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBenchCli } from './lib/bench-cli-copy.mjs';
import { compareWithImportLinter } from './lib/bench-import-linter.mjs';
import { generateProject } from './lib/generate-python-project.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = join(root, 'node_modules', '.bin', 'node');
const runner = join(root, 'scripts', 'lib', 'bench-contracts-run.mjs');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const sizes = arg('--sizes', '1000,4000,16000,65000').split(',').map(Number);
const runs = Number(arg('--runs', '3'));
const scannerRuns = Number(arg('--scanner-runs', '5'));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const GENERATOR_VERSION = readFileSync(join(root, 'scripts', 'lib', 'generate-python-project.mjs'), 'utf8').length;

function project(size) {
  const dir = join(root, '.bench', `contracts-${size}`);
  const stamp = join(dir, '.generated');
  const expected = `${size} ${GENERATOR_VERSION}`;
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== expected) {
    const started = performance.now();
    const made = generateProject(dir, size);
    writeFileSync(stamp, expected);
    console.log(
      `generated ${made.modules} modules (${made.imports} import statements) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return dir;
}

const run = (mode, dir, extra = []) =>
  JSON.parse(execFileSync(node, [runner, mode, dir, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 }));

// Timings on a shared machine mean little without its load: printed before and after.
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
console.log(`${availableParallelism()} cores; load average (1, 5, 15 min) before: ${load()}`);

// The CLI timed below is a copy built now (lib/bench-cli-copy.mjs): sources edited meanwhile change nothing.
const cli = await buildBenchCli(root);

const rows = [];
for (const size of sizes) {
  const dir = project(size);
  const colds = Array.from({ length: runs }, () => run('cold', dir));
  const first = colds[0];
  rows.push({
    size,
    modules: first.modules,
    dependencies: first.dependencies,
    coldMs: median(colds.map((cold) => cold.totalMs)),
    readAndScanMs: median(colds.map((cold) => cold.readAndScanMs)),
    graphAndContractsMs: median(colds.map((cold) => cold.graphAndContractsMs)),
    peakRssMb: Math.max(...colds.map((cold) => cold.peakRssMb)),
  });
  console.log(
    `${size}: cold median ${rows.at(-1).coldMs.toFixed(0)} ms (${colds.map((cold) => cold.totalMs.toFixed(0)).join(', ')})`,
  );
}

// Through the CLI with --cache-dir: one run fills the cache, then runs on the unchanged tree (wall
// time from this process, Node's start included; the graph cache's stats, then the cached results).
const cacheDir = join(root, '.bench', 'cache');
const lintWall = (dir, cache = ['--cache-dir', cacheDir]) => {
  const started = performance.now();
  const result = spawnSync(node, [...cli, 'lint', dir, ...cache], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`strata lint failed: ${result.stderr}`);
  return performance.now() - started;
};
const warm = [];
for (const size of [...new Set([sizes[0], sizes.at(-1)])]) {
  const dir = project(size);
  rmSync(cacheDir, { recursive: true, force: true });
  const fillMs = lintWall(dir);
  const times = Array.from({ length: Math.max(runs, 5) }, () => lintWall(dir));
  warm.push({ size, fillMs, medianMs: median(times), times });
}
rmSync(cacheDir, { recursive: true, force: true });
// The cold run as a user waits for it: `strata lint` without a cache, Node's start included.
const cliCold = Array.from({ length: runs }, () => lintWall(project(sizes.at(-1)), []));

const incremental = [];
for (const size of [50, sizes.at(-1)]) {
  const result = run('incremental', project(size), ['25']);
  incremental.push({ size, ...result });
}

const scanner = run('scanner', String(scannerRuns));

console.log('\nCold runs (median of', runs, 'each; separate processes):');
console.log('modules  dependencies  cold ms  read+scan ms  graph+contracts ms  peak RSS MB');
for (const row of rows) {
  console.log(
    `${String(row.modules).padStart(7)}  ${String(row.dependencies).padStart(12)}  ${row.coldMs.toFixed(0).padStart(7)}  ${row.readAndScanMs.toFixed(0).padStart(12)}  ${row.graphAndContractsMs.toFixed(0).padStart(18)}  ${row.peakRssMb.toFixed(0).padStart(11)}`,
  );
}
const base = rows[0];
console.log(
  '\nGrowth of the cold time:',
  rows
    .map(
      (row) =>
        `${row.modules}: x${(row.coldMs / base.coldMs).toFixed(1)} (modules x${(row.modules / base.modules).toFixed(1)})`,
    )
    .join(', '),
);
console.log('\n`strata lint --cache-dir` through the CLI (wall, Node start included): first run, then unchanged tree:');
for (const row of warm) {
  console.log(
    `  ${row.size} modules: first ${row.fillMs.toFixed(0)} ms, warm median ${row.medianMs.toFixed(0)} ms (${row.times.map((time) => time.toFixed(0)).join(', ')})`,
  );
}
console.log(
  `\n\`strata lint\` without cache through the CLI (wall), ${sizes.at(-1)} modules: median ${median(cliCold).toFixed(0)} ms (${cliCold.map((time) => time.toFixed(0)).join(', ')})`,
);
console.log('\nIncremental re-check after editing one file (median over', incremental[0].edits, 'updates):');
for (const row of incremental)
  console.log(`  ${row.size} modules: median ${row.medianMs.toFixed(2)} ms, max ${row.maxMs.toFixed(1)} ms`);
console.log('\nScanner alone, one file at a time (median of', scannerRuns, 'runs each, in one process):');
for (const row of scanner)
  console.log(`  ${row.name}: median ${row.medianMs.toFixed(0)} ms, max ${row.maxMs.toFixed(0)} ms`);
compareWithImportLinter({
  root,
  node,
  cli,
  reference: arg('--reference', process.env.STRATA_BENCH_IMPORT_LINTER ?? ''),
  runs: Math.max(runs, 5),
});
console.log(`\nLoad average after: ${load()}`);
