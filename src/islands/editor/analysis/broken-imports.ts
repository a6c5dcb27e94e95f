// What the problems list and the import graph both count: the imports that break a contract,
// once each. The worker reports one diagnostic per contract and per chain, so one import line can
// come several times (the capstone's application.py line 4 breaks the layers and the independence
// contract); counted apart, the list said 9 where the graph said 7. Pure.
import type { Diagnostic } from '../types.ts';

export interface BrokenImport {
  importer: string;
  imported: string;
  file: string;
  line: number;
  /** Each contract it breaks, with the worker's summary (a chain, when it is one link of one). */
  reasons: { contract: string; summary: string }[];
}

/** The imports that break a contract, one per importer, imported module and line, in file order. */
export function brokenImports(diagnostics: readonly Diagnostic[]): BrokenImport[] {
  const seen = new Map<string, BrokenImport>();
  for (const { importer, imported, file, line, contract, summary } of diagnostics.filter((d) => !d.rule)) {
    const key = `${importer} ${imported} ${line}`;
    const entry = seen.get(key) ?? { importer, imported, file, line, reasons: [] };
    seen.set(key, entry);
    if (!entry.reasons.some((reason) => reason.contract === contract && reason.summary === summary)) {
      entry.reasons.push({ contract, summary });
    }
  }
  return [...seen.values()].sort((a, b) =>
    a.file === b.file ? a.line - b.line || (a.imported < b.imported ? -1 : 1) : a.file < b.file ? -1 : 1,
  );
}

/** What the structure rules find (a dynamic import, a private name, SQL): one entry each, in file order. */
export function ruleProblems(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.rule)
    .sort((a, b) =>
      a.file === b.file ? a.line - b.line || (a.column ?? 1) - (b.column ?? 1) : a.file < b.file ? -1 : 1,
    );
}
