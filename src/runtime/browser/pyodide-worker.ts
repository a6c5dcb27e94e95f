// Web Worker that owns one Pyodide interpreter, loaded from the site's own /pyodide/ folder.
import { createPyodideHost } from './pyodide-host.ts';
import type { PyodideLike } from './pyodide-host.ts';

export type PyodideRequest =
  | { id: number; type: 'boot'; indexURL: string }
  | { id: number; type: 'write'; files: Record<string, string> }
  | { id: number; type: 'run'; argv: string[] };

let host: ReturnType<typeof createPyodideHost> | undefined;

onmessage = async (event: MessageEvent<PyodideRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'boot') {
      const module = (await import(/* @vite-ignore */ `${request.indexURL}pyodide.mjs`)) as {
        loadPyodide(options: { indexURL: string }): Promise<PyodideLike>;
      };
      host = createPyodideHost(await module.loadPyodide({ indexURL: request.indexURL }));
      postMessage({ id: request.id, ok: true });
    } else if (!host) {
      throw new Error('Pyodide is not booted');
    } else if (request.type === 'write') {
      await host.writeFiles(request.files);
      postMessage({ id: request.id, ok: true });
    } else {
      postMessage({ id: request.id, ok: true, result: await host.run(request.argv) });
    }
  } catch (error) {
    postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
};
