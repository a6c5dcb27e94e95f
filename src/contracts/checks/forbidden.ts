import { findDirectChains } from '../chains/direct-imports.ts';
import { findShortestChains } from '../chains/shortest-chains.ts';
import { ContractsError } from '../errors.ts';
import { chainLinks, sortRoutes } from '../links.ts';
import type { PackageViolation } from '../types.ts';
import { byName, flag, option, resolveModules } from './context.ts';
import type { CheckContext } from './context.ts';

/** forbidden: no source module may import a forbidden one, directly or (unless allowed) indirectly. */
export function checkForbidden(context: CheckContext): PackageViolation[] {
  const { graph, contract } = context;
  const sources = resolveModules(context, 'source_modules', true).sort(byName(context));
  // Forbidden modules that are not in the graph (say, an external package nobody imports) are skipped.
  const forbidden = resolveModules(context, 'forbidden_modules', false).sort(byName(context));
  void option;
  const directOnly = flag(context, 'allow_indirect_imports', false);
  const asPackages = flag(context, 'as_packages', true);
  const violations: PackageViolation[] = [];
  const inSource = new Uint8Array(graph.size);
  for (const source of sources) {
    const downstream = graph.membersOf(source, asPackages);
    for (const id of downstream) inSource[id] = 1;
    for (const target of forbidden) {
      const upstream = graph.membersOf(target, asPackages && !graph.external[target]);
      if (upstream.some((id) => inSource[id] === 1)) {
        throw new ContractsError(
          'InvalidContract',
          `Contract "${contract.name}": ${graph.names[source]} and ${graph.names[target]} share modules.`,
          { contract: contract.name, field: 'forbidden_modules' },
        );
      }
      const chains = directOnly
        ? findDirectChains(graph, downstream, upstream, context.removed)
        : findShortestChains(graph, downstream, upstream, context.removed, context.footprint);
      if (directOnly) for (const id of downstream) context.footprint[id] = 1;
      if (chains.length === 0) continue;
      violations.push({
        importer: graph.names[source]!,
        imported: graph.names[target]!,
        routes: sortRoutes(
          chains.map((chain) => ({ chain: chainLinks(graph, chain), extra_firsts: [], extra_lasts: [] })),
        ),
      });
    }
    for (const id of downstream) inSource[id] = 0;
  }
  return violations;
}
