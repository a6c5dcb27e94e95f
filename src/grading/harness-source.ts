// The grading harness is written in Python (src/grading/harness/harness.py and runner.py, standard
// library only) and embedded by scripts/embed-harness.mjs, so the pure grading layer can hand it to
// any PythonRuntime: python3 in the sandbox, Pyodide or WebContainer.
export { HARNESS_FILES, HARNESS_PROTOCOL, DIAGNOSTICS_SOURCE } from './harness/files.generated.ts';

/** Path of the harness entry point inside the runtime's working tree. Learner files there are ignored. */
export const HARNESS_PATH = '.strata/harness.py';

/** Folder the grader owns in the working tree (the harness and its spec). */
export const HARNESS_DIR = '.strata/';
