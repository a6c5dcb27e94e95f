// independence: the modules may not import each other, directly or indirectly.
import { findLayerDependencies, layerSearchMemos } from '../chains/layer-dependencies.ts';
import { routeLinks, sortRoutes } from '../links.ts';
import type { PackageViolation } from '../types.ts';
import type { CommonOptions, ContractType } from './contract-type.ts';
import { resolveModules } from './context.ts';
import type { CheckContext } from './context.ts';
import { renderPackageViolations } from './render.ts';

export interface IndependenceOptions extends CommonOptions {
  modules: string[];
}

/** grimp's layers search with one level of independent siblings. */
function checkIndependence(context: CheckContext, options: IndependenceOptions) {
  const { graph } = context;
  const modules = resolveModules(context, options.modules, 'modules', true);
  const dependencies = findLayerDependencies(
    graph,
    [{ modules, independent: true }],
    context.removed,
    context.footprint,
    layerSearchMemos(context.memo, 1)?.[0],
  );
  const violations: PackageViolation[] = dependencies
    .map((dependency) => ({
      importer: graph.names[dependency.importer]!,
      imported: graph.names[dependency.imported]!,
      routes: sortRoutes(dependency.routes.map((route) => routeLinks(graph, route))),
    }))
    .sort((a, b) => (`${a.importer} ${a.imported}` < `${b.importer} ${b.imported}` ? -1 : 1));
  return { kept: violations.length === 0, violations };
}

export const independenceContract: ContractType<IndependenceOptions> = {
  name: 'independence',
  parse(options) {
    const modules = options.required('modules');
    return { ...options.common(), modules };
  },
  check: checkIndependence,
  tracksFootprint: true,
  render: (report) => renderPackageViolations(report.violations as PackageViolation[], false),
};
