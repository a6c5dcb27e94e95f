// The workspace's messages and toolbar: save status, notices with Undo, choices, Download.
export { showChoice, showNotice, showSaveStatus } from './notices.ts';
export { downloadProject } from './toolbar.ts';
