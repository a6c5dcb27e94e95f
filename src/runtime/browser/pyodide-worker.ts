// Web Worker that owns one Pyodide interpreter, loaded from the site's own /pyodide/ folder.
import { createPyodideHost } from './pyodide-host.ts';
import type { PyodideLike } from './pyodide-host.ts';

export type PyodideRequest =
  /** `interrupt`: a SharedArrayBuffer the page writes signals into (absent when not isolated). */
  | { id: number; type: 'boot'; indexURL: string; interrupt?: SharedArrayBuffer }
  | { id: number; type: 'write'; files: Record<string, string> }
  | { id: number; type: 'run'; argv: string[] }
  /** The editor's checker (programs from grading's python-diagnostics, written by the page): never runs the files. */
  | { id: number; type: 'check'; setup: string; call: string };

/** Sent without an id while Python runs: the harness armed (seconds) or disarmed (0) a test limit. */
export interface AlarmMessage {
  type: 'alarm';
  seconds: number;
}

interface LoadedPyodide extends PyodideLike {
  setInterruptBuffer(buffer: Int32Array): void;
}

let host: ReturnType<typeof createPyodideHost> | undefined;
let interrupt: Int32Array | undefined;

onmessage = async (event: MessageEvent<PyodideRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'boot') {
      const module = (await import(/* @vite-ignore */ `${request.indexURL}pyodide.mjs`)) as {
        loadPyodide(options: { indexURL: string }): Promise<LoadedPyodide>;
      };
      const pyodide = await module.loadPyodide({ indexURL: request.indexURL });
      if (request.interrupt) {
        interrupt = new Int32Array(request.interrupt);
        pyodide.setInterruptBuffer(interrupt);
      }
      host = createPyodideHost(pyodide, {
        alarm: (seconds) => postMessage({ type: 'alarm', seconds } satisfies AlarmMessage),
      });
      postMessage({ id: request.id, ok: true });
    } else if (!host) {
      throw new Error('Pyodide is not booted');
    } else if (request.type === 'check') {
      postMessage({ id: request.id, ok: true, checked: host.check(request.setup, request.call) });
    } else if (request.type === 'write') {
      await host.writeFiles(request.files);
      postMessage({ id: request.id, ok: true });
    } else {
      // A signal written just as the previous run ended must not hit this one.
      if (interrupt) Atomics.store(interrupt, 0, 0);
      postMessage({ id: request.id, ok: true, result: await host.run(request.argv) });
    }
  } catch (error) {
    postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
};
