// layers: lower layers may not import higher ones, nor independent siblings each other.
import { findLayerDependencies, layerSearchMemos } from '../chains/layer-dependencies.ts';
import type { Level } from '../chains/layer-dependencies.ts';
import type { ContractConfig } from '../config-types.ts';
import { ContractsError } from '../errors.ts';
import type { ImportGraph } from '../graph.ts';
import { routeLinks, sortRoutes } from '../links.ts';
import { hasWildcard, matchModules } from '../module-expressions.ts';
import type { PackageViolation } from '../types.ts';
import { invalidContract } from './contract-type.ts';
import type { CommonOptions, ContractType } from './contract-type.ts';
import type { CheckContext } from './context.ts';
import { renderPackageViolations } from './render.ts';

/** One line of `layers`: `a`, `(a)` optional, `a | b` independent siblings, `a : b` non-independent. */
export interface LayerLine {
  tails: { name: string; optional: boolean }[];
  independent: boolean;
}

export function parseLayerLine(raw: string, contract: ContractConfig): LayerLine {
  const text = raw.trim();
  const independent = text.includes('|');
  if (independent && text.includes(':')) {
    throw invalidContract(contract, 'layers', `"${text}" mixes | and : (siblings are either independent or not).`);
  }
  const parts = text.includes('|') ? text.split('|') : text.includes(':') ? text.split(':') : [text];
  const tails = parts.map((part) => {
    const item = part.trim();
    const optional = item.startsWith('(') && item.endsWith(')');
    const name = optional ? item.slice(1, -1).trim() : item;
    if (!name) throw invalidContract(contract, 'layers', `"${text}" has an empty layer name.`);
    return { name, optional };
  });
  return { tails, independent: independent || !text.includes(':') };
}

export interface LayersOptions extends CommonOptions {
  layers: LayerLine[];
  containers: string[];
  exhaustive: boolean;
  exhaustiveIgnores: string[];
}

function resolveContainers(context: CheckContext, options: LayersOptions): string[] {
  const { graph, contract } = context;
  const containers = new Set<string>();
  const rootPrefixes = context.rootPackages.map((root) => `${root}.`);
  for (const expression of options.containers) {
    const matched = matchModules(graph, expression);
    if (matched.length === 0 && !hasWildcard(expression)) {
      throw new ContractsError(
        'NoSuchContainer',
        `Contract "${contract.name}" (containers): no module ${expression}.`,
        {
          contract: contract.name,
          field: 'containers',
        },
      );
    }
    for (const id of matched) {
      const name = graph.names[id]!;
      if (!context.rootPackages.includes(name) && !rootPrefixes.some((prefix) => name.startsWith(prefix))) {
        throw new ContractsError(
          'InvalidContainer',
          `Contract "${contract.name}" (containers): invalid container '${name}': a container must either be a root package, or a subpackage of one (${context.rootPackages.join(', ')}).`,
          { contract: contract.name, field: 'containers' },
        );
      }
      containers.add(name);
    }
  }
  return [...containers].sort();
}

/** A contract's containers and the module ids of their layers, in one graph. */
interface ResolvedLayers {
  size: number;
  containers: string[];
  levelsPerContainer: Level[][];
}

// An incremental update changes imports, not modules (a new module means a new graph), so the
// containers and layer modules of 1,000 containers are resolved once per graph, not per keystroke.
const resolvedLayers = new WeakMap<ImportGraph, WeakMap<LayersOptions, ResolvedLayers>>();

function resolveLayers(context: CheckContext, options: LayersOptions): ResolvedLayers {
  const { graph, contract } = context;
  let byContract = resolvedLayers.get(graph);
  if (!byContract) {
    byContract = new WeakMap();
    resolvedLayers.set(graph, byContract);
  }
  const known = byContract.get(options);
  if (known && known.size === graph.size) return known;
  const lines = options.layers;
  const containers = resolveContainers(context, options);
  const perContainer = containers.length > 0 ? containers : [undefined];
  // Every required layer must exist (in every container) before anything is checked.
  const levelsPerContainer = perContainer.map((container) =>
    lines.map((line): Level => {
      const modules: number[] = [];
      for (const tail of line.tails) {
        const name = container ? `${container}.${tail.name}` : tail.name;
        const id = graph.ids.get(name);
        if (id !== undefined) modules.push(id);
        else if (!tail.optional) {
          const where = container ? ` in container '${container}'` : ` '${name}'`;
          throw new ContractsError('MissingLayer', `Missing layer${where}: module ${name} does not exist.`, {
            contract: contract.name,
            field: 'layers',
          });
        }
      }
      return { modules, independent: line.independent };
    }),
  );
  const resolved = { size: graph.size, containers, levelsPerContainer };
  byContract.set(options, resolved);
  return resolved;
}

function checkLayers(context: CheckContext, options: LayersOptions) {
  const { graph } = context;
  const { containers, levelsPerContainer } = resolveLayers(context, options);
  const violations: PackageViolation[] = [];
  const memos = layerSearchMemos(context.memo, levelsPerContainer.length);
  for (const [index, levels] of levelsPerContainer.entries()) {
    const memo = memos?.[index];
    for (const dependency of findLayerDependencies(graph, levels, context.removed, context.footprint, memo)) {
      violations.push({
        importer: graph.names[dependency.importer]!,
        imported: graph.names[dependency.imported]!,
        routes: sortRoutes(dependency.routes.map((route) => routeLinks(graph, route))),
      });
    }
  }
  violations.sort((a, b) => (`${a.importer} ${a.imported}` < `${b.importer} ${b.imported}` ? -1 : 1));
  const undeclared: string[] = [];
  if (options.exhaustive) {
    const declared = new Set([
      ...options.layers.flatMap((line) => line.tails.map((tail) => tail.name)),
      ...options.exhaustiveIgnores,
    ]);
    for (const container of containers) {
      for (const child of graph.children[graph.ids.get(container)!]!) {
        const tail = graph.names[child]!.slice(container.length + 1);
        if (!declared.has(tail)) undeclared.push(`${container}.${tail}`);
      }
    }
  }
  undeclared.sort();
  return {
    kept: violations.length === 0 && undeclared.length === 0,
    undeclared_modules: undeclared,
    violations,
  };
}

export const layersContract: ContractType<LayersOptions> = {
  name: 'layers',
  parse(options) {
    const raw = options.required('layers');
    const exhaustive = options.flag('exhaustive', false);
    const common = options.common();
    const layers = raw.map((line) => parseLayerLine(line, options.contract));
    const containers = options.list('containers');
    if (exhaustive && containers.length === 0) {
      throw options.invalid('exhaustive', 'the exhaustive option is not supported for contracts without containers.');
    }
    return { ...common, layers, containers, exhaustive, exhaustiveIgnores: options.list('exhaustive_ignores') };
  },
  check: checkLayers,
  tracksFootprint: true,
  render(report) {
    const out = renderPackageViolations(report.violations as PackageViolation[], false);
    const undeclared = report.undeclared_modules ?? [];
    if (undeclared.length > 0) {
      out.push('The following modules are not listed as layers:', '');
      for (const name of undeclared) out.push(`- ${name}`);
      out.push(
        '',
        "(Since this contract is marked as 'exhaustive', every child of every container must be declared as a layer.)",
        '',
      );
    }
    return out;
  },
};
