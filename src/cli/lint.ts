// `strata lint` and its lint-imports twin (`strata lint-imports`, the `lint-imports` bin): the options
// of import-linter 2.x's lint-imports (cli.py), its report layout, and its exit codes. The two
// differ only where Strata adds something: `strata lint` takes a DIR and --format json, exits 2
// (not 1) when the project could not be checked, and caches only with --cache-dir; `lint-imports`
// runs in the current directory, exits 1 for any failure and caches in .import_linter_cache unless
// --no-cache, as import-linter does.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  analyse,
  ContractsError,
  findConfigFile,
  formatContractLine,
  formatDuration,
  formatTextReport,
  graphKeyOf,
  parseConfig,
} from '../contracts/index.ts';
import type { AnalyseTimings, CompactGraph, ConfigFile, LintReport, ScannedImport } from '../contracts/index.ts';
import type { Command, CommandIO } from './command.ts';
import {
  loadGraphCache,
  loadReportCache,
  resultsKeyOf,
  snapshotTree,
  writeGraphCache,
  writeReportCache,
} from './graph-cache.ts';
import { CONFIG_FILES } from './python-tree.ts';
import { readAndScanCached } from './scan-cache.ts';
import { readAndScanProject } from './scan-project.ts';
import { STRATA_VERSION } from './version.ts';

/** import-linter's default cache directory (lint-imports caches unless --no-cache). */
export const LINT_IMPORTS_CACHE_DIR = '.import_linter_cache';

const OPTIONS = {
  config: { type: 'string' },
  contract: { type: 'string', multiple: true },
  verbose: { type: 'boolean', default: false },
  'show-timings': { type: 'boolean', default: false },
  'no-cache': { type: 'boolean', default: false },
  'cache-dir': { type: 'string' },
  debug: { type: 'boolean', default: false },
  version: { type: 'boolean', default: false },
} as const;

const OPTION_HELP = [
  '  --config FILE      The config file to use (INI, or TOML when it ends in .toml)',
  '  --contract ID      Limit the check to this contract (id or name); may be repeated',
  '  --verbose          Print progress as the check goes along',
  '  --show-timings     Show how long building the graph and checking each contract took',
  '  --no-cache         Do not read or write the scan cache',
  "  --cache-dir DIR    Cache the import graph and results in DIR, keyed by every file's contents",
  '  --debug            Print the stack trace of an error',
  '  --version          Print the version',
];

/** A failure before any contract was checked: no configuration, an unreadable --config. */
class SetupError extends Error {}

interface LintFlavour {
  /** Exit code when the project could not be checked (configuration, syntax, missing module). */
  errorExit: number;
  acceptsDir: boolean;
  defaultCacheDir: string | undefined;
  versionText: string;
  /** lint-imports prints everything, errors too, on stdout under its title. */
  errorsOnStdout: boolean;
}

/** Reads --config as lint-imports does: TOML when it ends in .toml, else INI; a missing file is an error. */
function readConfig(
  dir: string,
  cwd: string,
  option: string | undefined,
  files: Record<string, string | Uint8Array>,
): ConfigFile {
  if (option === undefined) {
    const found = findConfigFile(files);
    if (!found) {
      throw new SetupError(
        `Could not read any configuration: no [importlinter] section in ${dir}/setup.cfg or ${dir}/.importlinter, nor [tool.importlinter] in ${dir}/pyproject.toml.`,
      );
    }
    return found;
  }
  const path = resolve(cwd, option);
  if (!existsSync(path)) throw new SetupError(`Could not find ${option}.`);
  // parseConfig reads TOML by the .toml ending, INI otherwise, as lint-imports picks its reader.
  return { path: relative(dir, path), text: readFileSync(path, 'utf8') };
}

/** The configuration files at the top of `dir` (what the scan returns as its non-Python files). */
function readTopConfigFiles(dir: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const name of CONFIG_FILES) {
    try {
      files[name] = readFileSync(`${dir}/${name}`);
    } catch {
      // absent, or not a file
    }
  }
  return files;
}

/** Structure rules read the source itself, which the scan did not keep. */
function readSources(
  dir: string,
  files: Record<string, string | Uint8Array>,
  scans: Map<string, ScannedImport[]>,
): void {
  for (const path of scans.keys()) if (files[path] === undefined) files[path] = readFileSync(resolve(dir, path));
}

async function runLint(args: string[], io: CommandIO, flavour: LintFlavour, usage: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: flavour.acceptsDir,
    options: flavour.acceptsDir ? { ...OPTIONS, format: { type: 'string', default: 'text' } } : OPTIONS,
  });
  if (values.version) {
    io.stdout(`${flavour.versionText}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new Error(`expected at most one DIR\nUsage: ${usage}`);
  const format = 'format' in values ? String(values.format) : 'text';
  if (format !== 'text' && format !== 'json') throw new Error(`--format must be text or json, not "${format}"`);
  const dir = resolve(io.cwd, positionals[0] ?? '.');
  // Synchronous: the first asynchronous fs call starts libuv's thread pool (~10-30 ms) for nothing.
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${dir} is not a directory`);
  const verbose = values.verbose && format === 'text';
  const cacheDir = values['no-cache']
    ? undefined
    : values['cache-dir'] !== undefined
      ? resolve(io.cwd, values['cache-dir'])
      : flavour.defaultCacheDir && resolve(dir, flavour.defaultCacheDir);
  const progress: string[] = verbose ? ['Verbose mode.'] : [];
  const fail = (error: unknown): number => {
    const text = error instanceof ContractsError ? error.toString() : (error as Error).message;
    if (values.debug) io.stderr(`${(error as Error).stack ?? text}\n`);
    if (format === 'json') io.stdout(`${JSON.stringify({ exit_code: flavour.errorExit, error: text }, null, 2)}\n`);
    if (flavour.errorsOnStdout) io.stdout(`=============\nImport Linter\n=============\n\n${text}\n`);
    else io.stderr(`${text}\n`);
    return flavour.errorExit;
  };

  try {
    if (verbose) {
      progress.push(
        cacheDir === undefined
          ? 'Building import graph (with caching disabled)...'
          : `Building import graph (cache directory is ${relative(io.cwd, cacheDir) || '.'})...`,
      );
    }
    const started = performance.now();
    const contractIds = values.contract ?? [];
    const timings: AnalyseTimings = { graphMs: 0, contractMs: [] };
    let report: LintReport;
    let readMs = 0;
    if (cacheDir === undefined) {
      const { files, scans } = await readAndScanProject(dir);
      readMs = performance.now() - started;
      const config = parseConfig(readConfig(dir, io.cwd, values.config, files));
      if (config.rules) readSources(dir, files, scans);
      report = analyse(files, config, { contractIds, scans, timings });
    } else {
      // The configuration first: the graph cache is keyed by it.
      const top = readTopConfigFiles(dir);
      const configFile = readConfig(dir, io.cwd, values.config, top);
      const config = parseConfig(configFile);
      const resultsKey = resultsKeyOf(configFile, contractIds);
      // Structure rules read the sources, which the graph cache does not keep.
      const key = config.rules ? undefined : graphKeyOf(config);
      const loaded = key === undefined ? undefined : loadGraphCache(dir, cacheDir, key);
      const build = async (why: string | undefined): Promise<LintReport> => {
        if (verbose && why) progress.push(`Graph cache: not used, ${why}.`);
        // Stats taken before any file is read (see graph-cache.ts).
        const snapshot = key === undefined ? undefined : (loaded?.snapshot ?? snapshotTree(dir));
        const { cache, fingerprints, files, scans } = await readAndScanCached(dir, cacheDir, snapshot);
        readMs = performance.now() - started;
        if (verbose) {
          progress.push(
            `Scan cache: ${cache.hits} files unchanged, ${cache.scanned} scanned${cache.written ? ', cache written' : ''}.`,
          );
        }
        if (config.rules) readSources(dir, files, scans);
        let graphChecksum: string | undefined;
        const onGraph = (graph: CompactGraph) => {
          // A file that did not scan stops the build before this: every listed file has its imports.
          if (snapshot && key !== undefined) {
            graphChecksum = writeGraphCache(dir, cacheDir, key, snapshot, scans.keys(), fingerprints, graph);
          }
        };
        const built = analyse(files, config, { contractIds, scans, timings, onGraph });
        if (graphChecksum !== undefined) writeReportCache(dir, cacheDir, graphChecksum, resultsKey, built);
        if (verbose && key !== undefined) {
          progress.push(
            graphChecksum !== undefined
              ? 'Graph cache written.'
              : 'Graph cache not written: the tree changed meanwhile.',
          );
        }
        return built;
      };
      if (loaded?.graph) {
        const { use } = loaded;
        const progressBefore = progress.length;
        if (verbose && use.hit) {
          progress.push(
            `Graph cache: ${use.files} files unchanged${use.rehashed ? ` (${use.rehashed} touched, same contents)` : ''}${use.written ? ', cache written' : ''}.`,
          );
        }
        const { checksum } = loaded.graph;
        // --show-timings times the checks, so it always checks.
        const cached = values['show-timings'] ? undefined : loadReportCache(dir, cacheDir, checksum, resultsKey);
        if (cached) {
          readMs = performance.now() - started;
          if (verbose) progress.push('Contract results: from the cache (same graph, same configuration).');
          report = cached;
        } else {
          const graph = loaded.graph.read();
          readMs = performance.now() - started;
          if (verbose && graph) progress.push('Graph loaded from the cache.');
          try {
            if (!graph) throw new Error('the graph cache could not be read');
            report = analyse(top, config, { contractIds, graph, timings });
            writeReportCache(dir, cacheDir, checksum, resultsKey, report);
          } catch (error) {
            if (error instanceof ContractsError) throw error;
            // Replaced meanwhile, or a graph that passed its checksum but does not decode.
            progress.length = progressBefore;
            report = await build('the graph cache could not be read');
          }
        }
      } else report = await build(loaded && !loaded.use.hit ? loaded.use.why : undefined);
    }
    // lint-imports' graph building is reading, scanning and building the graph together.
    const shown = { graphMs: readMs + timings.graphMs, contractMs: timings.contractMs };
    if (verbose) {
      progress.push(`Built graph in ${formatDuration(shown.graphMs)}.`);
      report.contracts.forEach((contract, index) => {
        progress.push(`Checking ${contract.name}...`, formatContractLine(contract, shown.contractMs[index]));
      });
      progress.push('');
    }
    if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else {
      io.stdout(
        formatTextReport(report, { preamble: progress, ...(values['show-timings'] ? { timings: shown } : {}) }),
      );
    }
    return report.exit_code;
  } catch (error) {
    if (error instanceof ContractsError || error instanceof SetupError) return fail(error);
    throw error;
  }
}

const LINT_USAGE = [
  'strata lint [DIR] [--config FILE] [--contract ID]... [--format text|json] [--verbose] [--show-timings]',
  '            [--cache-dir DIR | --no-cache] [--debug] [--version]',
  '',
  'Exit codes: 0 every contract kept, 1 a contract broken, 2 the project could not be checked.',
  'Options:',
  '  DIR                The project (default: the current directory)',
  "  --format FORMAT    text (lint-imports' report) or json",
  ...OPTION_HELP,
].join('\n');

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Check a Python project against its import contracts (import-linter compatible)',
  usage: LINT_USAGE,
  run: (args, io) =>
    runLint(
      args,
      io,
      {
        errorExit: 2,
        acceptsDir: true,
        defaultCacheDir: undefined,
        versionText: `strata ${STRATA_VERSION}`,
        errorsOnStdout: false,
      },
      LINT_USAGE,
    ),
};

const LINT_IMPORTS_USAGE = [
  'lint-imports [--config FILE] [--contract ID]... [--verbose] [--show-timings] [--cache-dir DIR | --no-cache]',
  '             [--debug] [--version]',
  '',
  "import-linter's lint-imports, run by Strata in the current directory. Exit codes: 0 every contract",
  `kept, 1 otherwise. Caches the import graph in ${LINT_IMPORTS_CACHE_DIR}/ unless --no-cache.`,
  'Options:',
  ...OPTION_HELP,
].join('\n');

export const lintImportsCommand: Command = {
  name: 'lint-imports',
  summary: 'lint-imports (import-linter 2.x) as a drop-in: same options, report and exit codes',
  usage: LINT_IMPORTS_USAGE,
  run: (args, io) =>
    runLint(
      args,
      io,
      {
        errorExit: 1,
        acceptsDir: false,
        defaultCacheDir: LINT_IMPORTS_CACHE_DIR,
        versionText: `lint-imports (Strata ${STRATA_VERSION}; import-linter 2.x compatible)`,
        errorsOnStdout: true,
      },
      LINT_IMPORTS_USAGE,
    ),
};
