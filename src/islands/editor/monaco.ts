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
import type { Diagnostic, EditorWorkspace } from './types.ts';

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

export interface EditorController {
  open(path: string, line?: number): void;
  /** The learner's files as they are now in the editor. */
  files(): Record<string, string>;
  /** Replaces file contents as one undoable edit per file (Ctrl+Z brings the old text back). */
  replaceAll(files: Record<string, string>): void;
  setDiagnostics(diagnostics: Diagnostic[]): void;
  dispose(): void;
}

/**
 * Replaces the host's content with a Monaco editor: one model per file, view state kept per file.
 * `onEdit` is called with the path and full text after every change.
 */
export function mountMonaco(
  host: HTMLElement,
  workspace: EditorWorkspace,
  onEdit: (path: string, text: string) => void,
): EditorController {
  host.replaceChildren();
  const models = new Map<string, monaco.editor.ITextModel>();
  for (const [path, text] of Object.entries(workspace.files)) {
    const uri = monaco.Uri.parse(`file:///${path}`);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, languageFor(path), uri);
    model.onDidChangeContent(() => onEdit(path, model.getValue()));
    models.set(path, model);
  }
  const viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  let current = workspace.active;
  const editor = monaco.editor.create(host, {
    model: models.get(current) ?? null,
    theme: prefersDark() ? 'vs-dark' : 'vs',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    ariaLabel: `Editor: ${current}`,
  });
  return {
    open(path, line) {
      const model = models.get(path);
      if (!model) return;
      if (path !== current) {
        viewStates.set(current, editor.saveViewState());
        editor.setModel(model);
        editor.restoreViewState(viewStates.get(path) ?? null);
        editor.updateOptions({ ariaLabel: `Editor: ${path}` });
        current = path;
      }
      if (line !== undefined) {
        editor.revealLineInCenter(line);
        editor.setPosition({ lineNumber: line, column: 1 });
      }
      editor.focus();
    },
    files() {
      return Object.fromEntries([...models].map(([path, model]) => [path, model.getValue()]));
    },
    replaceAll(files) {
      for (const [path, text] of Object.entries(files)) {
        const model = models.get(path);
        if (!model || model.getValue() === text) continue;
        model.pushStackElement();
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
        model.pushStackElement();
      }
    },
    setDiagnostics(diagnostics) {
      for (const [path, model] of models) {
        const markers = diagnostics
          .filter((diagnostic) => diagnostic.file === path)
          .map((diagnostic) => ({
            severity: monaco.MarkerSeverity.Error,
            message: `Contract "${diagnostic.contract}" is broken: ${diagnostic.summary}\nThis line imports ${diagnostic.imported}.`,
            source: 'import contracts',
            startLineNumber: diagnostic.line,
            startColumn: 1,
            endLineNumber: diagnostic.line,
            endColumn: model.getLineMaxColumn(Math.min(diagnostic.line, model.getLineCount())),
          }));
        monaco.editor.setModelMarkers(model, 'contracts', markers);
      }
    },
    dispose() {
      editor.dispose();
      for (const model of models.values()) model.dispose();
    },
  };
}
