// The page's side of the contracts worker: it follows the project store, sends the worker each
// change (typing debounced, a file created, renamed or deleted at once, since that changes the set
// of modules) and holds the worker's latest answer for the views that show it.
import { atom, changesContent } from '../store/index.ts';
import type { Atom, ProjectStore, ReadableAtom } from '../store/index.ts';
import type { ContractsRequest, ContractsResponse, Diagnostic, WorkspaceContracts } from '../types.ts';

const DEBOUNCE_MS = 250;

export interface ContractsChecker {
  /** The worker's latest answer (undefined until its first). */
  readonly results: ReadableAtom<ContractsResponse | undefined>;
  /** The latest diagnostics, for editor markers (empty while the contracts cannot be checked). */
  readonly diagnostics: ReadableAtom<readonly Diagnostic[]>;
  dispose(): void;
}

/**
 * Starts the contracts worker once `after` settles (at once without it): the editor element
 * passes its own readiness, so that the worker's download, compilation and first analysis do not
 * compete with Monaco's for the learner's CPU. Until then the atoms hold no answer.
 */
export function startContractsChecker(
  store: ProjectStore,
  contracts: WorkspaceContracts,
  after: Promise<unknown> = Promise.resolve(),
): ContractsChecker {
  const results = atom<ContractsResponse | undefined>(undefined);
  const diagnostics = atom<readonly Diagnostic[]>([]);
  let stopped = false;
  let stop: () => void = () => undefined;
  void after
    .catch(() => undefined)
    .then(() => {
      if (!stopped) stop = follow(store, contracts, results, diagnostics);
    });
  return {
    results,
    diagnostics,
    dispose() {
      stopped = true;
      stop();
    },
  };
}

/** The worker itself, following the store from its current state. Returns what stops it. */
function follow(
  store: ProjectStore,
  contracts: WorkspaceContracts,
  results: Atom<ContractsResponse | undefined>,
  diagnostics: Atom<readonly Diagnostic[]>,
): () => void {
  const worker = new Worker(new URL('./contracts-worker.ts', import.meta.url), { type: 'module' });
  /** What the worker has been sent, file by file. */
  const sent: Record<string, string> = { ...store.get().files };
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  // When the last change went to the worker: `npm run bench:workspace` reads the
  // "strata:diagnostics" measures (change sent → markers and problems list updated).
  let sentAt: number | undefined;

  // The learner's own configuration (writesContracts) is a file of theirs, as they last left it.
  const learner = contracts.learner === true;
  const config = { path: contracts.path, text: learner ? (sent[contracts.path] ?? '') : contracts.text };
  worker.postMessage({
    type: 'init',
    files: { ...sent, [contracts.path]: config.text },
    config,
    follow: learner,
  } satisfies ContractsRequest);

  const send = (path: string) => {
    clearTimeout(timers.get(path));
    timers.delete(path);
    const text = store.get().files[path] ?? null;
    if (text === (sent[path] ?? null)) return;
    if (text === null) delete sent[path];
    else sent[path] = text;
    sentAt = performance.now();
    worker.postMessage({ type: 'update', path, text } satisfies ContractsRequest);
  };

  const stop = store.listen((state, change) => {
    if (!changesContent(change)) return;
    if (change.type === 'edit') {
      clearTimeout(timers.get(change.path));
      timers.set(
        change.path,
        setTimeout(() => send(change.path), DEBOUNCE_MS),
      );
      return;
    }
    for (const path of new Set([...Object.keys(sent), ...Object.keys(state.files)])) {
      if (state.files[path] !== sent[path]) send(path);
    }
  });

  worker.addEventListener('message', (event: MessageEvent<ContractsResponse>) => {
    const response = event.data;
    if (response.type === 'diagnostics') diagnostics.set(response.diagnostics);
    results.set(response);
    if (sentAt !== undefined) performance.measure('strata:diagnostics', { start: sentAt });
    sentAt = undefined;
  });

  return () => {
    stop();
    for (const timer of timers.values()) clearTimeout(timer);
    worker.terminate();
  };
}
