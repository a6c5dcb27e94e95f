// The plain-text editor shown until Monaco is up (small: part of the workspace's first chunk).
export { mountPlainEditor } from './plain-editor.ts';
export type { PlainEditor, PlainHandOver } from './plain-editor.ts';
export { KEY_HINTS, MODIFIER_KEYS } from './key-hints.ts';
