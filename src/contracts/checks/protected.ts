import { edgeKey } from '../graph.ts';
import type { ProtectedViolation } from '../types.ts';
import { byName, flag, resolveModules } from './context.ts';
import type { CheckContext } from './context.ts';

/** protected: only allowed importers (and the protected package itself) may import it directly. */
export function checkProtected(context: CheckContext): ProtectedViolation[] {
  const { graph } = context;
  const asPackages = flag(context, 'as_packages', true);
  const allowed = new Set<number>();
  for (const id of resolveModules(context, 'allowed_importers', false)) {
    for (const member of graph.membersOf(id, asPackages)) allowed.add(member);
  }
  const violations: ProtectedViolation[] = [];
  for (const top of resolveModules(context, 'protected_modules', true).sort(byName(context))) {
    const members = graph.membersOf(top, asPackages && !graph.external[top]).sort(byName(context));
    const inside = new Set(members);
    for (const imported of members) {
      const importers = graph.into[imported]!.filter(
        (importer) =>
          !allowed.has(importer) && !inside.has(importer) && !context.removed.has(edgeKey(importer, imported)),
      );
      for (const importer of importers.sort(byName(context))) {
        violations.push({
          importer: graph.names[importer]!,
          imported: graph.names[imported]!,
          line_numbers: [...graph.lines(importer, imported)],
          protected: graph.names[top]!,
        });
      }
    }
  }
  return violations;
}
