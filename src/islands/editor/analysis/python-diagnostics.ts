// Python diagnostics as the learner types: syntax errors, syntax newer than the exercise's Python,
// and names that resolve to nothing, from CPython itself (grading's diagnostics.py, run by the
// runtime's Pyodide worker; the file is never executed). Follows the project store: an edited file
// is checked once typing pauses; a created, renamed or removed file at once. Nothing is checked
// before the learner's first change, so a page that is only read never starts Python for it.
import type { PythonDiagnostic, PythonDiagnostics } from '../../../grading/index.ts';
import { atom, changesContent } from '../store/index.ts';
import type { ProjectStore, ReadableAtom } from '../store/index.ts';

/** Typing pauses this long before a file is checked (the check itself does not block typing). */
const DEBOUNCE_MS = 400;

/** Runs the checker on some files, as the exercise's Python version: the runtime's job. */
export type CheckPython = (files: Record<string, string>, language: string) => Promise<PythonDiagnostics>;

export interface PythonChecker {
  /** The latest findings per file (only files that were checked and have some). */
  readonly diagnostics: ReadableAtom<Readonly<Record<string, readonly PythonDiagnostic[]>>>;
  dispose(): void;
}

const isPython = (path: string) => path.endsWith('.py');

export function startPythonChecker(
  store: ProjectStore,
  options: { check: CheckPython; language: string },
): PythonChecker {
  const diagnostics = atom<Readonly<Record<string, readonly PythonDiagnostic[]>>>({});
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const waiting = new Set<string>();
  let started = false;
  let running = false;
  let disposed = false;
  let warned = false;

  const forget = (paths: Iterable<string>) => {
    const next = { ...diagnostics.get() };
    let changed = false;
    for (const path of paths) {
      if (path in next) {
        delete next[path];
        changed = true;
      }
    }
    if (changed) diagnostics.set(next);
  };

  /** Checks every waiting file in one call; files edited meanwhile wait for the next. */
  const drain = async () => {
    if (running || disposed || waiting.size === 0) return;
    running = true;
    const files: Record<string, string> = {};
    for (const path of waiting) {
      const text = store.get().files[path];
      if (text !== undefined) files[path] = text;
    }
    waiting.clear();
    try {
      if (Object.keys(files).length === 0) return;
      const found = await options.check(files, options.language);
      if (disposed) return;
      const next = { ...diagnostics.get() };
      for (const [path, text] of Object.entries(files)) {
        // A file changed since it was sent is checked again (its timer is running): keep what
        // its markers say until then rather than place findings on text that has moved.
        if (store.get().files[path] !== text) continue;
        const list = found[path] ?? [];
        if (list.length > 0) next[path] = list;
        else delete next[path];
      }
      diagnostics.set(next);
      performance.mark('strata:python-diagnostics');
    } catch (error) {
      if (!warned) console.warn('Strata: Python diagnostics are unavailable', error);
      warned = true;
    } finally {
      running = false;
      if (waiting.size > 0) void drain();
    }
  };

  const schedule = (path: string, delay: number) => {
    if (!isPython(path)) return;
    started = true;
    clearTimeout(timers.get(path));
    timers.set(
      path,
      setTimeout(() => {
        timers.delete(path);
        waiting.add(path);
        void drain();
      }, delay),
    );
  };

  const stop = store.listen((state, change) => {
    if (!changesContent(change)) return;
    switch (change.type) {
      case 'edit':
        schedule(change.path, DEBOUNCE_MS);
        break;
      case 'create':
        schedule(change.path, 0);
        break;
      case 'remove':
        forget(change.paths);
        break;
      case 'rename':
        forget(change.moves.keys());
        for (const path of change.moves.values()) schedule(path, 0);
        break;
      case 'folders':
        break;
      default:
        // a reset, an undo, another tab's version: every file may differ
        if (!started) break;
        forget(Object.keys(diagnostics.get()).filter((path) => !(path in state.files)));
        for (const path of Object.keys(state.files)) schedule(path, 0);
    }
  });

  return {
    diagnostics,
    dispose() {
      disposed = true;
      stop();
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
}
