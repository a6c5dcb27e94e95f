// Keeps the learner's work in IndexedDB: saved shortly after every edit, flushed when the page is
// hidden or closed, restored on the next visit. A failed save (a full quota) is reported, not
// swallowed. Each save carries a revision; a tab only overwrites the revision it last saw, so two
// tabs on the same exercise never silently overwrite each other (the second one is told instead).

const DB_NAME = 'strata-workspace';
const STORE = 'projects';

/** What the learner has made of an exercise. */
export interface ProjectSnapshot {
  files: Record<string, string>;
  /** Empty folders the learner created. */
  folders?: string[] | undefined;
  /** Starter files the learner deleted (so a restore does not bring them back). */
  deleted?: string[] | undefined;
}

export interface SavedProject extends ProjectSnapshot {
  id: string;
  savedAt: string;
  /** Increases with every save; absent in saves from before revisions existed (read as 0). */
  revision?: number | undefined;
  /** The tab that wrote it, so a tab can tell its own saves from another tab's. */
  tab?: string | undefined;
}

export type SaveOutcome = { ok: true; revision: number } | { ok: false; current: SavedProject };

/** What a tab announces on the BroadcastChannel after each save. */
interface SavedMessage {
  type: 'saved';
  id: string;
  tab: string;
  revision: number;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
  });
}

export async function loadProject(id: string): Promise<SavedProject | undefined> {
  try {
    const db = await openDb();
    return await new Promise((resolve, reject) => {
      const request = db.transaction(STORE).objectStore(STORE).get(id);
      request.onsuccess = () => resolve(request.result as SavedProject | undefined);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not read the project'));
    });
  } catch {
    return undefined; // private mode or storage disabled: start from the starter
  }
}

/** Where the losing side of a two-tab conflict is kept, so choosing one version never destroys the other. */
export function asideKey(id: string): string {
  return `${id}~aside`;
}

/** Stores a version aside (see asideKey); `undefined` forgets it. */
export async function putAside(id: string, project: ProjectSnapshot | undefined): Promise<void> {
  const db = await openDb();
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction(STORE, 'readwrite');
    const store = transaction.objectStore(STORE);
    if (project) store.put({ ...project, id: asideKey(id), savedAt: new Date().toISOString() });
    else store.delete(asideKey(id));
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('the save failed'));
  });
}

/**
 * Writes `project` unless someone else saved since `expected` (the revision this tab last saw);
 * then nothing is written and the other save is returned. `expected: undefined` overwrites, and
 * with `keepAside` the overwritten save is kept under asideKey.
 */
export async function saveProject(
  project: Omit<SavedProject, 'revision'>,
  expected: number | undefined,
  keepAside = false,
): Promise<SaveOutcome> {
  const db = await openDb();
  return new Promise<SaveOutcome>((resolve, reject) => {
    const transaction = db.transaction(STORE, 'readwrite');
    const store = transaction.objectStore(STORE);
    let outcome: SaveOutcome | undefined;
    const read = store.get(project.id);
    read.onsuccess = () => {
      const current = read.result as SavedProject | undefined;
      const revision = current?.revision ?? 0;
      if (expected !== undefined && current && revision !== expected && current.tab !== project.tab) {
        outcome = { ok: false, current };
        return;
      }
      outcome = { ok: true, revision: revision + 1 };
      if (keepAside && current) store.put({ ...current, id: asideKey(project.id) });
      store.put({ ...project, revision: revision + 1 });
    };
    transaction.oncomplete = () => resolve(outcome ?? { ok: true, revision: 0 });
    transaction.onerror = () => reject(transaction.error ?? new Error('the save failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('the save was aborted'));
  });
}

/**
 * The project to show: the save when there is one, plus any starter file the save neither holds nor
 * records as deleted (a file added to the exercise later), so nothing from either side is lost.
 */
export function mergeWithStarter(starter: Record<string, string>, saved: SavedProject | undefined): ProjectSnapshot {
  if (!saved) return { files: { ...starter }, folders: [], deleted: [] };
  const deleted = saved.deleted ?? [];
  const files = { ...saved.files };
  for (const [path, text] of Object.entries(starter)) {
    if (files[path] === undefined && !deleted.includes(path)) files[path] = text;
  }
  return { files, folders: saved.folders ?? [], deleted };
}

export interface AutosaveEvents {
  status(text: string, failed: boolean): void;
  /** Another tab saved this exercise since this tab last did; nothing was written. */
  conflict(theirs: SavedProject): void;
  /** Another tab saved while this tab had nothing unsaved. */
  changedElsewhere(theirs: SavedProject): void;
}

/**
 * Debounced saving for one exercise. `schedule` after each edit; `flush` writes at once.
 * `adopt` makes another tab's save this tab's base; `overwrite` saves this tab's work over it.
 */
export function createAutosave(
  id: string,
  snapshot: () => ProjectSnapshot,
  baseRevision: number | undefined,
  events: AutosaveEvents,
  delayMs = 400,
) {
  const tab = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  let conflicted = false;
  let expected = baseRevision ?? 0;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('strata-workspace') : undefined;

  const write = async (force: boolean) => {
    clearTimeout(timer);
    if (!dirty || (conflicted && !force)) return;
    dirty = false;
    try {
      const outcome = await saveProject(
        { id, ...snapshot(), savedAt: new Date().toISOString(), tab },
        force ? undefined : expected,
        force,
      );
      if (!outcome.ok) {
        dirty = true;
        conflicted = true;
        events.conflict(outcome.current);
        return;
      }
      conflicted = false;
      expected = outcome.revision;
      channel?.postMessage({ type: 'saved', id, tab, revision: outcome.revision } satisfies SavedMessage);
      events.status(`Saved in this browser at ${new Date().toLocaleTimeString()}`, false);
    } catch (error) {
      dirty = true;
      const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
      events.status(
        quota
          ? 'Not saved: the browser storage is full. Download your work or free some space.'
          : `Not saved: ${error instanceof Error ? error.message : String(error)}`,
        true,
      );
    }
  };
  const flush = () => write(false);
  const onHide = () => {
    if (document.visibilityState === 'hidden') void flush();
  };
  // Closing while a conflict is unresolved: this tab's work is saved, the other tab's kept aside.
  const onLeave = () => void write(conflicted);
  const onMessage = async (event: MessageEvent<SavedMessage>) => {
    const message = event.data;
    if (message.type !== 'saved' || message.id !== id || message.tab === tab || message.revision <= expected) return;
    const theirs = await loadProject(id);
    if (!theirs || (theirs.revision ?? 0) <= expected) return;
    if (dirty || conflicted) {
      conflicted = true;
      events.conflict(theirs);
    } else {
      expected = theirs.revision ?? 0;
      events.changedElsewhere(theirs);
    }
  };
  channel?.addEventListener('message', (event: MessageEvent<SavedMessage>) => void onMessage(event));
  document.addEventListener('visibilitychange', onHide);
  addEventListener('pagehide', onLeave);
  return {
    schedule() {
      dirty = true;
      clearTimeout(timer);
      if (!conflicted) timer = setTimeout(() => void flush(), delayMs);
    },
    flush,
    /** Takes another tab's save as this tab's starting point (after showing it). */
    adopt(theirs: SavedProject) {
      expected = theirs.revision ?? 0;
      conflicted = false;
      dirty = false;
    },
    /** Saves this tab's work over another tab's (kept aside), on the learner's explicit choice. */
    overwrite() {
      dirty = true;
      return write(true);
    },
    dispose() {
      void flush();
      channel?.close();
      document.removeEventListener('visibilitychange', onHide);
      removeEventListener('pagehide', onLeave);
    },
  };
}
