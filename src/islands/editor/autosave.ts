// Keeps the learner's work in IndexedDB: saved shortly after every edit, flushed when the page is
// hidden or closed, restored on the next visit. A failed save (a full quota) is reported, not swallowed.

const DB_NAME = 'strata-workspace';
const STORE = 'projects';

export interface SavedProject {
  id: string;
  files: Record<string, string>;
  savedAt: string;
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
      request.onerror = () => reject(request.error);
    });
  } catch {
    return undefined; // private mode or storage disabled: start from the starter
  }
}

export async function saveProject(project: SavedProject): Promise<void> {
  const db = await openDb();
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).put(project);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('the save failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('the save was aborted'));
  });
}

export async function forgetProject(id: string): Promise<void> {
  const db = await openDb();
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).delete(id);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
}

/**
 * Debounced saving for one exercise. `schedule` after each edit; `flush` writes at once.
 * `onStatus` receives a short human-readable status ("Saved", or why saving failed).
 */
export function createAutosave(
  id: string,
  files: () => Record<string, string>,
  onStatus: (text: string, failed: boolean) => void,
  delayMs = 400,
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  const flush = async () => {
    clearTimeout(timer);
    if (!dirty) return;
    dirty = false;
    try {
      await saveProject({ id, files: files(), savedAt: new Date().toISOString() });
      onStatus(`Saved in this browser at ${new Date().toLocaleTimeString()}`, false);
    } catch (error) {
      dirty = true;
      const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
      onStatus(
        quota
          ? 'Not saved: the browser storage is full. Download your work or free some space.'
          : `Not saved: ${error instanceof Error ? error.message : String(error)}`,
        true,
      );
    }
  };
  const onHide = () => {
    if (document.visibilityState === 'hidden') void flush();
  };
  document.addEventListener('visibilitychange', onHide);
  addEventListener('pagehide', flush);
  return {
    schedule() {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(() => void flush(), delayMs);
    },
    flush,
    dispose() {
      void flush();
      document.removeEventListener('visibilitychange', onHide);
      removeEventListener('pagehide', flush);
    },
  };
}
