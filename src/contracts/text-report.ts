import type {
  ContractReport,
  LintReport,
  PackageViolation,
  ProtectedViolation,
  AcyclicViolation,
  Link,
} from './types.ts';

const underline = (text: string, char = '-') => `${text}\n${char.repeat(text.length)}`;
const lines = (numbers: number[]) => numbers.map((line) => `l.${line}`).join(', ');
const linkText = (link: Link) => `${link.importer} -> ${link.imported} (${lines(link.line_numbers)})`;

function describePackageViolation(violation: PackageViolation): string {
  const out = [`${violation.importer} is not allowed to import ${violation.imported}:`, ''];
  for (const route of violation.routes) {
    const [first, ...rest] = route.chain;
    if (!first) continue;
    out.push(`- ${linkText(first)}`);
    for (const extra of route.extra_firsts) out.push(`  (and ${linkText(extra)})`);
    for (const step of rest) out.push(`  ${linkText(step)}`);
    for (const extra of route.extra_lasts) out.push(`  (and ${linkText(extra)})`);
    out.push('');
  }
  return out.join('\n');
}

function describeContract(contract: ContractReport): string {
  const out = [underline(contract.name), ''];
  for (const violation of contract.violations) {
    if ('routes' in violation) out.push(describePackageViolation(violation));
    else if ('protected' in violation) {
      const v = violation as ProtectedViolation;
      out.push(`${v.importer} is not allowed to import ${v.imported} (protected by ${v.protected}):`, '');
      out.push(`- ${v.importer} -> ${v.imported} (${lines(v.line_numbers)})`, '');
    } else {
      const v = violation as AcyclicViolation;
      out.push(`The children of ${v.package} import each other in a cycle. Removing these imports would break it:`, '');
      for (const [importer, imported] of v.cycle_breakers) out.push(`- ${importer} -> ${imported}`);
      out.push('');
    }
  }
  if (contract.undeclared_modules && contract.undeclared_modules.length > 0) {
    out.push('Modules not declared in any layer (exhaustive = true):', '');
    for (const name of contract.undeclared_modules) out.push(`- ${name}`);
    out.push('');
  }
  return out.join('\n');
}

/** The report in lint-imports' text layout. */
export function formatTextReport(report: LintReport, options: { timings?: Record<string, number> } = {}): string {
  const kept = report.contracts.filter((contract) => contract.kept).length;
  const broken = report.contracts.length - kept;
  const out = [
    underline('Import Linter', '='),
    '',
    underline('Contracts'),
    '',
    underline(`Analyzed ${report.analyzed_files} files, ${report.dependencies} dependencies.`),
    '',
  ];
  for (const contract of report.contracts) {
    out.push(`${contract.name} ${contract.kept ? 'KEPT' : 'BROKEN'}`);
    for (const warning of contract.warnings) out.push(`  Warning: ${warning}`);
  }
  out.push('', `Contracts: ${kept} kept, ${broken} broken.`);
  if (options.timings) {
    out.push('', ...Object.entries(options.timings).map(([step, ms]) => `${step}: ${ms.toFixed(0)}ms`));
  }
  if (broken > 0) {
    out.push('', '', underline('Broken contracts'), '');
    for (const contract of report.contracts) if (!contract.kept) out.push(describeContract(contract));
  }
  return `${out.join('\n')}\n`;
}
