import { addImportsOf, buildGraph } from './build-graph.ts';
import type { GraphState, SourceFiles } from './build-graph.ts';
import { checkAcyclicSiblings } from './checks/acyclic.ts';
import type { CheckContext } from './checks/context.ts';
import { checkForbidden } from './checks/forbidden.ts';
import { checkIndependence } from './checks/independence.ts';
import { checkLayers } from './checks/layers.ts';
import { checkProtected } from './checks/protected.ts';
import type { ContractConfig, LinterConfig } from './config.ts';
import { ContractsError } from './errors.ts';
import { resolveIgnoredImports } from './ignore.ts';
import type { ContractReport, LintReport } from './types.ts';

export interface AnalyseOptions {
  /** Check only these contracts (by id); all when empty or absent. */
  contractIds?: string[];
}

const TYPES = ['layers', 'forbidden', 'independence', 'protected', 'acyclic_siblings'];

function selectContracts(config: LinterConfig, options: AnalyseOptions): ContractConfig[] {
  for (const contract of config.contracts) {
    if (!TYPES.includes(contract.type)) {
      throw new ContractsError(
        'InvalidContract',
        `Contract "${contract.name}" (type): unknown type "${contract.type}"; expected one of ${TYPES.join(', ')}.`,
        { contract: contract.name, field: 'type' },
      );
    }
  }
  const ids = options.contractIds ?? [];
  if (ids.length === 0) return config.contracts;
  for (const id of ids) {
    if (!config.contracts.some((contract) => contract.id === id)) {
      throw new ContractsError('InvalidContract', `No contract with id "${id}" in ${config.path}.`, {
        field: 'contract',
      });
    }
  }
  return config.contracts.filter((contract) => ids.includes(contract.id));
}

function checkContract(state: GraphState, contract: ContractConfig): ContractReport {
  const ignored = resolveIgnoredImports(
    state.graph,
    contract.options.ignore_imports ?? [],
    contract.options.unmatched_ignore_imports_alerting?.[0] ?? 'error',
    contract.name,
  );
  const context: CheckContext = {
    graph: state.graph,
    contract,
    removed: ignored.removed,
    includeExternalPackages: state.config.includeExternalPackages,
  };
  const base = { name: contract.name, type: contract.type, warnings: ignored.warnings };
  if (contract.type === 'layers') {
    const { violations, undeclared } = checkLayers(context);
    return {
      ...base,
      kept: violations.length === 0 && undeclared.length === 0,
      undeclared_modules: undeclared,
      violations,
    };
  }
  const violations =
    contract.type === 'forbidden'
      ? checkForbidden(context)
      : contract.type === 'independence'
        ? checkIndependence(context)
        : contract.type === 'protected'
          ? checkProtected(context)
          : checkAcyclicSiblings(context);
  return { ...base, kept: violations.length === 0, violations };
}

function reportOf(state: GraphState, contracts: ContractConfig[]): LintReport {
  const reports = contracts.map((contract) => checkContract(state, contract));
  return {
    exit_code: reports.every((report) => report.kept) ? 0 : 1,
    analyzed_files: state.graph.names.length,
    dependencies: state.graph.countDependencies(),
    contracts: reports,
  };
}

/** Scans the files, builds the graph and checks the contracts. Throws ContractsError where lint-imports exits 2. */
export function analyse(files: SourceFiles, config: LinterConfig, options: AnalyseOptions = {}): LintReport {
  const contracts = selectContracts(config, options);
  return reportOf(buildGraph(files, config), contracts);
}

/**
 * Analyses once, then `update(path, text)` re-scans just that file (a changed set of modules, i.e.
 * an added, deleted or renamed module file, rebuilds the graph) and re-checks the contracts.
 */
export function createAnalyser(files: SourceFiles, config: LinterConfig, options: AnalyseOptions = {}) {
  const current: SourceFiles = { ...files };
  const contracts = selectContracts(config, options);
  let state = buildGraph(current, config);
  let last: LintReport | undefined;
  return {
    report(): LintReport {
      last ??= reportOf(state, contracts);
      return last;
    },
    update(path: string, text: string | Uint8Array | null): LintReport {
      const existed = path in current;
      if (text === null) delete current[path];
      else current[path] = text;
      const module = state.moduleOfPath.get(path);
      if (module !== undefined && existed && text !== null) {
        const id = state.graph.ids.get(module)!;
        state.graph.clearImportsOf(id);
        try {
          addImportsOf(state, module, path, text);
        } catch (error) {
          state = buildGraph(current, config); // keep a consistent graph; the error still surfaces
          throw error;
        }
      } else if (path.endsWith('.py') || path.endsWith('/__init__.py')) {
        state = buildGraph(current, config);
      }
      last = reportOf(state, contracts);
      return last;
    },
  };
}

export type Analyser = ReturnType<typeof createAnalyser>;
