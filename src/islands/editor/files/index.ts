// The file tree and the tabs, over the project store, and the create / rename / delete actions
// they offer.
export { attachProjectFiles } from './project-files.ts';
