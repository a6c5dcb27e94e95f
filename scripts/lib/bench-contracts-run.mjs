// One measured run of the contract engine, in its own process so peak memory is per run.
//   cold DIR         read + scan + graph + contracts, as `strata lint` does them
//   incremental DIR  analyse once, then re-check after editing one file, many times
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse, createAnalyser, findConfigFile, parseConfig } from '../../src/contracts/index.ts';
import { readPythonProject } from '../../src/cli/read-project.ts';
import { readAndScanProject } from '../../src/cli/scan-project.ts';

const [mode, dir, editsArg] = process.argv.slice(2);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (mode === 'cold') {
  const started = performance.now();
  const { files, scans } = await readAndScanProject(dir);
  const read = performance.now();
  const config = parseConfig(findConfigFile(files));
  const scanned = performance.now();
  const report = analyse(files, config, { scans });
  const done = performance.now();
  process.stdout.write(
    JSON.stringify({
      readAndScanMs: read - started,
      graphAndContractsMs: done - scanned,
      totalMs: done - started,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      modules: report.analyzed_files,
      dependencies: report.dependencies,
      kept: report.contracts.map((contract) => contract.kept),
    }),
  );
} else {
  const files = await readPythonProject(dir);
  const config = parseConfig(findConfigFile(files));
  const analyser = createAnalyser(files, config);
  analyser.report();
  const paths = Object.keys(files)
    .filter((path) => path.endsWith('.py') && !path.endsWith('__init__.py'))
    .sort();
  const edits = Number(editsArg ?? 25);
  const times = [];
  for (let index = 0; index < edits; index += 1) {
    const path = paths[Math.floor((index * 7919) % paths.length)];
    const original = readFileSync(join(dir, path), 'utf8');
    // A realistic keystroke-level edit: one more import line, then the original back.
    for (const text of [`${original}\nimport bigco.platform.lib0.util0\n`, original]) {
      const started = performance.now();
      analyser.update(path, text);
      times.push(performance.now() - started);
    }
  }
  process.stdout.write(JSON.stringify({ medianMs: median(times), maxMs: Math.max(...times), edits: times.length }));
}
