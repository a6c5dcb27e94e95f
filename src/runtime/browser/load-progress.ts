// How far a runtime has got in starting: the phase, and while downloading, bytes loaded of the
// total. The Pyodide worker measures it (createDownloadMeter) and the page shows it.

/**
 * `download`: fetching the runtime's files; `start`: the interpreter starting (WebAssembly compiled,
 * the memory snapshot restored, or Python started from scratch without one); `packages`: importing
 * the modules the test harness needs; `ready`: it can run.
 */
export type RuntimePhase = 'download' | 'start' | 'packages' | 'ready';

export interface RuntimeProgress {
  phase: RuntimePhase;
  /** Bytes of the runtime's files received so far (all of them once past `download`). */
  loaded: number;
  /** Bytes of the runtime's files in all; 0 when unknown. */
  total: number;
}

export interface DownloadMeterOptions {
  /** The folder of the files: only requests under it are counted. */
  indexURL: string;
  /** The files to count and their sizes in bytes (PyodideManifest.files). */
  files: Record<string, number>;
  /** The fetch to wrap. */
  fetch: typeof fetch;
  onProgress(progress: RuntimeProgress): void;
  /** At most one report per this many ms, except the last (default 100). */
  intervalMs?: number;
  now?: () => number;
}

export interface DownloadMeter {
  /** `fetch`, reading a clone of each of the runtime's responses to count its bytes as they arrive. */
  readonly fetch: typeof fetch;
  /** A file that arrived without `fetch` (a module import): counted whole. */
  arrived(name: string): void;
  readonly loaded: number;
  readonly total: number;
}

function requestURL(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/**
 * Counts the runtime's bytes. The response a caller gets is the network's own (the count reads a
 * clone): WebAssembly's streaming compile still gets a real response and the browser's compiled-code
 * cache, keyed by its URL, keeps working. A file fetched twice (a retry) is not counted twice.
 */
export function createDownloadMeter(options: DownloadMeterOptions): DownloadMeter {
  const { indexURL, files } = options;
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 100;
  const total = Object.values(files).reduce((sum, bytes) => sum + bytes, 0);
  const received = new Map<string, number>();
  let loaded = 0;
  let reported = -Infinity;

  const add = (name: string, bytes: number) => {
    const size = files[name] ?? 0;
    const before = received.get(name) ?? 0;
    const after = Math.min(size, before + bytes);
    received.set(name, after);
    loaded += after - before;
    const done = loaded >= total;
    if (after === before && !done) return;
    if (!done && now() - reported < interval) return;
    reported = now();
    options.onProgress({ phase: 'download', loaded, total });
  };

  const count = async (name: string, response: Response) => {
    const reader = response.body?.getReader();
    if (!reader) return;
    // A repeated fetch of the same file starts its count again, never above the file's size.
    received.set(name, 0);
    loaded = [...received.values()].reduce((sum, bytes) => sum + bytes, 0);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      add(name, value.byteLength);
    }
  };

  const fetchFile = options.fetch; // called unbound: `fetch` throws when called on another object
  const metered: typeof fetch = async (input, init) => {
    const response = await fetchFile(input, init);
    const url = requestURL(input);
    const name = url.startsWith(indexURL) ? url.slice(indexURL.length).split(/[?#]/)[0]! : '';
    if (response.ok && name in files) count(name, response.clone()).catch(() => undefined);
    return response;
  };

  return {
    fetch: metered,
    arrived(name) {
      if (name in files) add(name, files[name]!);
    },
    get loaded() {
      return loaded;
    },
    total,
  };
}

/** "4.2 of 18.9 MB": the progress line's byte count. */
export function formatBytes(loaded: number, total: number): string {
  const mb = (bytes: number) => (bytes / 1_000_000).toFixed(1);
  return total > 0 ? `${mb(loaded)} of ${mb(total)} MB` : `${mb(loaded)} MB`;
}
