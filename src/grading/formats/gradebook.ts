import type { GradeReport } from '../../schemas/index.ts';

export const GRADEBOOK_HEADER = [
  'learner',
  'score',
  'status',
  'contracts_kept',
  'contracts_total',
  'visible_passed',
  'visible_total',
  'hidden_passed',
  'hidden_total',
  'duration_ms',
  'notes',
] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function gradebookRow(learner: string, report: GradeReport | null, failure?: string): string {
  const p = report?.parts;
  const fields: (string | number)[] = report
    ? [
        learner,
        report.score,
        report.status,
        p?.contracts.passed ?? 0,
        p?.contracts.total ?? 0,
        p?.visible.passed ?? 0,
        p?.visible.total ?? 0,
        p?.hidden.passed ?? 0,
        p?.hidden.total ?? 0,
        Math.round(report.durationMs),
        report.errors.join(' | '),
      ]
    : [learner, 0, 'error', 0, 0, 0, 0, 0, 0, 0, failure ?? 'not graded'];
  return fields.map(csvField).join(',');
}

/**
 * The gradebook as a file: RFC 4180 line endings (CRLF), and with `excel` a UTF-8 byte order mark
 * first, without which Excel reads the file as the system's legacy code page and garbles accented
 * names.
 */
export function gradebookCsv(rows: readonly string[], options: { excel?: boolean } = {}): string {
  return `${options.excel ? '\uFEFF' : ''}${[GRADEBOOK_HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}
