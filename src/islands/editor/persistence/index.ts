// Where the learner's work is kept between visits: IndexedDB, with revisions across tabs.
export { asideKey, createAutosave, loadProject, mergeWithStarter, putAside, saveProject } from './autosave.ts';
export type { AutosaveEvents, ProjectSnapshot, SavedProject, SaveOutcome } from './autosave.ts';
