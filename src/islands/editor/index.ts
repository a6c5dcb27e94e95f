// Public surface of the exercise workspace, for CodeEditor.astro only. It is not re-exported by
// islands/index.ts: every page's scripts import that barrel (progress, service worker), and through
// it the editor's module graph, with Monaco's ~106 kB of CSS behind its dynamic import, was inlined
// into every page, lessons and the 404 included. The workspace's code and CSS ship on exercise
// pages only.
export { defineCodeEditorElement } from './code-editor-element.ts';
export type { Diagnostic, EditorFile, EditorWorkspace, GradingBundle, WorkspaceContracts } from './types.ts';
