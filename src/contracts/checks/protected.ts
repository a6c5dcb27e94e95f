// protected: only allowed importers (and the protected package itself) may import it directly.
import { edgeKey } from '../graph.ts';
import type { ProtectedViolation } from '../types.ts';
import type { CommonOptions, ContractType } from './contract-type.ts';
import { byName, resolveModules } from './context.ts';
import type { CheckContext } from './context.ts';
import { lineNumbers } from './render.ts';

export interface ProtectedOptions extends CommonOptions {
  protectedModules: string[];
  allowedImporters: string[];
  asPackages: boolean;
}

function checkProtected(context: CheckContext, options: ProtectedOptions) {
  const { graph } = context;
  const asPackages = options.asPackages;
  const allowed = new Set<number>();
  for (const id of resolveModules(context, options.allowedImporters, 'allowed_importers', false)) {
    for (const member of graph.membersOf(id, asPackages)) allowed.add(member);
  }
  const violations: ProtectedViolation[] = [];
  for (const top of resolveModules(context, options.protectedModules, 'protected_modules', true).sort(
    byName(context),
  )) {
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
  return { kept: violations.length === 0, violations };
}

function renderProtected(violations: ProtectedViolation[]): string[] {
  const out: string[] = [];
  const tops = [...new Set(violations.map((violation) => violation.protected))];
  for (const top of tops) {
    out.push(`Illegal imports of protected package ${top}:`, '');
    for (const violation of violations.filter((candidate) => candidate.protected === top)) {
      out.push(`- ${violation.importer} -> ${violation.imported} (${lineNumbers(violation)})`, '');
    }
  }
  out.push('');
  return out;
}

export const protectedContract: ContractType<ProtectedOptions> = {
  name: 'protected',
  parse(options) {
    const protectedModules = options.required('protected_modules');
    const asPackages = options.flag('as_packages', true);
    const common = options.common();
    return { ...common, protectedModules, allowedImporters: options.list('allowed_importers'), asPackages };
  },
  check: checkProtected,
  // The check reads the importers of the protected modules, which no footprint records.
  tracksFootprint: false,
  render: (report) => renderProtected(report.violations as ProtectedViolation[]),
};
