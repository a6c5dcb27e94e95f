// The editor itself. Import this folder dynamically only: it pulls in Monaco and Shiki.
export { mountMonaco } from './monaco.ts';
export { mountDiffView } from './diff-view.ts';
export type { DiffLineChange, DiffView } from './diff-view.ts';
export type { EditorView } from './monaco.ts';
export type { MountOptions } from './monaco.ts';
export type { KeyboardHelpOptions } from './keyboard.ts';
