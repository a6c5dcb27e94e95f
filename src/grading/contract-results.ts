import type { ContractReport, Link, Violation } from '../contracts/index.ts';
import type { ContractResult, ImportLine } from '../schemas/index.ts';
import type { FileMap } from './exercise.ts';

/** File of a module in the learner's project: `a/b/c.py`, or `a/b/c/__init__.py` for a package. */
export function moduleFile(module: string, files: FileMap): string {
  const base = module.split('.').join('/');
  const candidates = [`${base}.py`, `${base}/__init__.py`];
  for (const candidate of candidates) if (files[candidate] !== undefined) return candidate;
  for (const candidate of candidates) {
    const nested = Object.keys(files).find((path) => path.endsWith(`/${candidate}`));
    if (nested) return nested;
  }
  return candidates[0] ?? base;
}

function linkLines(link: Link, files: FileMap): ImportLine[] {
  const file = moduleFile(link.importer, files);
  const numbers = link.line_numbers.length > 0 ? link.line_numbers : [null];
  return numbers.map((line) => ({ importer: link.importer, imported: link.imported, file, line }));
}

function describeViolation(violation: Violation, files: FileMap): ContractResult['violations'][number] {
  if ('package' in violation) {
    // cycle_breaker_lines is on the engine's report object only, not in its JSON.
    return {
      summary: `the children of ${violation.package} import each other in a cycle`,
      lines: violation.cycle_breakers.flatMap(([importer, imported], index) =>
        linkLines({ importer, imported, line_numbers: violation.cycle_breaker_lines?.[index] ?? [] }, files),
      ),
    };
  }
  if ('rule' in violation) {
    // A structure rule: the module stands where an importer would, what it reaches where the imported module would.
    return {
      summary: `${violation.module} ${violation.reason}`,
      lines: [
        {
          importer: violation.module,
          imported: violation.target,
          file: violation.file,
          line: violation.line,
          column: violation.column,
          text: violation.text,
        },
      ],
    };
  }
  const { importer, imported } = violation;
  if (!('routes' in violation)) {
    const link = { importer, imported, line_numbers: violation.line_numbers };
    return {
      summary: `${importer} -> ${imported} (${violation.protected} is protected)`,
      lines: linkLines(link, files),
    };
  }
  const lines: ImportLine[] = [];
  const vias = new Set<string>();
  for (const route of violation.routes) {
    for (const link of [...route.extra_firsts, ...route.chain, ...route.extra_lasts]) {
      lines.push(...linkLines(link, files));
    }
    for (const link of route.chain.slice(1)) vias.add(link.importer);
  }
  const via = vias.size > 0 ? ` (via ${[...vias].join(', ')})` : '';
  const seen = new Set<string>();
  const unique = lines.filter((line) => {
    const key = `${line.file}:${line.line}:${line.imported}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return { summary: `${importer} -> ${imported}${via}`, lines: unique };
}

/** Contract verdicts with the offending import lines, for feedback and reports. */
export function toContractResults(contracts: readonly ContractReport[], files: FileMap): ContractResult[] {
  return contracts.map((contract) => ({
    name: contract.name,
    type: contract.type,
    kept: contract.kept,
    violations: contract.kept ? [] : contract.violations.map((violation) => describeViolation(violation, files)),
    warnings: [
      ...contract.warnings,
      ...(contract.undeclared_modules ?? []).map((module) => `${module} is not in any layer`),
    ],
  }));
}
