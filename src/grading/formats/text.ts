import type { GradeReport, TestResult } from '../../schemas/index.ts';
import { groupFeedback } from '../feedback.ts';
import { HIDDEN_SKIPPED } from '../grade.ts';
import { describeLine, testDetails } from './shared.ts';

const MARK: Record<TestResult['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  error: 'ERROR',
  timeout: 'TIMEOUT',
  skipped: 'SKIP',
};

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

function partLine(report: GradeReport, part: 'contracts' | 'visible' | 'hidden', label: string): string {
  const p = report.parts[part];
  return `${label}: ${p.passed}/${p.total} (${p.earned.toFixed(1)} of ${p.weight.toFixed(1)} points)`;
}

/** The human report `strata grade` prints by default. */
export function formatText(report: GradeReport, options: { title?: string } = {}): string {
  const out: string[] = [];
  const title = options.title ? ` - ${options.title}` : '';
  out.push(`${report.exercise}${title}`);
  const hiddenSkipped = report.errors.includes(HIDDEN_SKIPPED);
  // Without the hidden tests a score is not the exercise's score: the line says so, not a plain "pass".
  out.push(
    `Score: ${report.score.toFixed(1)} / 100 (${report.status}${hiddenSkipped ? ', hidden tests skipped' : ''})`,
  );
  if (report.cap) {
    out.push(
      `  held to ${report.cap.cap} (the checks alone give ${report.cap.uncapped.toFixed(1)}): ${report.cap.why}`,
    );
  }
  out.push('');
  if (report.parts.contracts.ran || report.contracts.length > 0) {
    out.push(partLine(report, 'contracts', 'Contracts'));
    for (const contract of report.contracts) {
      out.push(`  ${contract.kept ? 'KEPT  ' : 'BROKEN'} ${contract.name}`);
      for (const violation of contract.violations) {
        out.push(`      ${violation.summary}`);
        for (const line of violation.lines) {
          out.push(
            line.text !== undefined
              ? `        ${describeLine(line)}`
              : `        ${line.file}${line.line ? `:${line.line}` : ''}  imports ${line.imported}`,
          );
        }
      }
      for (const warning of contract.warnings) out.push(`      warning: ${warning}`);
    }
    out.push('');
  }
  for (const [part, label] of [
    ['visible', 'Visible tests'],
    ['hidden', 'Hidden tests'],
  ] as const) {
    const tests = report.tests.filter((test) => test.suite === part);
    if (part === 'hidden' && hiddenSkipped) {
      out.push(`${label}: skipped (--no-hidden); the score above covers the contracts and visible tests only`, '');
      continue;
    }
    if (!report.parts[part].ran && tests.length === 0) continue;
    out.push(partLine(report, part, label));
    for (const test of tests) {
      out.push(`  ${MARK[test.status].padEnd(7)} ${test.name}${test.description ? ` - ${test.description}` : ''}`);
      const details = test.status !== 'pass' && test.status !== 'skipped' ? testDetails(test) : '';
      if (details) out.push(indent(details, '      '));
    }
    out.push('');
  }
  if (report.feedback.length > 0) {
    out.push('Feedback:');
    for (const group of groupFeedback(report.feedback)) {
      out.push(`  ${group.hint === null ? 'See the lesson' : `Hint ${group.hint}`} (${group.about.join(', ')}):`);
      out.push(indent(group.text, '    '));
      out.push(`    Read: ${group.href}`);
    }
    out.push('');
  }
  const notes = report.errors.filter((error) => error !== HIDDEN_SKIPPED);
  if (notes.length > 0) {
    out.push('Notes:');
    for (const error of notes) out.push(indent(`- ${error}`, '  '));
    out.push('');
  }
  const sandbox = report.runtime.sandboxed ? 'sandboxed' : 'not sandboxed';
  const python = report.runtime.python ? `, Python ${report.runtime.python}` : '';
  const language = report.runtime.language ? `, graded as Python ${report.runtime.language}` : '';
  out.push(`Graded in ${Math.round(report.durationMs)} ms (${report.runtime.name}, ${sandbox}${python}${language}).`);
  if (report.audience === 'learner' && report.tests.some((test) => test.suite === 'hidden')) {
    out.push('Hidden tests show their verdict only; their messages and output stay with the instructor.');
  }
  return `${out.join('\n')}\n`;
}
