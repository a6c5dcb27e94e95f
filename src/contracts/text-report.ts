// The report in lint-imports' text layout (import-linter's rendering.py; each contract type renders
// its own violations, as its render_broken_contract does), without colours.
import { renderViolations } from './checks/registry.ts';
import { isRuleReport, renderRuleViolations } from './structure/index.ts';
import type { ContractReport, LintReport } from './types.ts';

function heading(text: string, level: 1 | 2 | 3): string[] {
  const line = (level === 1 ? '=' : '-').repeat(text.length);
  return level === 3 ? [text, line, ''] : [line, text, line, ''];
}

function renderBrokenContract(contract: ContractReport): string[] {
  const body = isRuleReport(contract) ? renderRuleViolations(contract) : renderViolations(contract);
  return [...heading(contract.name, 3), ...body];
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
