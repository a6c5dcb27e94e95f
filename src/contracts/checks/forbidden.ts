// forbidden: no source module may import a forbidden one, directly or (unless allowed) indirectly.
import { findDirectChains } from '../chains/direct-imports.ts';
import { findShortestChains } from '../chains/shortest-chains.ts';
import { chainLinks, sortRoutes } from '../links.ts';
import type { PackageViolation } from '../types.ts';
import type { CommonOptions, ContractType } from './contract-type.ts';
import { byName, resolveModules } from './context.ts';
import type { CheckContext } from './context.ts';
import { renderPackageViolations } from './render.ts';

export interface ForbiddenOptions extends CommonOptions {
  sourceModules: string[];
  forbiddenModules: string[];
  allowIndirectImports: boolean;
  asPackages: boolean;
}

function checkForbidden(context: CheckContext, options: ForbiddenOptions) {
  const { graph } = context;
  const sources = resolveModules(context, options.sourceModules, 'source_modules', true).sort(byName(context));
  // Forbidden modules that are not in the graph (say, an external package nobody imports) are skipped.
  const forbidden = resolveModules(context, options.forbiddenModules, 'forbidden_modules', false).sort(byName(context));
  const directOnly = options.allowIndirectImports;
  const asPackages = options.asPackages;
  const violations: PackageViolation[] = [];
  const inSource = new Uint8Array(graph.size);
  for (const source of sources) {
    const downstream = graph.membersOf(source, asPackages);
    for (const id of downstream) inSource[id] = 1;
    for (const target of forbidden) {
      const upstream = graph.membersOf(target, asPackages && !graph.external[target]);
      // Overlapping pairs (the same module, or as packages one inside the other) forbid nothing:
      // import-linter 2.12 skips them, so a wildcard such as app.* may match the source itself.
      if (upstream.some((id) => inSource[id] === 1)) continue;
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
  return { kept: violations.length === 0, violations };
}

const isInternal = (rootPackages: string[], name: string) =>
  rootPackages.some((root) => name === root || name.startsWith(`${root}.`));

export const forbiddenContract: ContractType<ForbiddenOptions> = {
  name: 'forbidden',
  parse(options, config) {
    const sourceModules = options.required('source_modules');
    const forbiddenModules = options.required('forbidden_modules');
    const allowIndirectImports = options.flag('allow_indirect_imports', false);
    const asPackages = options.flag('as_packages', true);
    const common = options.common();
    for (const name of forbiddenModules) {
      if (isInternal(config.rootPackages, name)) continue;
      if (!config.includeExternalPackages) {
        throw options.invalid(
          'forbidden_modules',
          `${name} is an external module: the top level configuration must have include_external_packages = True when there are external forbidden modules.`,
        );
      }
      if (name.includes('.')) {
        throw options.invalid(
          'forbidden_modules',
          `invalid forbidden module ${name}: subpackages of external packages are not valid.`,
        );
      }
    }
    return { ...common, sourceModules, forbiddenModules, allowIndirectImports, asPackages };
  },
  check: checkForbidden,
  tracksFootprint: true,
  render: (report) => renderPackageViolations(report.violations as PackageViolation[], true),
};
