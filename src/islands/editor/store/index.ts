// The learner's project as data, with no DOM: the store every other part of the workspace
// subscribes to and changes through its actions, a small atom for other shared values, and the
// rules for paths. Pure, so it runs under vitest in Node.
export { atom, notifyAll } from './atom.ts';
export type { Atom, ReadableAtom, Unsubscribe } from './atom.ts';
export { changesContent, createProjectStore, isUnsaved } from './project-store.ts';
export type {
  ProjectChange,
  ProjectListener,
  ProjectSnapshot,
  ProjectState,
  ProjectStore,
  ProjectStoreOptions,
  ReplaceReason,
  SaveState,
  SaveStatus,
} from './project-store.ts';
export {
  allFolders,
  baseName,
  buildTree,
  filesUnder,
  normalisePath,
  parentOf,
  pathProblem,
  renameMap,
  starterTextFor,
} from './workspace-paths.ts';
export type { EntryKind, ProjectShape, TreeNode } from './workspace-paths.ts';
