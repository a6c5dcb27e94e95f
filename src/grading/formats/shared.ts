import type { GradeReport, ImportLine, TestResult } from '../../schemas/index.ts';
import { describeTest } from '../failure.ts';

/**
 * One line of a broken contract: `file:line imports x`, or for a structure rule the place and the
 * offending text (`file:line:column: importlib.import_module`).
 */
export function describeLine(line: ImportLine): string {
  const where = `${line.file}${line.line ? `:${line.line}` : ''}`;
  if (line.text !== undefined) return `${where}${line.column ? `:${line.column}` : ''}: ${line.text}`;
  return `${where} imports ${line.imported}`;
}

export function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 15))}... [truncated]` : text;
}

/** Last lines of a traceback: the part a learner reads first. */
export function lastLines(text: string, count: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-count).join('\n');
}

/** Points each item of a part is worth (the part's weight spread evenly over its items). */
export function itemPoints(report: GradeReport, part: 'contracts' | 'visible' | 'hidden'): number {
  const { weight, total } = report.parts[part];
  return total > 0 ? weight / total : 0;
}

export function testPart(test: TestResult): 'visible' | 'hidden' {
  return test.suite;
}

/**
 * Text shown for a failing test: the failure in plain words and where it happened (describeTest),
 * else the message (hidden tests: only the exception lines), then its output.
 */
export function testDetails(test: TestResult, options: { hiddenLines?: number } = {}): string {
  const message = test.failure
    ? describeTest(test)
    : test.suite === 'hidden'
      ? lastLines(test.message, options.hiddenLines ?? 3)
      : test.message;
  const parts = [message.trim()];
  if (test.output.trim()) parts.push(`Output:\n${test.output.trimEnd()}`);
  return parts.filter(Boolean).join('\n\n');
}

export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * The report with each feedback link made absolute against the course's address, for reports read
 * away from the site (Gradescope, a CI log): `/lessons/x/#y` on https://course.example.org/ becomes
 * https://course.example.org/lessons/x/#y. A site served under a path keeps it.
 */
export function withAbsoluteLinks(report: GradeReport, siteUrl: string): GradeReport {
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  const absolute = (href: string) => new URL(href.replace(/^\//, ''), base).href;
  return { ...report, feedback: report.feedback.map((item) => ({ ...item, href: absolute(item.href) })) };
}
