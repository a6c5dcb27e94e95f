import type { GradeReport } from '../schemas/index.ts';

/**
 * The report a learner may read. Without hidden detail, hidden tests keep their name, verdict and
 * hint only (as the grader's own learner audience). With it, their messages are shown, but any line
 * that also appears in a hidden test file is cut, and their output and structured failure are never
 * shown: no response ever carries a hidden test's source.
 */
export function reportForLearner(
  report: GradeReport,
  options: { hiddenDetail: boolean; hiddenSources: readonly string[] },
): GradeReport {
  const sourceLines = new Set<string>();
  for (const source of options.hiddenSources) {
    for (const line of source.split('\n')) {
      const trimmed = line.trim();
      if (trimmed.length >= 4) sourceLines.add(trimmed);
    }
  }
  const redact = (text: string) =>
    text
      .split('\n')
      .filter((line) => !sourceLines.has(line.trim()))
      .join('\n');
  return {
    ...report,
    audience: 'learner',
    tests: report.tests.map((test) => {
      if (test.suite !== 'hidden') return test;
      // The structured failure (compared values, frames) is never shown for a hidden test: its
      // values and lines come from the hidden test itself. The redacted message stands in for it.
      const base = { ...test, output: '', failure: null };
      if (!options.hiddenDetail)
        return { ...base, message: '', description: test.description && redact(test.description) };
      return { ...base, message: redact(test.message), description: test.description && redact(test.description) };
    }),
  };
}
