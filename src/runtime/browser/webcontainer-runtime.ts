// WebContainer (StackBlitz) as a PythonRuntime. Its `python3` is a standard-library-only
// interpreter in WebAssembly. WebContainer needs the internet (its iframe is served by StackBlitz),
// a cross-origin-isolated page and a Chromium-class browser, and only one can boot per page.
// Licence: the WebContainer API is free for open-source and personal projects; production use in
// a commercial, for-profit setting needs a licence from StackBlitz (see the README, Deploying).
import { HARNESS_PATH } from '../../grading/index.ts';
import type { PythonRuntime, RunOptions, RunResult } from '../types.ts';
import { loadWebContainerApi } from './webcontainer-api.ts';
import type { Container, ContainerProcess, FileTree, WebContainerApi } from './webcontainer-api.ts';

export const DEFAULT_BOOT_TIMEOUT_MS = 8000;
/** Where the harness is asked to write its report, read back after the run. */
export const RESULTS_PATH = '.strata/results.json';
/** Output kept per run (the tail): the report is at the end, and a chatty loop must not fill memory. */
const OUTPUT_LIMIT = 1024 * 1024;
/** How long a killed process gets to report its exit before the run ends without it. */
const KILL_GRACE_MS = 1000;

export type BootFailure = 'timeout' | 'aborted' | 'failed';

export class WebContainerBootError extends Error {
  readonly reason: BootFailure;
  constructor(reason: BootFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebContainerBootError';
    this.reason = reason;
  }
}

export interface WebContainerRuntimeOptions {
  /** The WebContainer API; the real package by default (tests pass a fake). */
  api?: () => Promise<WebContainerApi>;
  /** Origin the WebContainer iframe is loaded from instead of StackBlitz's (a testing hook). */
  origin?: string | undefined;
  bootTimeoutMs?: number;
  /** Must match the page's Cross-Origin-Embedder-Policy header. */
  coep?: 'credentialless' | 'require-corp';
}

/** Turns a flat path map into WebContainer's nested tree, refusing paths that leave it. */
export function toFileTree(files: Record<string, string>): FileTree {
  const root: FileTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/');
    if (path.startsWith('/') || parts.some((part) => part === '' || part === '.' || part === '..')) {
      throw new Error(`webcontainer: refusing the file path "${path}"`);
    }
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      const node = (folder[part] ??= { directory: {} });
      if (!('directory' in node)) throw new Error(`webcontainer: "${path}" needs "${part}" to be a folder`);
      folder = node.directory;
    }
    folder[parts.at(-1)!] = { file: { contents } };
  }
  return root;
}

/** Undoes the terminal's newline translation (\n → \r\n), also across chunk boundaries. */
export function createNewlineFixer(): { push(chunk: string): string; flush(): string } {
  let held = '';
  return {
    push(chunk) {
      let text = held + chunk;
      held = '';
      if (text.endsWith('\r')) {
        held = '\r';
        text = text.slice(0, -1);
      }
      return text.replace(/\r\n/g, '\n');
    },
    flush() {
      const text = held;
      held = '';
      return text;
    },
  };
}

/**
 * Replaces the report framed in the terminal output (which a terminal may have altered) with
 * the one the harness wrote to its results file, byte for byte.
 */
export function reframeResults(output: string, results: string): string {
  let nonce: unknown;
  try {
    nonce = (JSON.parse(results) as { nonce?: unknown }).nonce;
  } catch {
    return output;
  }
  if (typeof nonce !== 'string' || !/^[0-9a-f]+$/i.test(nonce)) return output;
  const begin = `@@STRATA-RESULTS ${nonce}`;
  const end = `@@STRATA-END ${nonce}`;
  let rest = output;
  for (let at = rest.indexOf(begin); at !== -1; at = rest.indexOf(begin)) {
    const close = rest.indexOf(end, at);
    rest = rest.slice(0, at) + (close === -1 ? '' : rest.slice(close + end.length));
  }
  return `${rest.trimEnd()}\n${begin}\n${results}\n${end}\n`;
}

function tearDown(container: Container): void {
  try {
    container.teardown();
  } catch {
    // already torn down
  }
}

export class WebContainerRuntime implements PythonRuntime {
  readonly name = 'webcontainer';
  readonly sandboxed = false;
  readonly supportsStdin = false;
  readonly bootTimeoutMs: number;
  readonly #api: () => Promise<WebContainerApi>;
  readonly #coep: 'credentialless' | 'require-corp';
  #booting: Promise<Container> | undefined;
  #container: Container | undefined;
  #failure: WebContainerBootError | undefined;
  #files: Record<string, string> = {};
  #generation = 0;
  #folder: string | undefined;

  constructor(options: WebContainerRuntimeOptions = {}) {
    const origin = options.origin;
    this.#api = options.api ?? (() => loadWebContainerApi(origin));
    this.bootTimeoutMs = options.bootTimeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS;
    this.#coep = options.coep ?? 'credentialless';
  }

  /** Why the last boot failed; a failed boot is not retried (the package cannot boot twice in a page). */
  get failure(): WebContainerBootError | undefined {
    return this.#failure;
  }

  /**
   * Boots within `bootTimeoutMs`, or rejects with a WebContainerBootError. Offline, WebContainer's
   * own boot never settles; should it finish after all, that late container is torn down.
   */
  async boot(signal?: AbortSignal): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (!this.#booting) {
      const booting = this.#bootOnce(signal);
      this.#booting = booting;
      booting.catch((error: unknown) => {
        this.#failure =
          error instanceof WebContainerBootError ? error : new WebContainerBootError('failed', String(error));
        this.#booting = undefined;
      });
    }
    const booting = this.#booting;
    const container = await booting;
    if (this.#booting !== booting) {
      tearDown(container); // disposed while it started
      throw new WebContainerBootError('aborted', 'WebContainer was stopped while it started');
    }
    this.#container = container;
  }

  async #bootOnce(signal: AbortSignal | undefined): Promise<Container> {
    const seconds = Math.round(this.bootTimeoutMs / 100) / 10;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const giveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new WebContainerBootError('timeout', `WebContainer did not start within ${seconds} s`)),
        this.bootTimeoutMs,
      );
      onAbort = () => reject(new WebContainerBootError('aborted', 'WebContainer’s start was cancelled'));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    const start = (async () => {
      const api = await this.#api();
      return api.boot({ coep: this.#coep, workdirName: 'strata' });
    })();
    try {
      return await Promise.race([start, giveUp]);
    } catch (error) {
      start.then(tearDown).catch(() => undefined);
      if (error instanceof WebContainerBootError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new WebContainerBootError('failed', `WebContainer could not start: ${message}`, { cause: error });
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  async writeFiles(files: Record<string, string>): Promise<void> {
    toFileTree(files); // reject a bad path now, not halfway through a run
    this.#files = files;
  }

  /** Mounts the files into a fresh folder, so files the learner deleted do not linger. */
  async #mount(container: Container): Promise<string> {
    const previous = this.#folder;
    const folder = `run-${++this.#generation}`;
    await container.mount({ [folder]: { directory: toFileTree(this.#files) } });
    this.#folder = folder;
    if (previous) await container.fs.rm(previous, { recursive: true, force: true }).catch(() => undefined);
    return folder;
  }

  async run(argv: string[], opts: RunOptions): Promise<RunResult> {
    const started = performance.now();
    await this.boot();
    const container = this.#container!;
    const folder = await this.#mount(container);
    const [command, ...args] = argv;
    if (!command) throw new Error('webcontainer: empty command');
    // The terminal may alter what the harness prints; its results file arrives intact.
    const readsResults = args.includes(HARNESS_PATH) && !args.includes('--results');
    if (readsResults) args.push('--results', RESULTS_PATH);
    const child = await container.spawn(command, args, { cwd: folder });

    let output = '';
    const fix = createNewlineFixer();
    const reader = child.output.getReader();
    const pumped = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const text = fix.push(value);
        output = (output + text).slice(-OUTPUT_LIMIT);
        opts.onOutput?.(text);
      }
    })().catch(() => undefined);

    let timedOut = false;
    let killed: () => void = () => undefined;
    const afterKill = new Promise<null>((resolve) => (killed = () => setTimeout(() => resolve(null), KILL_GRACE_MS)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
      killed();
    }, opts.timeoutMs);
    let exitCode: number | null;
    try {
      exitCode = await Promise.race([child.exit, afterKill]);
    } finally {
      clearTimeout(timer);
    }
    if (timedOut) {
      exitCode = null;
      void reader.cancel().catch(() => undefined);
    }
    await Promise.race([pumped, new Promise((resolve) => setTimeout(resolve, 200))]);

    output += fix.flush();
    let stdout = output;
    if (readsResults && !timedOut) {
      const results = await container.fs.readFile(`${folder}/${RESULTS_PATH}`, 'utf-8').catch(() => undefined);
      if (results !== undefined) stdout = reframeResults(stdout, results);
    }
    // The terminal merges stderr into stdout; a failed run repeats it there, so error reports show it.
    const stderr = exitCode === 0 ? '' : output;
    return { exitCode, stdout, stderr, timedOut, durationMs: performance.now() - started };
  }

  /** An interactive shell (`jsh`) in the current project folder, for a terminal panel. */
  async shell(size: { cols: number; rows: number }): Promise<ContainerProcess> {
    await this.boot();
    return this.#container!.spawn('jsh', [], { terminal: size, ...(this.#folder ? { cwd: this.#folder } : {}) });
  }

  async dispose(): Promise<void> {
    const container = this.#container;
    this.#container = undefined;
    this.#booting = undefined;
    this.#folder = undefined;
    if (container) tearDown(container);
  }
}
