import { findLayerDependencies } from '../chains/layer-dependencies.ts';
import type { Level } from '../chains/layer-dependencies.ts';
import { ContractsError } from '../errors.ts';
import { routeLinks, sortRoutes } from '../links.ts';
import { hasWildcard, matchModules } from '../module-expressions.ts';
import type { ContractConfig } from '../config.ts';
import type { ImportGraph } from '../graph.ts';
import type { PackageViolation } from '../types.ts';
import { parseLayerLine } from '../validate-contract.ts';
import { flag, option } from './context.ts';
import type { CheckContext } from './context.ts';

function resolveContainers(context: CheckContext): string[] {
  const { graph, contract } = context;
  const containers = new Set<string>();
  const rootPrefixes = context.rootPackages.map((root) => `${root}.`);
  for (const expression of option(context, 'containers')) {
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
  lines: ReturnType<typeof parseLayerLine>[];
  containers: string[];
  levelsPerContainer: Level[][];
}

// An incremental update changes imports, not modules (a new module means a new graph), so the
// containers and layer modules of 1,000 containers are resolved once per graph, not per keystroke.
const resolvedLayers = new WeakMap<ImportGraph, WeakMap<ContractConfig, ResolvedLayers>>();

function resolveLayers(context: CheckContext): ResolvedLayers {
  const { graph, contract } = context;
  let byContract = resolvedLayers.get(graph);
  if (!byContract) {
    byContract = new WeakMap();
    resolvedLayers.set(graph, byContract);
  }
  const known = byContract.get(contract);
  if (known && known.size === graph.size) return known;
  const lines = option(context, 'layers').map((raw) => parseLayerLine(raw, contract));
  const containers = resolveContainers(context);
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
  const resolved = { size: graph.size, lines, containers, levelsPerContainer };
  byContract.set(contract, resolved);
  return resolved;
}

/** layers: lower layers may not import higher ones, nor independent siblings each other. */
export function checkLayers(context: CheckContext): { violations: PackageViolation[]; undeclared: string[] } {
  const { graph } = context;
  const { lines, containers, levelsPerContainer } = resolveLayers(context);
  const violations: PackageViolation[] = [];
  for (const levels of levelsPerContainer) {
    for (const dependency of findLayerDependencies(graph, levels, context.removed, context.footprint)) {
      violations.push({
        importer: graph.names[dependency.importer]!,
        imported: graph.names[dependency.imported]!,
        routes: sortRoutes(dependency.routes.map((route) => routeLinks(graph, route))),
      });
    }
  }
  violations.sort((a, b) => (`${a.importer} ${a.imported}` < `${b.importer} ${b.imported}` ? -1 : 1));
  const undeclared: string[] = [];
  if (flag(context, 'exhaustive', false)) {
    const declared = new Set([
      ...lines.flatMap((line) => line.tails.map((tail) => tail.name)),
      ...option(context, 'exhaustive_ignores'),
    ]);
    for (const container of containers) {
      for (const child of graph.children[graph.ids.get(container)!]!) {
        const tail = graph.names[child]!.slice(container.length + 1);
        if (!declared.has(tail)) undeclared.push(`${container}.${tail}`);
      }
    }
  }
  return { violations, undeclared: undeclared.sort() };
}
