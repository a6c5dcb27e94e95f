// Live analysis of the learner's files: the contracts worker (started by URL, following the store)
// and the problems list that shows its answers; Python's own diagnostics as the learner types
// (CPython's compile and symtable, in the runtime's Pyodide worker).
export { startContractsChecker } from './contracts-client.ts';
export type { ContractsChecker } from './contracts-client.ts';
export { attachProblems } from './problems.ts';
export { brokenImports, ruleProblems } from './broken-imports.ts';
export type { BrokenImport } from './broken-imports.ts';
export { startPythonChecker } from './python-diagnostics.ts';
export type { CheckPython, PythonChecker } from './python-diagnostics.ts';
