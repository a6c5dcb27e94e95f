// The report in lint-imports' text layout (import-linter's rendering.py and each contract's
// render_broken_contract), without colours.
import type {
  AcyclicViolation,
  ContractReport,
  Link,
  LintReport,
  PackageViolation,
  ProtectedViolation,
  Route,
} from './types.ts';

function heading(text: string, level: 1 | 2 | 3): string[] {
  const line = (level === 1 ? '=' : '-').repeat(text.length);
  return level === 3 ? [text, line, ''] : [line, text, line, ''];
}

const lineNumbers = (link: Link) => link.line_numbers.map((line) => `l.${line}`).join(', ');

/** import-linter's render_chain_data: heads joined with `&`, extra tails aligned under the last link. */
function renderRoute(route: Route): string[] {
  const out: string[] = [];
  const render = (link: Link, first: boolean, extraFirsts: Link[], extraLasts: Link[]) => {
    const strings: string[] = [];
    if (extraFirsts.length > 0) {
      [link, ...extraFirsts.slice(0, -1)].forEach((source, position) =>
        strings.push(`${position > 0 ? '& ' : ''}${source.importer} (${lineNumbers(source)})`),
      );
      const last = extraFirsts[extraFirsts.length - 1]!;
      strings.push(`& ${last.importer} -> ${last.imported} (${lineNumbers(last)})`);
    } else {
      strings.push(`${link.importer} -> ${link.imported} (${lineNumbers(link)})`);
    }
    const indent = ' '.repeat(link.importer.length + 4);
    for (const destination of extraLasts)
      strings.push(`${indent}& ${destination.imported} (${lineNumbers(destination)})`);
    strings.forEach((text, position) => out.push(first && position === 0 ? `- ${text}` : `  ${text}`));
  };
  const chain = route.chain;
  render(chain[0]!, true, route.extra_firsts, chain.length === 1 ? [] : []);
  for (const link of chain.slice(1, -1)) render(link, false, [], []);
  if (chain.length > 1) render(chain[chain.length - 1]!, false, [], route.extra_lasts);
  return out;
}

function renderPackageViolations(violations: PackageViolation[], forbidden: boolean): string[] {
  const out: string[] = [];
  for (const violation of violations) {
    out.push(`${violation.importer} is not allowed to import ${violation.imported}:`, '');
    for (const route of violation.routes) {
      if (forbidden) {
        route.chain.forEach((link, index) =>
          out.push(`${index === 0 ? '-   ' : '    '}${link.importer} -> ${link.imported} (${lineNumbers(link)})`),
        );
      } else out.push(...renderRoute(route));
      out.push('');
    }
    out.push('');
  }
  return out;
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

const MAX_DEPENDENCIES = 5;

function renderAcyclic(violations: AcyclicViolation[]): string[] {
  const out: string[] = [];
  for (const violation of violations) {
    const depth = violation.package.split('.').length + 1;
    const counts = new Map<string, number>();
    for (const [importer, imported] of violation.cycle_breakers) {
      const child = (name: string) => name.split('.').slice(depth - 1, depth)[0]!;
      const key = `.${child(importer)} -> .${child(imported)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const dependencies = [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
    out.push(`No cycles are allowed in ${violation.package}.`);
    out.push(
      `It could be made acyclic by removing ${dependencies.length} ${dependencies.length === 1 ? 'dependency' : 'dependencies'}:`,
      '',
    );
    for (const [key, count] of dependencies.slice(0, MAX_DEPENDENCIES)) {
      out.push(`- ${key} (${count} ${count === 1 ? 'import' : 'imports'})`);
    }
    if (dependencies.length > MAX_DEPENDENCIES) out.push(`(and ${dependencies.length - MAX_DEPENDENCIES} more).`);
    out.push('');
  }
  return out;
}

function renderBrokenContract(contract: ContractReport): string[] {
  const out = heading(contract.name, 3);
  if (contract.type === 'protected') out.push(...renderProtected(contract.violations as ProtectedViolation[]));
  else if (contract.type === 'acyclic_siblings') out.push(...renderAcyclic(contract.violations as AcyclicViolation[]));
  else out.push(...renderPackageViolations(contract.violations as PackageViolation[], contract.type === 'forbidden'));
  if (contract.undeclared_modules && contract.undeclared_modules.length > 0) {
    out.push('The following modules are not listed as layers:', '');
    for (const name of contract.undeclared_modules) out.push(`- ${name}`);
    out.push(
      '',
      "(Since this contract is marked as 'exhaustive', every child of every container must be declared as a layer.)",
      '',
    );
  }
  return out;
}

export interface TextReportOptions {
  /** Step name → milliseconds, printed after the contract list (`--show-timings`). */
  timings?: Record<string, number>;
}

/** The report in lint-imports' text layout. */
export function formatTextReport(report: LintReport, options: TextReportOptions = {}): string {
  const kept = report.contracts.filter((contract) => contract.kept).length;
  const broken = report.contracts.length - kept;
  const out = [
    ...heading('Import Linter', 1),
    ...heading('Contracts', 2),
    ...heading(`Analyzed ${report.analyzed_files} files, ${report.dependencies} dependencies.`, 3),
  ];
  for (const contract of report.contracts) out.push(`${contract.name} ${contract.kept ? 'KEPT' : 'BROKEN'}`);
  out.push('', `Contracts: ${kept} kept, ${broken} broken.`);
  const warnings = report.contracts.flatMap((contract) =>
    contract.warnings.map((warning) => `- ${contract.name}: ${warning}`),
  );
  if (warnings.length > 0) out.push('', ...heading('Warnings', 2), ...warnings);
  if (options.timings) {
    out.push('', ...heading('Timings', 2));
    for (const [step, ms] of Object.entries(options.timings)) out.push(`${step}: ${ms.toFixed(0)}ms`);
  }
  if (broken > 0) {
    out.push('', '', ...heading('Broken contracts', 2));
    for (const contract of report.contracts) if (!contract.kept) out.push(...renderBrokenContract(contract));
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
