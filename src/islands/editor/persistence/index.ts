// Where the learner's work is kept: a synchronous journal in localStorage for every change not yet
// in IndexedDB, IndexedDB saves with revisions across tabs, and the tabs that were open.
export { keepProject } from './session.ts';
export type { Choice, PersistenceUi } from './session.ts';
export { restoreProject } from './restore.ts';
export type { RestoredProject } from './restore.ts';
