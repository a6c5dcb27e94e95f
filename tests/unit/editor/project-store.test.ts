import { describe, expect, it } from 'vitest';
import { atom, changesContent, createProjectStore, isUnsaved } from '../../../src/islands/editor/store/index.ts';
import type { ProjectChange, ProjectState } from '../../../src/islands/editor/store/index.ts';

const STARTER = {
  'reports/__init__.py': '',
  'reports/app.py': 'from reports import summary\n',
  'reports/db.py': 'import sqlite3\n',
  'README.txt': 'notes\n',
};

function storeWithLog(options: Partial<Parameters<typeof createProjectStore>[0]> = {}) {
  const store = createProjectStore({ starter: STARTER, project: { files: { ...STARTER } }, ...options });
  const changes: ProjectChange[] = [];
  store.listen((_state, change) => changes.push(change));
  return { store, changes };
}

describe('atom', () => {
  it('calls subscribers now and on each different value, listeners only on changes, until they stop', () => {
    const value = atom(1);
    const subscribed: number[] = [];
    const listened: number[] = [];
    const stop = value.subscribe((v) => subscribed.push(v));
    value.listen((v) => listened.push(v));
    value.set(2);
    value.set(2);
    stop();
    value.set(3);
    expect(subscribed).toEqual([1, 2]);
    expect(listened).toEqual([2, 3]);
  });

  it('lets every listener run when one throws, then throws its error', () => {
    const value = atom('a');
    const heard: string[] = [];
    value.listen(() => {
      throw new Error('broken view');
    });
    value.listen((v) => heard.push(v));
    expect(() => value.set('b')).toThrow('broken view');
    expect(heard).toEqual(['b']);
    expect(value.get()).toBe('b');
  });
});

describe('project store', () => {
  it('starts with the starter’s Python files as tabs and the requested file active', () => {
    const { store } = storeWithLog({ active: 'reports/db.py' });
    const state = store.get();
    expect(state.tabs).toEqual(['reports/__init__.py', 'reports/app.py', 'reports/db.py']);
    expect(state.active).toBe('reports/db.py');
    expect(isUnsaved(state)).toBe(false);
  });

  it('restores remembered tabs and active file, dropping the ones that no longer exist (all gone: the starter’s)', () => {
    const { store } = storeWithLog({ tabs: ['reports/db.py', 'gone.py', 'README.txt'], active: 'README.txt' });
    expect(store.get().tabs).toEqual(['reports/db.py', 'README.txt']);
    expect(store.get().active).toBe('README.txt');
    const { store: fallback } = storeWithLog({ tabs: ['gone.py'], active: 'gone.py' });
    expect(fallback.get().active).toBe('reports/__init__.py');
    expect(fallback.get().tabs).toEqual(['reports/__init__.py', 'reports/app.py', 'reports/db.py']);
  });

  it('tells listeners about each edit, once, and counts it as unsaved until a save records its version', () => {
    const { store, changes } = storeWithLog();
    store.edit('reports/db.py', 'import sqlite3\n# more\n');
    store.edit('reports/db.py', 'import sqlite3\n# more\n');
    store.edit('missing.py', 'x');
    expect(changes).toEqual([{ type: 'edit', path: 'reports/db.py', text: 'import sqlite3\n# more\n' }]);
    const { version } = store.get();
    expect(isUnsaved(store.get())).toBe(true);
    expect(store.get().save.status).toBe('unsaved');

    // A save of this version finishing after another edit: saved so far, still more to save.
    store.edit('reports/db.py', 'import sqlite3\n# more and more\n');
    store.setSave({ status: 'saved', message: 'Saved at noon' }, version);
    expect(store.get().save).toEqual({ status: 'unsaved', message: 'Saved at noon' });
    store.setSave({ status: 'saved', message: 'Saved at one' }, store.get().version);
    expect(isUnsaved(store.get())).toBe(false);
    expect(store.get().save.status).toBe('saved');
    expect(changes.filter(changesContent)).toHaveLength(2);
  });

  it('opens a file in a new tab and closes tabs without deleting files', () => {
    const { store, changes } = storeWithLog({ active: 'reports/app.py' });
    expect(store.open('README.txt', 3)).toBe(true);
    expect(store.open('nowhere.py')).toBe(false);
    expect(store.get().tabs.at(-1)).toBe('README.txt');
    expect(changes.at(-1)).toEqual({ type: 'open', path: 'README.txt', line: 3 });
    store.closeTab('README.txt');
    // The tab before it took its place, as in the tab row.
    expect(store.get().active).toBe('reports/db.py');
    expect(store.get().files['README.txt']).toBe('notes\n');
    expect(isUnsaved(store.get())).toBe(false);
  });

  it('creates files and folders: a new file fills its empty folder and brings back a deleted starter path', () => {
    const { store } = storeWithLog();
    store.createFolder('reports/exporters');
    expect(store.get().folders).toEqual(['reports/exporters']);
    expect(store.createFile('reports/exporters/csv.py', '')).toBe(true);
    expect(store.createFile('reports/exporters/csv.py', 'again')).toBe(false);
    expect(store.get().folders).toEqual([]);
    store.remove('reports/db.py', 'file');
    expect(store.get().deleted).toEqual(['reports/db.py']);
    store.createFile('reports/db.py', '');
    expect(store.get().deleted).toEqual([]);
  });

  it('renames a folder with its files, tabs and active file; renaming back undoes the deletion record', () => {
    const { store, changes } = storeWithLog({ active: 'reports/app.py' });
    store.createFolder('reports/exporters');
    const moves = store.rename('reports', 'monthly', 'folder');
    expect(Object.keys(store.get().files).sort()).toEqual([
      'README.txt',
      'monthly/__init__.py',
      'monthly/app.py',
      'monthly/db.py',
    ]);
    expect(store.get().folders).toEqual(['monthly/exporters']);
    expect(store.get().active).toBe('monthly/app.py');
    expect(store.get().tabs).toEqual(['monthly/__init__.py', 'monthly/app.py', 'monthly/db.py']);
    expect(store.get().deleted.slice().sort()).toEqual(['reports/__init__.py', 'reports/app.py', 'reports/db.py']);
    expect(moves.get('reports/db.py')).toBe('monthly/db.py');
    expect(changes.at(-1)).toEqual({ type: 'rename', moves });

    store.rename('monthly', 'reports', 'folder');
    expect(store.get().deleted).toEqual([]);
    expect(store.get().files['reports/db.py']).toBe('import sqlite3\n');
  });

  it('deletes a folder’s files, keeps their parent visible, moves the active file on, and undoes by replace', () => {
    const { store, changes } = storeWithLog({ active: 'reports/db.py' });
    const before = store.snapshot();
    const removed = store.remove('reports', 'folder');
    expect(removed.sort()).toEqual(['reports/__init__.py', 'reports/app.py', 'reports/db.py']);
    expect(Object.keys(store.get().files)).toEqual(['README.txt']);
    expect(store.get().tabs).toEqual(['README.txt']);
    expect(store.get().active).toBe('README.txt');

    store.remove('README.txt', 'file');
    expect(store.get().active).toBe('');

    store.replace(before, { reason: 'undo' });
    expect(store.get().files).toEqual(STARTER);
    expect(store.get().deleted).toEqual([]);
    expect(store.get().tabs).toEqual(['reports/__init__.py', 'reports/app.py', 'reports/db.py']);
    expect(changes.at(-1)).toEqual({ type: 'replace', reason: 'undo' });
  });

  it('keeps a deleted file’s parent folder when it was the last file in it', () => {
    const { store } = storeWithLog();
    store.createFile('reports/exporters/csv.py', '');
    store.remove('reports/exporters/csv.py', 'file');
    expect(store.get().folders).toEqual(['reports/exporters']);
    expect(store.get().deleted).toEqual([]);
  });

  it('takes another tab’s saved version without marking it unsaved, even for a moment', () => {
    const { store, changes } = storeWithLog();
    const unsavedWhenHeard: boolean[] = [];
    store.listen((state) => unsavedWhenHeard.push(isUnsaved(state)));
    store.replace(
      { files: { ...STARTER, 'reports/app.py': '# theirs\n' }, folders: [], deleted: [] },
      { reason: 'other-tab', saved: true },
    );
    expect(store.get().files['reports/app.py']).toBe('# theirs\n');
    expect(isUnsaved(store.get())).toBe(false);
    expect(store.get().save.status).toBe('saved');
    // The autosave hears one change, already saved: it must not save theirs again as this tab's.
    expect(changes).toEqual([{ type: 'replace', reason: 'other-tab' }]);
    expect(unsavedWhenHeard).toEqual([false]);
  });

  it('starts unsaved when it holds recovered work, and a snapshot is a copy', () => {
    const { store } = storeWithLog({ unsaved: true });
    expect(isUnsaved(store.get())).toBe(true);
    const snapshot = store.snapshot();
    snapshot.files['reports/app.py'] = 'changed outside';
    expect(store.get().files['reports/app.py']).toBe(STARTER['reports/app.py']);
  });

  it('hands subscribers the state now, then each state with its change', () => {
    const { store } = storeWithLog();
    const seen: [ProjectState, ProjectChange | undefined][] = [];
    const stop = store.subscribe((state, change) => seen.push([state, change]));
    store.open('README.txt');
    stop();
    store.open('reports/db.py');
    expect(seen.map(([state, change]) => [state.active, change?.type])).toEqual([
      ['reports/__init__.py', undefined],
      ['README.txt', 'open'],
    ]);
  });
});
