import { edgeKey } from '../graph.ts';
import { expandModules } from '../ignore.ts';
import type { ProtectedViolation } from '../types.ts';
import { option, requireModule } from './context.ts';
import type { CheckContext } from './context.ts';

const within = (name: string, pkg: string) => name === pkg || name.startsWith(`${pkg}.`);

/** Protected: only allowed importers (and the package itself) may import a protected package directly. */
export function checkProtected(context: CheckContext): ProtectedViolation[] {
  const { graph } = context;
  const protectedModules = expandModules(graph, option(context, 'protected_modules', true));
  const allowed = expandModules(graph, option(context, 'allowed_importers', false));
  for (const name of protectedModules) requireModule(context, name, 'protected_modules');
  const violations: ProtectedViolation[] = [];
  for (const pkg of protectedModules) {
    for (const imported of graph.membersOf(pkg)) {
      for (const importer of graph.in[imported]!) {
        const name = graph.names[importer]!;
        if (within(name, pkg) || allowed.some((allowedName) => within(name, allowedName))) continue;
        if (context.removed.has(edgeKey(graph, importer, imported))) continue;
        violations.push({
          importer: name,
          imported: graph.names[imported]!,
          line_numbers: [...graph.lines(importer, imported)],
          protected: pkg,
        });
      }
    }
  }
  return violations;
}
