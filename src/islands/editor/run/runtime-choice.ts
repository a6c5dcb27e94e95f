// The exercise page's Python runtime: the learner's choice (remembered in this browser) or the
// site's default, resolved by the runtime layer's chooser, with a reason the page shows.
import {
  chooseRuntime,
  loopbackOrigin,
  PyodideRuntime,
  RUNTIME_PREFERENCES,
  WebContainerRuntime,
} from '../../../runtime/index.ts';
import type { PythonDiagnostics } from '../../../grading/index.ts';
import type { RuntimeChoice, RuntimePreference, RuntimeProgress } from '../../../runtime/index.ts';

/** localStorage key of the learner's choice: auto | webcontainer | pyodide. */
export const PREFERENCE_KEY = 'strata:runtime';
/**
 * Testing hook: load WebContainer's iframe from this origin instead of StackBlitz's, given as
 * `?webcontainer-origin=` or in localStorage under this key. Only loopback origins are accepted.
 */
export const ORIGIN_KEY = 'strata:webcontainer-origin';
export const ORIGIN_PARAM = 'webcontainer-origin';

/**
 * The deployment's stance, from PUBLIC_STRATA_WEBCONTAINER at build time: `auto` tries it first,
 * `offer` (the default) starts on Pyodide and lets the learner choose WebContainer, `off` never
 * loads it (for instance without a StackBlitz licence for commercial use).
 */
export type SiteWebContainer = 'auto' | 'offer' | 'off';

export function siteWebContainer(value: unknown): SiteWebContainer {
  return value === 'auto' || value === 'off' ? value : 'offer';
}

/**
 * The status line's reason for a choice. When WebContainer was asked for (by the learner, by
 * Automatic or by the site's default) and Pyodide ran, it says so and why, so the menu's choice
 * and the runtime that ran never seem to disagree.
 */
export function explainChoice(choice: RuntimeChoice, preference: RuntimePreference, chosen: boolean): string {
  if (choice.kind !== 'pyodide' || preference === 'pyodide') return choice.reason;
  const how =
    preference === 'webcontainer'
      ? chosen
        ? 'by you'
        : 'by this site’s default'
      : chosen
        ? 'automatically (your setting)'
        : 'automatically (this site’s default)';
  return `WebContainer was chosen ${how} but could not start here: ${choice.reason}; Pyodide ran instead`;
}

/** The status line's reason when WebContainer started but could not run the tests (`why`). */
export function explainFallBack(why: string): string {
  return `WebContainer started but could not run the tests here (${why}); Pyodide ran instead`;
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled: no remembered choice
  }
}

export interface RuntimeSwitch {
  readonly preference: RuntimePreference;
  readonly site: SiteWebContainer;
  setPreference(preference: RuntimePreference): void;
  /** The runtime to use now; the first call (and the first after a change) chooses it. */
  current(onProgress: (text: string) => void): Promise<RuntimeChoice>;
  /** WebContainer started but could not run the tests (`why`): Pyodide from now on, saying so. */
  fallBack(why: string): RuntimeChoice;
  /** The WebContainer runtime, when it is the one in use (for its shell). */
  webContainer(): WebContainerRuntime | undefined;
  /**
   * The editor's diagnostics, from Pyodide's worker whichever runtime runs the tests: CPython's
   * own compile and symtable, the same interpreter the browser grades with.
   */
  checkPython(files: Record<string, string>, language: string): Promise<PythonDiagnostics>;
  /**
   * Starts Pyodide ahead of the first Run when it is the runtime the learner uses (WebContainer
   * contacts StackBlitz, so it starts only when a Run asks for it). A failure is left for that
   * Run to report.
   */
  warm(): void;
  /** The URL of Pyodide's largest file (its WebAssembly), to ask whether this browser keeps it. */
  readonly pyodideWasmURL: string;
  /** Pyodide's progress while it starts, each report as it comes. */
  onPyodideProgress(listener: (progress: RuntimeProgress) => void): () => void;
  dispose(): void;
}

export function createRuntimeSwitch(options: { pyodideIndexURL: string; site: SiteWebContainer }): RuntimeSwitch {
  const stored = readStorage(PREFERENCE_KEY) as RuntimePreference | null;
  let chosen = stored !== null && RUNTIME_PREFERENCES.includes(stored);
  let preference: RuntimePreference = chosen ? stored! : options.site === 'auto' ? 'auto' : 'pyodide';
  const hook = new URLSearchParams(location.search).get(ORIGIN_PARAM) ?? readStorage(ORIGIN_KEY);
  const origin = loopbackOrigin(hook);
  if (hook && !origin) console.warn(`Strata: ignoring the WebContainer origin "${hook}" (loopback addresses only)`);
  let pyodide: PyodideRuntime | undefined;
  let container: WebContainerRuntime | undefined;
  let choice: Promise<RuntimeChoice> | undefined;
  let settled: RuntimeChoice | undefined;

  const getPyodide = () => (pyodide ??= new PyodideRuntime(options.pyodideIndexURL));
  const getContainer = () => (container ??= new WebContainerRuntime({ origin }));

  return {
    get preference() {
      return preference;
    },
    site: options.site,
    setPreference(next) {
      preference = next;
      chosen = true;
      choice = undefined;
      settled = undefined;
      try {
        localStorage.setItem(PREFERENCE_KEY, next);
      } catch {
        // not remembered, still used on this page
      }
    },
    current(onProgress) {
      choice ??= chooseRuntime({
        preference,
        chosen,
        isolated: globalThis.crossOriginIsolated === true,
        online: navigator.onLine !== false,
        webContainer: options.site === 'off' ? undefined : getContainer,
        pyodide: getPyodide,
        onProgress,
      }).then((result) => (settled = { ...result, reason: explainChoice(result, preference, chosen) }));
      return choice;
    },
    fallBack(why) {
      settled = { kind: 'pyodide', runtime: getPyodide(), reason: explainFallBack(why) };
      choice = Promise.resolve(settled);
      return settled;
    },
    webContainer() {
      return settled?.kind === 'webcontainer' ? container : undefined;
    },
    checkPython(files, language) {
      return getPyodide().check(files, language);
    },
    warm() {
      if (preference === 'pyodide')
        getPyodide()
          .boot()
          .catch(() => undefined);
    },
    get pyodideWasmURL() {
      return `${getPyodide().indexURL}pyodide.asm.wasm`;
    },
    onPyodideProgress(listener) {
      return getPyodide().onProgress(listener);
    },
    dispose() {
      void pyodide?.dispose();
      void container?.dispose();
    },
  };
}
