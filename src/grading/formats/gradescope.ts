import type { GradeReport } from '../../schemas/index.ts';
import { describeLine, itemPoints, round, testDetails } from './shared.ts';

/** One entry of Gradescope's `tests` array. */
export interface GradescopeTest {
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  name: string;
  number: string;
  output: string;
  output_format: 'text';
  tags: string[];
  visibility: 'visible' | 'hidden' | 'after_due_date' | 'after_published';
}

/** Gradescope autograder `results.json` (written to /autograder/results/results.json). */
export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: 'text';
  test_output_format: 'text';
  visibility: 'visible';
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
}

/** A contract's own output: what broke it and where, or why it could not be checked. */
function contractOutput(contract: GradeReport['contracts'][number]): string {
  const violations = contract.violations.map((v) =>
    [v.summary, ...v.lines.map((l) => `  ${describeLine(l)}`)].join('\n'),
  );
  if (violations.length > 0) return violations.join('\n');
  if (contract.warnings.length === 0) return '';
  // Broken with no violation: the project could not be analysed (a syntax error, a missing module).
  return contract.kept
    ? contract.warnings.map((w) => `Warning: ${w}`).join('\n')
    : `This contract could not be checked, so it counts as broken:\n${contract.warnings.map((w) => `- ${w}`).join('\n')}`;
}

/** A hint as a line of text, its lesson link absolute when the report has one (--site-url). */
function hintLine(item: GradeReport['feedback'][number]): string {
  const link = /^https?:\/\//.test(item.href)
    ? item.href
    : `the lesson "${item.lesson}"${item.section ? `, section "${item.section}"` : ''}`;
  return `- ${item.text} (${link})`;
}

/**
 * Every contract and test becomes a Gradescope test worth its share of its part's weight, so the
 * tests add up to the total score (out of 100). Hidden tests are shown only once grades are
 * published (`after_published`), with their hints; their output is trimmed to the exception so the
 * test code stays private. While hidden tests exist, the always-visible top-level `output` states
 * no total and no hint about a hidden test: it would tell the student how the hidden tests went.
 */
export function toGradescope(report: GradeReport): GradescopeResults {
  const tests: GradescopeTest[] = [];
  const hiddenIds = new Set(report.tests.filter((test) => test.suite === 'hidden').map((test) => test.id));
  const hasHidden = hiddenIds.size > 0;
  const aboutHidden = (item: GradeReport['feedback'][number]) => item.kind === 'test' && hiddenIds.has(item.target);
  const contractPoints = itemPoints(report, 'contracts');
  report.contracts.forEach((contract, index) => {
    tests.push({
      score: round(contract.kept ? contractPoints : 0),
      max_score: round(contractPoints),
      status: contract.kept ? 'passed' : 'failed',
      name: `Contract: ${contract.name}`,
      number: `1.${index + 1}`,
      output: contractOutput(contract),
      output_format: 'text',
      tags: ['contracts', contract.type],
      visibility: 'visible',
    });
  });
  for (const [part, number] of [
    ['visible', 2],
    ['hidden', 3],
  ] as const) {
    const points = itemPoints(report, part);
    report.tests
      .filter((test) => test.suite === part)
      .forEach((test, index) => {
        const passed = test.status === 'pass';
        const hints = report.feedback.filter((item) => item.kind === 'test' && item.target === test.id);
        const details = testDetails(test);
        tests.push({
          score: round(passed ? points : 0),
          max_score: round(points),
          status: passed ? 'passed' : 'failed',
          name: test.description ? `${test.name}: ${test.description}` : test.name,
          number: `${number}.${index + 1}`,
          output: passed
            ? ''
            : [
                test.status.toUpperCase(),
                details || (part === 'hidden' ? 'The details of a hidden test stay with your instructor.' : ''),
                ...(part === 'hidden' && hints.length > 0 ? ['', 'Hints:', ...new Set(hints.map(hintLine))] : []),
              ]
                .filter((line, i) => i !== 1 || line !== '')
                .join('\n'),
          output_format: 'text',
          tags: [part, test.status],
          visibility: part === 'hidden' ? 'after_published' : 'visible',
        });
      });
  }
  const p = report.parts;
  const summary = hasHidden
    ? [
        `Contracts kept: ${p.contracts.passed} of ${p.contracts.total}. Visible tests passed: ${p.visible.passed} of ${p.visible.total}.`,
        'Hidden tests are graded too: their results, their hints and the total show once grades are published.',
      ]
    : [`Score ${report.score} / 100 (${report.status}).`];
  const feedback = [...new Set(report.feedback.filter((item) => !aboutHidden(item)).map(hintLine))];
  // A note about the hidden tests (an exercise bug naming a hidden file) is for the instructor's log.
  const notes = report.errors.filter((error) => !hasHidden || !/\bhidden\b/i.test(error));
  const output = [
    ...summary,
    ...(feedback.length > 0 ? ['', 'Hints:', ...feedback] : []),
    ...(notes.length > 0 ? ['', 'Notes:', ...notes.map((e) => `- ${e}`)] : []),
  ].join('\n');
  return {
    score: report.score,
    execution_time: Math.max(0, Math.round(report.durationMs / 1000)),
    output,
    output_format: 'text',
    test_output_format: 'text',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
  };
}
