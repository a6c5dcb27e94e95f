// The learner's work in IndexedDB: each save carries a revision, and a tab only overwrites the
// revision it last saw, so two tabs on the same exercise never silently overwrite each other (the
// second one is told instead). A version that loses such a conflict is kept aside, not dropped.
import type { ProjectSnapshot } from '../store/index.ts';

const DB_NAME = 'strata-workspace';
const STORE = 'projects';

export interface SavedProject extends ProjectSnapshot {
  id: string;
  savedAt: string;
  /** Increases with every save; absent in saves from before revisions existed (read as 0). */
  revision?: number | undefined;
  /** The tab that wrote it, so a tab can tell its own saves from another tab's. */
  tab?: string | undefined;
}

export type SaveOutcome = { ok: true; revision: number } | { ok: false; current: SavedProject };

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
export function mergeWithStarter(starter: Record<string, string>, saved: ProjectSnapshot | undefined): ProjectSnapshot {
  if (!saved) return { files: { ...starter }, folders: [], deleted: [] };
  const deleted = saved.deleted ?? [];
  const files = { ...saved.files };
  for (const [path, text] of Object.entries(starter)) {
    if (files[path] === undefined && !deleted.includes(path)) files[path] = text;
  }
  return { files, folders: saved.folders ?? [], deleted };
}
