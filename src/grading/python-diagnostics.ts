// The editor's diagnostics, CPython's own: diagnostics.py (beside the harness, embedded by
// scripts/embed-harness.mjs) compiles each file, checks the syntax against the exercise's Python
// version with runner.py's rules, and walks symtable's scopes for names that resolve to nothing.
// Pure: the runtime that has an interpreter (Pyodide's worker, python3 in the tests) runs the
// program these functions write and hands the JSON back to parsePythonDiagnostics. The page writes
// the program, so the worker need not carry the grader.
import { DIAGNOSTICS_SOURCE, HARNESS_FILES } from './harness-source.ts';

/** One finding in one file; lines and columns 1-based, the end exclusive (Monaco's ranges). */
export interface PythonDiagnostic {
  /** syntax: the file does not compile; version: newer syntax than the exercise's Python; undefined-name. */
  kind: 'syntax' | 'version' | 'undefined-name';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Diagnostics by file path (every .py file that was checked has an entry, maybe empty). */
export type PythonDiagnostics = Record<string, PythonDiagnostic[]>;

const KINDS = new Set<PythonDiagnostic['kind']>(['syntax', 'version', 'undefined-name']);

/** A Python string literal (a JSON string is one, escapes included). */
const literal = (text: string) => JSON.stringify(text);

/** The interpreter global that holds the checker's namespace. */
const NAMESPACE = '_strata_checker';

/**
 * Python that defines the checker in one global dict: runner.py's definitions (its version rules),
 * then diagnostics.py's. Run once per interpreter, then checkCallExpression's expression.
 */
export function checkerSetupProgram(): string {
  const runner = HARNESS_FILES['.strata/runner.py'] ?? '';
  return [
    `${NAMESPACE} = {"__name__": "strata_checker"}`,
    `exec(compile(${literal(runner)}, ".strata/runner.py", "exec"), ${NAMESPACE})`,
    `exec(compile(${literal(DIAGNOSTICS_SOURCE)}, ".strata/diagnostics.py", "exec"), ${NAMESPACE})`,
    '',
  ].join('\n');
}

/** A Python expression that checks `files` (as `language`, "3.10") and evaluates to the JSON answer. */
export function checkCallExpression(files: Record<string, string>, language: string): string {
  return `${NAMESPACE}["check_files"](${literal(JSON.stringify({ files, language }))})`;
}

function isDiagnostic(value: unknown): value is PythonDiagnostic {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Record<string, unknown>;
  return (
    KINDS.has(item.kind as PythonDiagnostic['kind']) &&
    typeof item.message === 'string' &&
    ['line', 'column', 'endLine', 'endColumn'].every((key) => Number.isInteger(item[key]) && (item[key] as number) >= 1)
  );
}

/** The checker's JSON answer, keeping only well-formed findings. */
export function parsePythonDiagnostics(json: string): PythonDiagnostics {
  const raw = JSON.parse(json) as unknown;
  const result: PythonDiagnostics = {};
  if (typeof raw !== 'object' || raw === null) return result;
  for (const [path, list] of Object.entries(raw as Record<string, unknown>)) {
    result[path] = Array.isArray(list) ? list.filter(isDiagnostic) : [];
  }
  return result;
}
