// The workspace's messages and toolbar: save status, notices with Undo, choices, questions asked
// in the page, Download and Reset.
export { attachSaveStatus, confirmInPage, showChoice, showNotice } from './notices.ts';
export { attachToolbar, downloadProject } from './toolbar.ts';
