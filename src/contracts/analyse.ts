import { addImportsOf, buildProject, scanSource } from './build-graph.ts';
import type { ProjectState, SourceFiles } from './build-graph.ts';
import type { CheckContext, CheckMemo } from './checks/context.ts';
import { contractOf } from './checks/registry.ts';
import type { Contract } from './checks/registry.ts';
import type { ContractConfig, LinterConfig } from './config.ts';
import { ContractsError } from './errors.ts';
import { ImportGraph } from './graph.ts';
import type { CompactGraph } from './graph.ts';
import { resolveIgnoredImports } from './ignore.ts';
import type { ScannedImport } from './scan.ts';
import { createRuleChecker } from './structure/index.ts';
import type { ContractReport, Link, LintReport } from './types.ts';

export interface AnalyseOptions {
  /** Check only these contracts (by id, or by name); all when empty or absent. */
  contractIds?: string[];
  /**
   * Imports already scanned by the caller (say, in worker threads), by file path. Every path here is
   * a file of the project, whether or not `files` lists it (a large project need not pass 65,000
   * placeholder texts).
   */
  scans?: Map<string, ScannedImport[]>;
  /** Filled with how long building the graph and checking each contract took (`--show-timings`). */
  timings?: AnalyseTimings;
  /**
   * A graph built before from the same files under a configuration with the same graphKeyOf (the
   * graph cache): used instead of scanning and building. Not with structure rules, which read the files.
   */
  graph?: CompactGraph;
  /** Receives the graph built (not with `graph`), for the caller to cache. */
  onGraph?: (graph: CompactGraph) => void;
}

/** Milliseconds, as lint-imports' --show-timings reports them. */
export interface AnalyseTimings {
  graphMs: number;
  /** Per contract, in report order; undefined for structure rules (checked together, on the source). */
  contractMs: (number | undefined)[];
}

function selectContracts(config: LinterConfig, options: AnalyseOptions): ContractConfig[] {
  const ids = options.contractIds ?? [];
  if (ids.length === 0) return config.contracts;
  const rules = config.rules ?? [];
  for (const id of ids) {
    if (![...config.contracts, ...rules].some((contract) => contract.id === id || contract.name === id)) {
      throw new ContractsError('UnknownContract', `No contract with id "${id}" in ${config.path}.`, {
        field: 'contract',
      });
    }
  }
  return config.contracts.filter((contract) => ids.includes(contract.id) || ids.includes(contract.name));
}

/** The structure rules to check: all, or those `contractIds` names (rules and contracts share ids). */
function selectRules(config: LinterConfig, options: AnalyseOptions): LinterConfig {
  const ids = options.contractIds ?? [];
  if (ids.length === 0 || !config.rules) return config;
  return { ...config, rules: config.rules.filter((rule) => ids.includes(rule.id) || ids.includes(rule.name)) };
}

/** A contract's last verdict and what it depended on. */
interface ContractState {
  report: ContractReport;
  footprint: Uint8Array;
  removed: Set<number>;
  /** What the check kept for the next incremental one (CheckContext.memo); absent in a one-off analysis. */
  memo?: CheckMemo;
}

const ignoredImports = (project: ProjectState, contract: Contract) =>
  resolveIgnoredImports(
    project.graph,
    contract.options.ignoreImports,
    contract.options.unmatchedIgnoreImportsAlerting,
    contract.config.name,
  );

/**
 * Checks one contract. With `memo` (incremental analysis), the check keeps what it can reuse; with
 * `previous` too (the same graph and ignored imports, one module's imports changed since), it reuses
 * what did not depend on `changed`, and the previous footprint is added to.
 */
function checkContract(
  project: ProjectState,
  contract: Contract,
  ignored = ignoredImports(project, contract),
  memo?: { previous: ContractState | undefined; changed: number | undefined },
): ContractState {
  const reuse = memo?.previous?.memo?.saved !== undefined && memo.changed !== undefined ? memo.previous : undefined;
  const context: CheckContext = {
    graph: project.graph,
    contract: contract.config,
    removed: ignored.removed,
    rootPackages: project.config.rootPackages,
    footprint: reuse?.footprint ?? new Uint8Array(project.graph.size),
    ...(memo ? { memo: { changed: reuse ? memo.changed : undefined, saved: reuse?.memo?.saved } } : {}),
  };
  const { name, type } = contract.config;
  const report: ContractReport = { name, type, warnings: ignored.warnings, ...contract.check(context) };
  return {
    report,
    footprint: context.footprint,
    removed: ignored.removed,
    ...(context.memo ? { memo: context.memo } : {}),
  };
}

// Structure rules are reported after the contracts, as contracts of their own types.
function lintReport(project: ProjectState, reports: ContractReport[]): LintReport {
  return {
    exit_code: reports.every((report) => report.kept) ? 0 : 1,
    analyzed_files: project.graph.size,
    dependencies: project.graph.countDependencies(),
    contracts: reports,
  };
}

/** Scans the files, builds the graph and checks the contracts. Throws ContractsError where lint-imports exits 2. */
export function analyse(files: SourceFiles, config: LinterConfig, options: AnalyseOptions = {}): LintReport {
  const contracts = selectContracts(config, options).map((contract) => contractOf(contract, config));
  const rules = createRuleChecker(selectRules(config, options));
  let started = performance.now();
  const project: ProjectState = options.graph
    ? { config, graph: ImportGraph.fromCompact(options.graph), modules: [], moduleOfPath: new Map(), scans: new Map() }
    : buildProject(files, config, options.scans, false);
  if (!options.graph) options.onGraph?.(project.graph.toCompact());
  const { timings } = options;
  if (timings) {
    timings.graphMs = performance.now() - started;
    timings.contractMs = [];
  }
  const reports = contracts.map((contract) => {
    started = performance.now();
    const { report } = checkContract(project, contract);
    timings?.contractMs.push(performance.now() - started);
    return report;
  });
  return lintReport(project, [...reports, ...rules.check(files)]);
}

const sameSet = (a: Set<number>, b: Set<number>) => a.size === b.size && [...a].every((key) => b.has(key));

export interface Analyser {
  report(): LintReport;
  /** Replaces (or, with null, deletes) one file and returns the new report. */
  update(path: string, text: string | Uint8Array | null): LintReport;
  /** The import graph as last analysed (read-only view for drawing it; nothing is re-scanned). */
  graph(): GraphSnapshot;
}

/** Every module (internal ones have a path; external ones are squashed packages) and every import. */
export interface GraphSnapshot {
  modules: { name: string; path: string | undefined; external: boolean }[];
  imports: Link[];
}

/**
 * Analyses once; then `update(path, text)` re-scans only that file, replaces its module's imports in
 * the graph, and re-checks only the contracts whose searches looked at that module's imports (or
 * whose ignore_imports now match differently). Adding or deleting a module, or an import of a new
 * external package, rebuilds the graph from the cached scans of every other file.
 */
export function createAnalyser(files: SourceFiles, config: LinterConfig, options: AnalyseOptions = {}): Analyser {
  const current: SourceFiles = { ...files };
  // Files known only by their scans: present, so that editing one is an update, not a new file.
  for (const path of options.scans?.keys() ?? []) if (current[path] === undefined) current[path] = '';
  const contracts = selectContracts(config, options).map((contract) => contractOf(contract, config));
  const rules = createRuleChecker(selectRules(config, options));
  const broken = new Map<string, ContractsError>();
  let project = buildProject(current, config, options.scans);
  let states: (ContractState | undefined)[] = contracts.map(() => undefined);

  const rebuild = () => {
    project = buildProject(current, config, project.scans);
    states = contracts.map(() => undefined);
  };

  const report = (changed?: number): LintReport => {
    const first = broken.values().next();
    if (!first.done) throw first.value;
    states = contracts.map((contract, index) => {
      const previous = states[index];
      if (previous && changed === undefined) return previous;
      const ignored = ignoredImports(project, contract);
      // The same ignored imports: the previous check's work that did not look at `changed` holds.
      const same = previous !== undefined && sameSet(ignored.removed, previous.removed);
      if (same && contract.tracksFootprint && !previous.footprint[changed!]) return previous;
      states[index] = undefined; // if the check throws, it runs again next time
      return checkContract(project, contract, ignored, { previous: same ? previous : undefined, changed });
    });
    return lintReport(project, [...states.map((state) => state!.report), ...rules.check(current)]);
  };

  return {
    report: () => report(),
    graph: () => {
      const { graph } = project;
      return {
        modules: graph.names.map((name, id) => ({ name, path: graph.paths[id], external: graph.external[id]! })),
        imports: graph.out.flatMap((imported, importer) =>
          imported.map((id) => ({
            importer: graph.names[importer]!,
            imported: graph.names[id]!,
            line_numbers: [...graph.lines(importer, id)],
          })),
        ),
      };
    },
    update(path, text) {
      const existed = current[path] !== undefined;
      if (text === null) delete current[path];
      else current[path] = text;
      project.scans.delete(path);
      broken.delete(path);
      if (!path.endsWith('.py')) return report();
      const module = project.moduleOfPath.get(path);
      if (module === undefined || text === null || !existed) {
        try {
          rebuild();
        } catch (error) {
          if (error instanceof ContractsError && error.file !== undefined) broken.set(error.file, error);
          throw error;
        }
        return report();
      }
      let imports: ScannedImport[];
      try {
        imports = scanSource(path, text);
      } catch (error) {
        if (error instanceof ContractsError) broken.set(path, error);
        throw error;
      }
      project.scans.set(path, imports);
      const { graph } = project;
      const id = graph.ids.get(module)!;
      const externalsBefore = graph.out[id]!.filter((imported) => graph.external[imported]);
      graph.clearImportsOf(id);
      const complete = addImportsOf(project, id, imports, false);
      if (!complete || externalsBefore.some((external) => graph.into[external]!.length === 0)) {
        rebuild(); // the set of external packages changed
        return report();
      }
      return report(id);
    },
  };
}
