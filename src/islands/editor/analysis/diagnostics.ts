// The contracts worker's answer, from the engine's report: the grader's contract results
// (toContractResults), one diagnostic per line. Pure, so the editor's view of a report is tested
// without a worker.
import type { LintReport } from '../../../contracts/index.ts';
import { toContractResults } from '../../../grading/index.ts';
import type { Diagnostic } from '../types.ts';

/** One diagnostic per offending line of each broken contract or structure rule, as the grader reports them. */
export function diagnosticsOf(report: LintReport, files: Readonly<Record<string, string>>): Diagnostic[] {
  return toContractResults(report.contracts, files).flatMap((contract) =>
    contract.violations.flatMap((violation) =>
      violation.lines.map((line) => ({
        contract: contract.name,
        summary: violation.summary,
        file: line.file,
        line: line.line ?? 1,
        importer: line.importer,
        imported: line.imported,
        // A structure rule's finding carries its column and text; an import's line is enough.
        ...(line.text === undefined ? {} : { rule: true, column: line.column ?? 1, text: line.text }),
      })),
    ),
  );
}
