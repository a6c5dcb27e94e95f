import { checkCallExpression, checkerSetupProgram, parsePythonDiagnostics } from '../../grading/index.ts';
import type { PythonDiagnostics } from '../../grading/index.ts';
import type { PythonRuntime, RunOptions, RunResult } from '../types.ts';
import type { RuntimeProgress } from './load-progress.ts';
import { PYODIDE_FOLDER } from './pyodide-files.ts';
import type { AlarmMessage, ProgressMessage, PyodideRequest } from './pyodide-worker.ts';
import { createRunWatchdog, sendSignal } from './run-watchdog.ts';

interface Reply {
  id: number;
  ok: boolean;
  error?: string;
  result?: RunResult;
  /** The checker's JSON answer. */
  checked?: string;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export interface PyodideRuntimeOptions {
  /** Grace between the escalation steps of a runaway test (see run-watchdog.ts). */
  graceMs?: number;
}

/** Why a run ended without results: shown to the learner as is. */
export function stoppedMessage(seconds: number): string {
  return (
    `stopped after ${seconds} s: an infinite loop? The code ignored the interrupt, so Python was ` +
    'restarted and the results of the other tests were lost.'
  );
}

/**
 * PythonRuntime backed by Pyodide in a Web Worker. A runaway test is interrupted when the
 * harness's per-test limit passes (SIGALRM, then KeyboardInterrupt, through a SharedArrayBuffer
 * when the page is cross-origin isolated); code that ignores both, or a run past its outer limit,
 * ends with the worker terminated, and the next call boots a fresh interpreter. `boot()` may be
 * called early (the page starts it before the first Run) and reports its progress to `onProgress`.
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
  #interrupt: Int32Array | undefined;
  #onAlarm: ((seconds: number) => void) | undefined;
  #progress: RuntimeProgress | undefined;
  #listeners = new Set<(progress: RuntimeProgress) => void>();
  /** This build's runtime folder (pyodide/<PYODIDE_FOLDER>/), where the worker loads Pyodide from. */
  readonly indexURL: string;
  readonly #graceMs: number | undefined;

  /** `siteFolder`: the URL of the site's pyodide/ folder. */
  constructor(siteFolder: string, options: PyodideRuntimeOptions = {}) {
    this.indexURL = new URL(`${PYODIDE_FOLDER}/`, siteFolder.endsWith('/') ? siteFolder : `${siteFolder}/`).href;
    this.#graceMs = options.graceMs;
  }

  /** The latest progress of the current (or last) start, if one began. */
  get progress(): RuntimeProgress | undefined {
    return this.#progress;
  }

  /** Calls `listener` with each progress report of a start; returns the unsubscribe function. */
  onProgress(listener: (progress: RuntimeProgress) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether a runaway test can be interrupted without losing the interpreter. */
  get interruptible(): boolean {
    return typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true;
  }

  #call(message: DistributiveOmit<PyodideRequest, 'id'>): Promise<Reply> {
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#worker!.postMessage({ ...message, id });
    });
  }

  boot(): Promise<void> {
    this.#booting ??= (async () => {
      this.#progress = undefined;
      this.#worker = new Worker(new URL('./pyodide-worker.ts', import.meta.url), { type: 'module' });
      this.#worker.onmessage = (event: MessageEvent<Reply | AlarmMessage | ProgressMessage>) => {
        const data = event.data;
        if ('type' in data) {
          if (data.type === 'alarm') this.#onAlarm?.(data.seconds);
          else {
            this.#progress = data.progress;
            for (const listener of this.#listeners) listener(data.progress);
          }
          return;
        }
        this.#pending.get(data.id)?.(data);
        this.#pending.delete(data.id);
      };
      this.#interrupt = this.interruptible ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
      const reply = await this.#call({
        type: 'boot',
        indexURL: this.indexURL,
        interrupt: this.#interrupt?.buffer as SharedArrayBuffer | undefined,
      });
      if (!reply.ok) {
        void this.dispose();
        throw new Error(`Pyodide could not start: ${reply.error}`);
      }
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
    const interrupt = this.#interrupt;
    let stop: (result: RunResult) => void = () => undefined;
    const stopped = new Promise<RunResult>((resolve) => (stop = resolve));
    const halt = (stderr: string) => {
      stop({ exitCode: null, stdout: '', stderr, timedOut: true, durationMs: performance.now() - started });
      void this.dispose();
    };
    const watchdog = createRunWatchdog({
      interrupt: (signal) => sendSignal(interrupt, signal),
      terminate: (seconds) => halt(stoppedMessage(seconds)),
      ...(this.#graceMs === undefined ? {} : { graceMs: this.#graceMs }),
    });
    this.#onAlarm = (seconds) => watchdog.arm(seconds);
    const timer = setTimeout(
      () => halt(`stopped after ${Math.round(opts.timeoutMs / 1000)} s, the limit for the whole run`),
      opts.timeoutMs,
    );
    const finished = this.#call({ type: 'run', argv }).then((reply) => {
      if (!reply.ok || !reply.result) throw new Error(reply.error ?? 'no result');
      return reply.result;
    });
    finished.catch(() => undefined); // after a stop the terminated worker's reply is not awaited
    try {
      return await Promise.race([finished, stopped]);
    } finally {
      clearTimeout(timer);
      watchdog.stop();
      this.#onAlarm = undefined;
      if (interrupt) Atomics.store(interrupt, 0, 0);
    }
  }

  /**
   * The editor's diagnostics for `files`, as Python `language` ("3.10") would see them: CPython's
   * compile and symtable in this worker (started if it is not yet). The files are not run, and
   * are not the files of the next run. The page writes the checker's program (the worker keeps
   * the setup after the first time), so the worker does not carry the grader.
   */
  async check(files: Record<string, string>, language: string): Promise<PythonDiagnostics> {
    await this.boot();
    const reply = await this.#call({
      type: 'check',
      setup: checkerSetupProgram(),
      call: checkCallExpression(files, language),
    });
    if (!reply.ok || reply.checked === undefined) throw new Error(reply.error ?? 'no diagnostics');
    return parsePythonDiagnostics(reply.checked);
  }

  async dispose(): Promise<void> {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#booting = undefined;
    this.#onAlarm = undefined;
    for (const resolve of this.#pending.values()) resolve({ id: 0, ok: false, error: 'stopped' });
    this.#pending.clear();
  }
}
