// Browser-safe public surface of the runtime layer. Node-only code lives behind `./node.ts`.
export type { PythonRuntime, RunResult, RunOptions } from './types.ts';
export { createPyodideHost, WORKDIR as PYODIDE_WORKDIR } from './browser/pyodide-host.ts';
export type { PyodideLike } from './browser/pyodide-host.ts';
export { PyodideRuntime } from './browser/pyodide-runtime.ts';
