import { findLayerDependencies } from '../chains/layer-dependencies.ts';
import { routeLinks, sortRoutes } from '../links.ts';
import type { PackageViolation } from '../types.ts';
import { resolveModules } from './context.ts';
import type { CheckContext } from './context.ts';

/** independence: grimp's layers search with one level of independent siblings. */
export function checkIndependence(context: CheckContext): PackageViolation[] {
  const { graph } = context;
  const modules = resolveModules(context, 'modules', true);
  const dependencies = findLayerDependencies(
    graph,
    [{ modules, independent: true }],
    context.removed,
    context.footprint,
  );
  return dependencies
    .map((dependency) => ({
      importer: graph.names[dependency.importer]!,
      imported: graph.names[dependency.imported]!,
      routes: sortRoutes(dependency.routes.map((route) => routeLinks(graph, route))),
    }))
    .sort((a, b) => (`${a.importer} ${a.imported}` < `${b.importer} ${b.imported}` ? -1 : 1));
}
