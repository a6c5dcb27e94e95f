import type { PythonRuntime, RunOptions, RunResult } from '../types.ts';

interface Reply {
  id: number;
  ok: boolean;
  error?: string;
  result?: RunResult;
}

/**
 * PythonRuntime backed by Pyodide in a Web Worker. Runaway code is stopped by terminating the
 * worker when the time limit passes; the next call boots a fresh interpreter.
 */
export class PyodideRuntime implements PythonRuntime {
  readonly name = 'pyodide';
  readonly sandboxed = false;
  readonly supportsStdin = false;
  #worker: Worker | undefined;
  #booting: Promise<void> | undefined;
  #next = 0;
  #pending = new Map<number, (reply: Reply) => void>();
  #files: Record<string, string> = {};
  readonly indexURL: string;

  constructor(indexURL: string) {
    this.indexURL = indexURL;
  }

  #call(message: Record<string, unknown>): Promise<Reply> {
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#worker!.postMessage({ ...message, id });
    });
  }

  boot(): Promise<void> {
    this.#booting ??= (async () => {
      this.#worker = new Worker(new URL('./pyodide-worker.ts', import.meta.url), { type: 'module' });
      this.#worker.onmessage = (event: MessageEvent<Reply>) => {
        this.#pending.get(event.data.id)?.(event.data);
        this.#pending.delete(event.data.id);
      };
      const reply = await this.#call({ type: 'boot', indexURL: this.indexURL });
      if (!reply.ok) throw new Error(`Pyodide could not start: ${reply.error}`);
    })();
    return this.#booting;
  }

  async writeFiles(files: Record<string, string>): Promise<void> {
    this.#files = files;
  }

  async run(argv: string[], opts: RunOptions): Promise<RunResult> {
    const started = performance.now();
    await this.boot();
    const written = await this.#call({ type: 'write', files: this.#files });
    if (!written.ok) throw new Error(written.error);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<RunResult>((resolve) => {
      timer = setTimeout(() => {
        void this.dispose();
        resolve({ exitCode: null, stdout: '', stderr: '', timedOut: true, durationMs: performance.now() - started });
      }, opts.timeoutMs);
    });
    const finished = this.#call({ type: 'run', argv }).then((reply) => {
      if (!reply.ok || !reply.result) throw new Error(reply.error ?? 'no result');
      return reply.result;
    });
    finished.catch(() => undefined); // after a timeout the stopped worker's reply is not awaited
    try {
      return await Promise.race([finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async dispose(): Promise<void> {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#booting = undefined;
    for (const resolve of this.#pending.values()) resolve({ id: 0, ok: false, error: 'stopped' });
    this.#pending.clear();
  }
}
