// Web Worker that owns one Pyodide interpreter, loaded from the site's own pyodide/<folder>/ (see
// pyodide-files.ts): restored from the build's memory snapshot when there is one, reporting its
// progress (bytes downloaded, then the phase) as it starts.
import { createDownloadMeter } from './load-progress.ts';
import type { RuntimeProgress } from './load-progress.ts';
import {
  AFTER_RESTORE_CODE,
  emptyLockFile,
  PRELOAD_CODE,
  PYODIDE_MANIFEST,
  PYODIDE_SNAPSHOT,
} from './pyodide-files.ts';
import type { PyodideManifest } from './pyodide-files.ts';
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

/** Sent without an id while the interpreter starts. */
export interface ProgressMessage {
  type: 'progress';
  progress: RuntimeProgress;
}

interface LoadedPyodide extends PyodideLike {
  setInterruptBuffer(buffer: Int32Array): void;
}

interface PyodideModule {
  loadPyodide(options: {
    indexURL: string;
    lockFileContents: object;
    packageBaseUrl: string;
    _loadSnapshot?: Promise<Uint8Array>;
  }): Promise<LoadedPyodide>;
}

let host: ReturnType<typeof createPyodideHost> | undefined;
let interrupt: Int32Array | undefined;

const report = (progress: RuntimeProgress) => postMessage({ type: 'progress', progress } satisfies ProgressMessage);

/**
 * The snapshot's bytes, gunzipped as they arrive, unless the server already decoded them (a host
 * that serves .gz files with Content-Encoding: gzip).
 */
async function readSnapshot(response: Promise<Response>): Promise<Uint8Array> {
  const reply = await response;
  if (!reply.ok || !reply.body) throw new Error(`${reply.url}: HTTP ${reply.status}`);
  const decoded = /gzip/.test(reply.headers.get('Content-Encoding') ?? '');
  const body = decoded ? reply.body : reply.body.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/**
 * A first run of unittest, so that the parts of the interpreter a grade uses are compiled (the
 * browser compiles WebAssembly functions on first call) while Python starts, not during the
 * learner's first Run.
 */
const WARM_UP = `
def _strata_warm_up():
    import io, unittest

    class WarmUp(unittest.TestCase):
        def test_equal(self):
            self.assertEqual({"a": [1, 2]}, {"a": [1, 3]})

        def test_true(self):
            self.assertTrue(compile("x = 1", "warm_up.py", "exec"))

    tests = unittest.defaultTestLoader.loadTestsFromTestCase(WarmUp)
    unittest.TextTestRunner(stream=io.StringIO()).run(tests)

_strata_warm_up()
del _strata_warm_up
`;

async function start(indexURL: string): Promise<LoadedPyodide> {
  const [manifest, module] = await Promise.all([
    fetch(`${indexURL}${PYODIDE_MANIFEST}`).then(async (reply) => {
      if (!reply.ok) throw new Error(`${reply.url}: HTTP ${reply.status}`);
      return (await reply.json()) as PyodideManifest;
    }),
    import(/* @vite-ignore */ `${indexURL}pyodide.mjs`) as Promise<PyodideModule>,
  ]);
  const realFetch = globalThis.fetch;
  // Once every byte is in, what remains is the interpreter starting.
  const onProgress = (progress: RuntimeProgress) =>
    report(progress.loaded >= progress.total ? { ...progress, phase: 'start' } : progress);
  const meter = createDownloadMeter({ indexURL, files: manifest.files, fetch: realFetch, onProgress });
  meter.arrived('pyodide.mjs');
  report({ phase: 'download', loaded: meter.loaded, total: meter.total });
  // pyodide.asm.mjs is imported, not fetched: counted when the browser records it.
  const imports = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === `${indexURL}pyodide.asm.mjs`) meter.arrived('pyodide.asm.mjs');
  });
  imports.observe({ type: 'resource', buffered: true });
  globalThis.fetch = meter.fetch;
  const options = { indexURL, lockFileContents: emptyLockFile(manifest), packageBaseUrl: indexURL };
  const phase = (phase: RuntimeProgress['phase']) => report({ phase, loaded: meter.total, total: meter.total });
  try {
    let pyodide: LoadedPyodide | undefined;
    if (PYODIDE_SNAPSHOT in manifest.files) {
      const snapshot = readSnapshot(meter.fetch(`${indexURL}${PYODIDE_SNAPSHOT}`));
      try {
        pyodide = await module.loadPyodide({ ...options, _loadSnapshot: snapshot });
        phase('packages');
        pyodide.runPython(AFTER_RESTORE_CODE);
      } catch (error) {
        // A snapshot that does not fit this interpreter (it is checked at build time, so this
        // should not happen): start Python the slow way rather than not at all.
        console.warn('Strata: the Python snapshot could not be restored; starting Python without it', error);
        pyodide = undefined;
      }
    }
    if (!pyodide) {
      pyodide = await module.loadPyodide(options);
      phase('packages');
    }
    pyodide.runPython(PRELOAD_CODE);
    pyodide.runPython(WARM_UP);
    phase('ready');
    return pyodide;
  } finally {
    globalThis.fetch = realFetch;
    imports.disconnect();
  }
}

onmessage = async (event: MessageEvent<PyodideRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'boot') {
      const pyodide = await start(request.indexURL);
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
