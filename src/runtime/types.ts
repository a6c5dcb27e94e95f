/** Result of running one command in a PythonRuntime. */
export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export interface RunOptions {
  timeoutMs: number;
  onOutput?(chunk: string): void;
}

/** The one interface every Python execution backend implements (WebContainer, Pyodide, local python3). */
export interface PythonRuntime {
  readonly name: string;
  boot(signal?: AbortSignal): Promise<void>;
  /** Writes a flat path map into the runtime's working tree. */
  writeFiles(files: Record<string, string>): Promise<void>;
  run(argv: string[], opts: RunOptions): Promise<RunResult>;
  dispose(): Promise<void>;
}
