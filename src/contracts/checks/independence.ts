import { expandModules } from '../ignore.ts';
import { findPackageRoutes } from '../routes.ts';
import type { PackageViolation } from '../types.ts';
import { option, requireModule } from './context.ts';
import type { CheckContext } from './context.ts';

/** Independence: no module may import another, directly or through a chain outside them all. */
export function checkIndependence(context: CheckContext): PackageViolation[] {
  const { graph } = context;
  const modules = expandModules(graph, option(context, 'modules', true));
  for (const name of modules) requireModule(context, name, 'modules');
  const members = new Map(modules.map((name) => [name, graph.membersOf(name)]));
  const violations: PackageViolation[] = [];
  for (const importer of modules) {
    for (const imported of modules) {
      if (importer === imported) continue;
      const blocked = new Uint8Array(graph.names.length);
      for (const [name, ids] of members)
        if (name !== importer && name !== imported) for (const id of ids) blocked[id] = 1;
      const routes = findPackageRoutes(graph, members.get(importer)!, members.get(imported)!, blocked, context.removed);
      if (routes.length > 0) violations.push({ importer, imported, routes });
    }
  }
  return violations;
}
