// The file tree and the tabs, and the create / rename / delete actions they offer.
export { attachProjectFiles } from './project-files.ts';
export type { ProjectFiles } from './project-files.ts';
