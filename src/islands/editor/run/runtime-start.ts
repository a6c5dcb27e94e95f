// The Python runtime before the first Run: started early (at once when this browser keeps its
// files, else when the learner first types or the browser is next idle after the editor is
// ready), and shown while it loads: the bytes downloaded of the total, then the phase (starting
// Python, loading packages).
import { formatBytes } from '../../../runtime/index.ts';
import type { RuntimeProgress } from '../../../runtime/index.ts';
import { keptByServiceWorker, registerServiceWorker, serviceWorkerControl } from '../../offline/index.ts';
import type { ProjectStore } from '../store/index.ts';
import type { RuntimeSwitch } from './runtime-choice.ts';

/** How long the early start waits for the service worker, so that what it downloads is kept. */
const CONTROL_WAIT_MS = 3000;

/** The progress line's text for a phase. */
export function describeProgress(progress: RuntimeProgress): string {
  switch (progress.phase) {
    case 'download':
      return `Downloading Python: ${formatBytes(progress.loaded, progress.total)}`;
    case 'start':
      return 'Starting Python…';
    case 'packages':
      return 'Loading Python packages (unittest and the standard library modules tests use)…';
    case 'ready':
      return 'Python is ready.';
  }
}

function showProgress(line: HTMLElement, progress: RuntimeProgress | undefined): void {
  const bar = line.querySelector<HTMLProgressElement>('progress');
  const text = line.querySelector<HTMLElement>('[data-runtime-progress-text]');
  line.hidden = !progress || progress.phase === 'ready';
  if (!progress) return;
  line.dataset.phase = progress.phase;
  if (text) text.textContent = describeProgress(progress);
  if (!bar) return;
  if (progress.phase === 'download' && progress.total > 0) {
    bar.max = progress.total;
    bar.value = progress.loaded;
  } else {
    bar.removeAttribute('value'); // indeterminate: a phase, not a count
  }
}

type IdleCallback = (run: () => void) => () => void;

const whenIdle: IdleCallback = (run) => {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(run, { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, 200);
  return () => clearTimeout(handle);
};

/**
 * Registers the service worker, shows the runtime's progress in `[data-runtime-progress]` under
 * `root`, and starts the runtime ahead of the first Run: at once when the service worker keeps
 * its files (a second visit: nothing to download, and the start overlaps the editor's), else on
 * the learner's first edit, or on idle (not on idle when the browser asks to save data: the
 * runtime is a large download the learner may never need).
 * Returns the function that stops all of it.
 */
export function attachRuntimeStart(
  root: HTMLElement,
  runtimes: RuntimeSwitch,
  store: ProjectStore,
  idle: IdleCallback = whenIdle,
  kept: (url: string) => Promise<boolean> = keptByServiceWorker,
): () => void {
  registerServiceWorker();
  const line = root.querySelector<HTMLElement>('[data-runtime-progress]');
  const stopProgress = line ? runtimes.onPyodideProgress((progress) => showProgress(line, progress)) : () => undefined;
  const triggers: (() => void)[] = [];
  let done = false; // started, or stopped
  const start = () => {
    if (done) return;
    done = true;
    for (const stop of triggers.splice(0)) stop();
    // Downloads made while the service worker controls the page are kept for the next visit.
    void serviceWorkerControl(CONTROL_WAIT_MS).then(() => runtimes.warm());
  };
  triggers.push(store.listen((_state, change) => change.type === 'edit' && start()));
  const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
  if (!saveData) triggers.push(idle(start));
  void kept(runtimes.pyodideWasmURL).then((yes) => yes && start());
  return () => {
    done = true;
    for (const stop of triggers.splice(0)) stop();
    stopProgress();
  };
}
