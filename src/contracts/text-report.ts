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
  /**
   * `--show-timings`: how long building the graph took (printed before the contracts), and each
   * contract's check (after its verdict; contracts without one get none), in milliseconds.
   */
  timings?: { graphMs: number; contractMs: (number | undefined)[] };
  /** Lines printed right after the title (`--verbose` progress, as lint-imports prints it there). */
  preamble?: string[];
}

/** import-linter's format_duration: always seconds, 0.127s under 1 s, 5.9s under 10 s, then 132s. */
export function formatDuration(milliseconds: number): string {
  const ms = Math.trunc(milliseconds);
  const seconds = ms / 1000;
  if (seconds < 1) return `${seconds.toFixed(3)}s`;
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  return `${Math.round(seconds)}s`;
}

/** A contract's one-line verdict, as lint-imports prints it (also the --verbose progress line). */
export function formatContractLine(contract: ContractReport, ms?: number): string {
  const warnings = contract.warnings.length;
  const noun = warnings === 1 ? 'warning' : 'warnings';
  return `${contract.name} ${contract.kept ? 'KEPT' : 'BROKEN'}${warnings > 0 ? ` (${warnings} ${noun})` : ''}${
    ms === undefined ? '' : ` [${formatDuration(ms)}]`
  }`;
}

/** The report in lint-imports' text layout. */
export function formatTextReport(report: LintReport, options: TextReportOptions = {}): string {
  const kept = report.contracts.filter((contract) => contract.kept).length;
  const broken = report.contracts.length - kept;
  const { timings } = options;
  const out = [...heading('Import Linter', 1), ...(options.preamble ?? [])];
  if (timings) out.push(`Building graph took ${formatDuration(timings.graphMs)}.`, '');
  out.push(
    ...heading('Contracts', 2),
    ...heading(`Analyzed ${report.analyzed_files} files, ${report.dependencies} dependencies.`, 3),
  );
  report.contracts.forEach((contract, index) => out.push(formatContractLine(contract, timings?.contractMs[index])));
  out.push('', `Contracts: ${kept} kept, ${broken} broken.`);
  // import-linter's _render_warnings: a heading per contract with warnings, then "- warning" lines.
  const warned = report.contracts.filter((contract) => contract.warnings.length > 0);
  if (warned.length > 0) {
    out.push('', ...heading('Warnings', 2));
    warned.forEach((contract, index) => {
      if (index > 0) out.push('');
      out.push(...heading(contract.name, 3), ...contract.warnings.map((warning) => `- ${warning}`));
    });
  }
  if (broken > 0) {
    out.push('', '', ...heading('Broken contracts', 2));
    for (const contract of report.contracts) if (!contract.kept) out.push(...renderBrokenContract(contract));
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
