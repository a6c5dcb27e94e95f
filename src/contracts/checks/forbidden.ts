import { ContractsError } from '../errors.ts';
import { findChains } from '../routes.ts';
import type { PackageViolation } from '../types.ts';
import { flag, option, requireModule } from './context.ts';
import type { CheckContext } from './context.ts';

export function checkForbidden(context: CheckContext): PackageViolation[] {
  const { graph, contract } = context;
  const sources = option(context, 'source_modules', true);
  const forbidden = option(context, 'forbidden_modules', true);
  const directOnly = flag(context, 'allow_indirect_imports', false);
  const asPackages = flag(context, 'as_packages', true);
  const roots = new Set(graph.names.filter((_, id) => !graph.external[id]).map((name) => name.split('.')[0]!));
  for (const source of sources) requireModule(context, source, 'source_modules');
  for (const name of forbidden) {
    const internal = roots.has(name.split('.')[0]!);
    if (internal) {
      requireModule(context, name, 'forbidden_modules');
    } else if (!context.includeExternalPackages) {
      throw new ContractsError(
        'InvalidContract',
        `Contract "${contract.name}" (forbidden_modules): ${name} is an external module; set include_external_packages = True to forbid it.`,
        { contract: contract.name, field: 'forbidden_modules' },
      );
    } else if (name.includes('.')) {
      throw new ContractsError(
        'InvalidContract',
        `Contract "${contract.name}" (forbidden_modules): external modules are squashed to their top-level package; use ${name.split('.')[0]}.`,
        { contract: contract.name, field: 'forbidden_modules' },
      );
    }
  }
  const violations: PackageViolation[] = [];
  for (const source of sources) {
    for (const name of forbidden) {
      if (!graph.ids.has(name)) continue; // an external package nobody imports
      const routes = findChains(
        graph,
        graph.membersOf(source, asPackages),
        graph.membersOf(name, asPackages),
        context.removed,
        directOnly,
      );
      if (routes.length > 0) violations.push({ importer: source, imported: name, routes });
    }
  }
  return violations;
}
