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

/**
 * Every contract and test becomes a Gradescope test worth its share of its part's weight, so the
 * tests add up to the total score (out of 100). Hidden tests are shown only once grades are
 * published; their output is trimmed to the exception so the test code stays private.
 */
export function toGradescope(report: GradeReport): GradescopeResults {
  const tests: GradescopeTest[] = [];
  const contractPoints = itemPoints(report, 'contracts');
  report.contracts.forEach((contract, index) => {
    tests.push({
      score: round(contract.kept ? contractPoints : 0),
      max_score: round(contractPoints),
      status: contract.kept ? 'passed' : 'failed',
      name: `Contract: ${contract.name}`,
      number: `1.${index + 1}`,
      output: contract.violations
        .map((v) => [v.summary, ...v.lines.map((l) => `  ${describeLine(l)}`)].join('\n'))
        .join('\n'),
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
        tests.push({
          score: round(passed ? points : 0),
          max_score: round(points),
          status: passed ? 'passed' : 'failed',
          name: test.description ? `${test.name}: ${test.description}` : test.name,
          number: `${number}.${index + 1}`,
          output: passed ? '' : `${test.status.toUpperCase()}\n${testDetails(test)}`,
          output_format: 'text',
          tags: [part, test.status],
          visibility: part === 'hidden' ? 'after_published' : 'visible',
        });
      });
  }
  const feedback = report.feedback.map((item) => `- ${item.text} (${item.href})`);
  const output = [
    `Score ${report.score} / 100 (${report.status}).`,
    ...(feedback.length > 0 ? ['', 'Hints:', ...[...new Set(feedback)]] : []),
    ...(report.errors.length > 0 ? ['', 'Notes:', ...report.errors.map((e) => `- ${e}`)] : []),
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
