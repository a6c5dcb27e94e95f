// The one module that touches Monaco. Imported dynamically, in the browser only.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/python/register';
// A focused set of editor features: enough for editing Python and reading diagnostics.
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/contextmenu/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { EditorFile } from './types.ts';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

function languageFor(path: string): string {
  if (path.endsWith('.py')) return 'python';
  if (path.endsWith('.toml') || path.endsWith('.cfg') || path === '.importlinter') return 'ini';
  return 'plaintext';
}

function prefersDark(): boolean {
  const forced = document.documentElement.dataset.theme;
  if (forced) return forced === 'dark';
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

/** Replaces the host's content with a Monaco editor showing `file`; returns a disposer. */
export function mountMonaco(host: HTMLElement, file: EditorFile): () => void {
  host.replaceChildren();
  const uri = monaco.Uri.parse(`file:///${file.path}`);
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(file.text, languageFor(file.path), uri);
  const editor = monaco.editor.create(host, {
    model,
    theme: prefersDark() ? 'vs-dark' : 'vs',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    ariaLabel: `Editor: ${file.path}`,
  });
  return () => {
    editor.dispose();
    model.dispose();
  };
}
