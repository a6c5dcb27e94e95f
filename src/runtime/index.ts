// Browser-safe public surface of the runtime layer. Node-only code lives behind `./node.ts`.
export type { PythonRuntime, RunResult, RunOptions } from './types.ts';
