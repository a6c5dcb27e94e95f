// One measured run of the contract engine, in its own process so peak memory is per run.
//   cold DIR         read + scan + graph + contracts, as `strata lint` does them
//   incremental DIR  analyse once, then re-check after editing one file, many times
//   scanner RUNS     the scanner alone on single large or pathological files (the inputs of the
//                    unit tests that check its results on them), RUNS times each
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyse,
  ContractsError,
  createAnalyser,
  findConfigFile,
  parseConfig,
  scanImports,
  scanSource,
} from '../../src/contracts/index.ts';
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
} else if (mode === 'scanner') {
  const runs = Number(dir ?? 5);
  // The inputs of tests/unit/contracts/scanner-edge-cases.test.ts and scan.test.ts.
  // Built before timing, as the tests build them.
  const inputs = [
    {
      name: '20 MB file, 300,000 imports among docstrings and f-strings',
      source: 'def f():\n    """doc import x"""\n    import os\n    return f"{os.sep}"\n'.repeat(300_000),
      scan: (source) => scanImports('big.py', source),
    },
    {
      name: '100,001-line file, one import among lists and comments',
      source: 'import os\n' + 'x = [1, 2, 3]  # comment import no\n'.repeat(100_000),
      scan: (source) => scanImports('m.py', source),
    },
    {
      name: '200 kB binary file, rejected',
      source: new Uint8Array(200_000).map((_, index) => (index * 7919) % 256),
      scan: (source) => {
        try {
          scanSource('pkg/bad.py', source);
        } catch (error) {
          if (error instanceof ContractsError) return;
          throw error;
        }
        throw new Error('the binary file was not rejected');
      },
    },
  ];
  const results = inputs.map(({ name, source, scan }) => {
    const times = [];
    for (let index = 0; index < runs; index += 1) {
      const started = performance.now();
      scan(source);
      times.push(performance.now() - started);
    }
    return { name, medianMs: median(times), maxMs: Math.max(...times) };
  });
  process.stdout.write(JSON.stringify(results));
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
