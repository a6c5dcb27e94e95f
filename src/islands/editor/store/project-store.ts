// The learner's project, held in one place: files, empty folders, deleted starter files, the open
// tabs and the active file, and whether the latest change is saved. Monaco, the file tree, the
// tabs, the autosave, the contracts worker and Run/Check each subscribe to it and change it only
// through the actions below, so they all see the same project (the shape of TutorialKit's
// runtime/src/store, without its dependency). Pure: no DOM, no timers.
import { notifyAll } from './atom.ts';
import type { Unsubscribe } from './atom.ts';
import { filesUnder, parentOf, renameMap } from './workspace-paths.ts';
import type { EntryKind, ProjectShape } from './workspace-paths.ts';

/** What the learner has made of an exercise: what is saved, and what a version kept aside holds. */
export interface ProjectSnapshot {
  files: Record<string, string>;
  /** Empty folders the learner created. */
  folders?: string[] | undefined;
  /** Starter files the learner deleted (so a restore does not bring them back). */
  deleted?: string[] | undefined;
}

/**
 * `saved`: the latest change is in durable storage; `unsaved`: not yet; `failed`: a save failed
 * (the message says why); `conflict`: another tab saved too and the learner must choose.
 */
export type SaveStatus = 'saved' | 'unsaved' | 'failed' | 'conflict';

export interface SaveState {
  status: SaveStatus;
  /** What the workspace tells the learner about it. */
  message: string;
}

export interface ProjectState {
  readonly files: Readonly<Record<string, string>>;
  readonly folders: readonly string[];
  readonly deleted: readonly string[];
  /** The file on screen ('' when there is none). */
  readonly active: string;
  /** Open tabs, in order. */
  readonly tabs: readonly string[];
  /** Counts changes to the files, folders and deletions (not opening a file). */
  readonly version: number;
  /** The version last written to durable storage; below `version` while a change is unsaved. */
  readonly savedVersion: number;
  readonly save: SaveState;
}

/** Why the whole project was replaced. */
export type ReplaceReason = 'reset' | 'undo' | 'other-tab' | 'aside';

export type ProjectChange =
  /** The learner typed in `path` (or an edit came from another view). */
  | { type: 'edit'; path: string; text: string }
  | { type: 'create'; path: string; text: string }
  /** Files removed (a whole folder's, when a folder was deleted). */
  | { type: 'remove'; paths: readonly string[] }
  /** Old path → new path, for every file and empty folder that moved. */
  | { type: 'rename'; moves: ReadonlyMap<string, string> }
  /** An empty folder was created. */
  | { type: 'folders' }
  | { type: 'replace'; reason: ReplaceReason }
  /** A file was opened (`line`: scroll there); views that show the active file follow. */
  | { type: 'open'; path: string; line?: number | undefined }
  /** A tab was closed. */
  | { type: 'tabs' }
  | { type: 'save' };

export type ProjectListener = (state: ProjectState, change: ProjectChange) => void;

export interface ProjectStore {
  /** The starter files, as the exercise gives them. */
  readonly starter: Readonly<Record<string, string>>;
  get(): ProjectState;
  /** Calls `listener` after every change, with what changed. */
  listen(listener: ProjectListener): Unsubscribe;
  /** Calls `listener` now (with no change) and after every change. */
  subscribe(listener: (state: ProjectState, change: ProjectChange | undefined) => void): Unsubscribe;
  /** The project as it would be saved. */
  snapshot(): ProjectSnapshot;
  /** The file and folder paths, for the path rules in workspace-paths. */
  shape(): ProjectShape;
  /** New text for an existing file; nothing happens when the text is the same. */
  edit(path: string, text: string): void;
  /** A new file; false when the path is taken. */
  createFile(path: string, text: string): boolean;
  createFolder(path: string): void;
  /** Moves a file or a whole folder; returns what moved where. */
  rename(from: string, to: string, kind: EntryKind): ReadonlyMap<string, string>;
  /** Deletes a file or a whole folder; returns the files removed. */
  remove(path: string, kind: EntryKind): string[];
  /** Shows `path` (adding its tab), scrolled to `line`; false when there is no such file. */
  open(path: string, line?: number): boolean;
  /** Closes a tab (the file stays); the next tab becomes active when it was the active one. */
  closeTab(path: string): void;
  /**
   * Makes the project exactly `project` (reset, undo, another tab's version). `saved`: it is
   * already what durable storage holds, so it is not a change to save.
   */
  replace(project: ProjectSnapshot, options: { reason: ReplaceReason; saved?: boolean }): void;
  /** Records that `version` reached durable storage (or that saving it failed, in `save`). */
  setSave(save: SaveState, savedVersion?: number): void;
}

export interface ProjectStoreOptions {
  starter: Record<string, string>;
  project: ProjectSnapshot;
  /** The file to show first, when it exists. */
  active?: string | undefined;
  /** The tabs to open, when they exist (default: the starter's Python files). */
  tabs?: readonly string[] | undefined;
  /** The project holds work that durable storage does not have yet (recovered from a journal). */
  unsaved?: boolean | undefined;
  save?: SaveState | undefined;
}

/** Whether the latest change is still to be saved. */
export function isUnsaved(state: ProjectState): boolean {
  return state.version !== state.savedVersion;
}

/** Whether a change touches what is saved (files, folders, deletions), as opposed to the view. */
export function changesContent(change: ProjectChange | undefined): boolean {
  return change !== undefined && change.type !== 'open' && change.type !== 'tabs' && change.type !== 'save';
}

const sorted = (paths: Iterable<string>) => [...paths].sort();

/** Default tabs: the starter's Python files that the project still has, in the starter's order. */
function starterTabs(starter: Record<string, string>, files: Record<string, string>): string[] {
  return Object.keys(starter).filter((path) => path.endsWith('.py') && files[path] !== undefined);
}

export function createProjectStore(options: ProjectStoreOptions): ProjectStore {
  const starter = { ...options.starter };
  const listeners = new Set<ProjectListener>();
  const files0 = { ...options.project.files };
  const remembered = (options.tabs ?? []).filter((path) => files0[path] !== undefined);
  const tabs0 = remembered.length > 0 ? remembered : starterTabs(starter, files0);
  const wanted = options.active ?? '';
  const active0 = files0[wanted] !== undefined ? wanted : (tabs0[0] ?? sorted(Object.keys(files0))[0] ?? '');
  let state: ProjectState = {
    files: files0,
    folders: [...(options.project.folders ?? [])],
    deleted: [...(options.project.deleted ?? [])],
    active: active0,
    tabs: active0 && !tabs0.includes(active0) ? [...tabs0, active0] : tabs0,
    version: options.unsaved ? 1 : 0,
    savedVersion: 0,
    save: options.save ?? { status: options.unsaved ? 'unsaved' : 'saved', message: '' },
  };

  /** `alreadySaved`: the change is what durable storage holds already (another tab's save). */
  const commit = (next: Partial<ProjectState>, change: ProjectChange, alreadySaved = false) => {
    const version = changesContent(change) ? state.version + 1 : state.version;
    state = { ...state, ...next, version };
    if (alreadySaved) state = { ...state, savedVersion: version, save: { ...state.save, status: 'saved' } };
    // The message stays (it says when the last save was); the status says there is more to save.
    if (state.save.status === 'saved' && state.version !== state.savedVersion) {
      state = { ...state, save: { ...state.save, status: 'unsaved' } };
    }
    notifyAll(listeners, state, change);
  };

  /** After files went away: the tabs that remain, and the file to show. */
  const afterRemoval = (files: Record<string, string>, tabs: readonly string[], active: string) => {
    const kept = tabs.filter((path) => files[path] !== undefined);
    if (files[active] !== undefined) return { tabs: kept, active };
    const index = tabs.indexOf(active);
    const next = kept[Math.min(Math.max(index, 0), kept.length - 1)] ?? sorted(Object.keys(files))[0] ?? '';
    return { tabs: next && !kept.includes(next) ? [...kept, next] : kept, active: next };
  };

  const store: ProjectStore = {
    starter,
    get: () => state,
    listen(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    subscribe(listener) {
      const stop = store.listen(listener);
      listener(state, undefined);
      return stop;
    },
    snapshot: () => ({ files: { ...state.files }, folders: [...state.folders], deleted: [...state.deleted] }),
    shape: () => ({ files: Object.keys(state.files), folders: state.folders }),

    edit(path, text) {
      if (state.files[path] === undefined || state.files[path] === text) return;
      commit({ files: { ...state.files, [path]: text } }, { type: 'edit', path, text });
    },

    createFile(path, text) {
      if (state.files[path] !== undefined) return false;
      // The new file's folders are no longer empty.
      const folders = state.folders.filter((folder) => !path.startsWith(`${folder}/`));
      commit(
        { files: { ...state.files, [path]: text }, folders, deleted: state.deleted.filter((p) => p !== path) },
        { type: 'create', path, text },
      );
      return true;
    },

    createFolder(path) {
      if (state.folders.includes(path)) return;
      commit({ folders: [...state.folders, path] }, { type: 'folders' });
    },

    rename(from, to, kind) {
      const moves = renameMap(from, to, store.shape());
      const files = { ...state.files };
      const folders = new Set(state.folders);
      const deleted = new Set(state.deleted);
      for (const [old, next] of moves) {
        if (folders.delete(old)) {
          folders.add(next);
          continue;
        }
        const text = files[old];
        if (text === undefined) continue;
        delete files[old];
        files[next] = text;
        if (starter[old] !== undefined) deleted.add(old);
        // Renaming back onto a starter file's path (an undone rename) brings that file back.
        deleted.delete(next);
      }
      if (kind === 'folder' && moves.size === 0) {
        folders.delete(from);
        folders.add(to);
        moves.set(from, to);
      }
      const tabs = state.tabs.map((path) => moves.get(path) ?? path);
      commit(
        { files, folders: [...folders], deleted: [...deleted], tabs, active: moves.get(state.active) ?? state.active },
        { type: 'rename', moves },
      );
      return moves;
    },

    remove(path, kind) {
      const removed =
        kind === 'file' ? (state.files[path] === undefined ? [] : [path]) : filesUnder(path, Object.keys(state.files));
      const files = { ...state.files };
      const deleted = new Set(state.deleted);
      for (const file of removed) {
        delete files[file];
        if (starter[file] !== undefined) deleted.add(file);
      }
      const folders = state.folders.filter((folder) => folder !== path && !folder.startsWith(`${path}/`));
      // Keep the parent folder visible when its last file goes.
      const parent = parentOf(path);
      if (parent && !Object.keys(files).some((file) => file.startsWith(`${parent}/`)) && !folders.includes(parent)) {
        folders.push(parent);
      }
      commit(
        { files, folders, deleted: [...deleted], ...afterRemoval(files, state.tabs, state.active) },
        { type: 'remove', paths: removed },
      );
      return removed;
    },

    open(path, line) {
      if (state.files[path] === undefined) return false;
      const tabs = state.tabs.includes(path) ? state.tabs : [...state.tabs, path];
      commit({ tabs, active: path }, { type: 'open', path, line });
      return true;
    },

    closeTab(path) {
      const index = state.tabs.indexOf(path);
      if (index === -1) return;
      const tabs = state.tabs.filter((tab) => tab !== path);
      // With no tab left the file stays on screen: closing a tab never hides the editor.
      const active = state.active === path ? (tabs[Math.min(index, tabs.length - 1)] ?? path) : state.active;
      commit({ tabs, active }, { type: 'tabs' });
    },

    replace(project, { reason, saved = false }) {
      const files = { ...project.files };
      // Tabs stay where they were; the starter's files the project has again get theirs back.
      const tabs = state.tabs.filter((path) => files[path] !== undefined);
      for (const path of starterTabs(starter, files)) if (!tabs.includes(path)) tabs.push(path);
      const active =
        files[state.active] !== undefined ? state.active : (tabs[0] ?? sorted(Object.keys(files))[0] ?? '');
      commit(
        {
          files,
          folders: [...(project.folders ?? [])],
          deleted: [...(project.deleted ?? [])],
          tabs: active && !tabs.includes(active) ? [...tabs, active] : tabs,
          active,
        },
        { type: 'replace', reason },
        saved,
      );
    },

    setSave(save, savedVersion) {
      // A save of an older version while the learner kept typing reads as unsaved (see commit).
      const saved = savedVersion === undefined ? state.savedVersion : Math.max(state.savedVersion, savedVersion);
      commit({ save, savedVersion: saved }, { type: 'save' });
    },
  };
  return store;
}
