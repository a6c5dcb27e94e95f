// Which Python runtime an exercise page uses, and why: WebContainer when the learner (or the
// site's default) asks for it, the page is cross-origin isolated, the browser is online and it
// boots within its time limit; Pyodide otherwise. The reason is meant to be shown as is.
import type { PythonRuntime } from '../types.ts';

export type RuntimeKind = 'webcontainer' | 'pyodide';
/** `auto`: WebContainer when it starts in time, else Pyodide. */
export type RuntimePreference = 'auto' | RuntimeKind;

export const RUNTIME_PREFERENCES: readonly RuntimePreference[] = ['auto', 'webcontainer', 'pyodide'];

/** What the chooser needs from the WebContainer runtime (WebContainerRuntime has it). */
export interface BootableRuntime extends PythonRuntime {
  readonly bootTimeoutMs: number;
  /** Set once a boot failed: WebContainer cannot boot a second time in the same page. */
  readonly failure: Error | undefined;
}

export interface ChooseRuntimeOptions {
  preference: RuntimePreference;
  /** Whether the learner picked `preference` (else it is the site's default). */
  chosen: boolean;
  /** `crossOriginIsolated` of the page. */
  isolated: boolean;
  /** `navigator.onLine`: false means surely offline (true does not mean online). */
  online: boolean;
  /** Undefined when the site does not offer WebContainer. */
  webContainer: (() => BootableRuntime) | undefined;
  pyodide: () => PythonRuntime;
  /** Progress for the page while WebContainer boots. */
  onProgress?: (text: string) => void;
  now?: () => number;
}

export interface RuntimeChoice {
  kind: RuntimeKind;
  runtime: PythonRuntime;
  /** Why this runtime, in a sentence fragment: "WebContainer did not start within 8 s (offline?)". */
  reason: string;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export function isBootTimeout(error: unknown): boolean {
  return error instanceof Error && (error as { reason?: unknown }).reason === 'timeout';
}

/** Picks the runtime (booting WebContainer when it is a candidate) and says why. Never throws. */
export async function chooseRuntime(options: ChooseRuntimeOptions): Promise<RuntimeChoice> {
  const now = options.now ?? (() => performance.now());
  const pyodide = (reason: string): RuntimeChoice => ({ kind: 'pyodide', runtime: options.pyodide(), reason });
  if (options.preference === 'pyodide') {
    return pyodide(options.chosen ? 'chosen by you' : 'the default on this site');
  }
  // From here on WebContainer was asked for: each Pyodide reason says why it could not be used
  // (the page says who asked, see islands/editor/run/runtime-choice).
  if (!options.webContainer) return pyodide('this site does not offer WebContainer');
  if (!options.isolated) {
    return pyodide('WebContainer needs a cross-origin-isolated page (COOP/COEP headers) and this one is not');
  }
  if (!options.online) return pyodide('the browser is offline and WebContainer needs the internet');
  const container = options.webContainer();
  if (container.failure) {
    return pyodide(`${describeFailure(container.failure)} earlier on this page; reload the page to try it again`);
  }
  options.onProgress?.(
    `Starting WebContainer… Pyodide takes over if it has not started within ${seconds(container.bootTimeoutMs)}.`,
  );
  const started = now();
  try {
    await container.boot();
  } catch (error) {
    return pyodide(describeFailure(error));
  }
  const took = seconds(now() - started);
  return {
    kind: 'webcontainer',
    runtime: container,
    reason:
      options.preference === 'webcontainer' && options.chosen
        ? `chosen by you (started in ${took})`
        : `the page is cross-origin isolated and WebContainer started in ${took}`,
  };
}

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return isBootTimeout(error) ? `${message} (offline?)` : message;
}

/**
 * The testing hook's WebContainer origin, accepted only on the loopback interface (so a link
 * cannot point learners' browsers at someone else's server); anything else gives undefined.
 */
export function loopbackOrigin(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return undefined;
  return url.origin;
}
