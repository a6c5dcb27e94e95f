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
import { CODE_THEMES } from '../../../site/index.ts';
import { currentScheme, installHighlighting } from './monaco-highlight.ts';
import type { Diagnostic, EditorWorkspace } from '../types.ts';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

function languageFor(path: string): string {
  if (path.endsWith('.py') || path.endsWith('.pyi')) return 'python';
  if (path.endsWith('.toml')) return 'toml';
  if (path.endsWith('.cfg') || path.endsWith('.ini') || path === '.importlinter') return 'ini';
  return 'plaintext';
}

export interface EditorController {
  /** Shows `path` (and scrolls to `line`); false when there is no such file. */
  open(path: string, line?: number): boolean;
  /** The file on screen. */
  active(): string;
  /** The learner's files as they are now in the editor. */
  files(): Record<string, string>;
  /** The files' paths, without reading their text. */
  paths(): string[];
  has(path: string): boolean;
  create(path: string, text: string): void;
  remove(path: string): void;
  /** Moves a file's text to a new path, keeping its scroll and cursor. */
  rename(from: string, to: string): void;
  /**
   * Makes the project exactly `files`: changed files as one undoable edit each (Ctrl+Z brings the
   * old text back), missing ones created, extra ones removed.
   */
  replaceAll(files: Record<string, string>): void;
  setDiagnostics(diagnostics: Diagnostic[]): void;
  dispose(): void;
}

/**
 * Replaces the host's content with a Monaco editor: one model per file, view state kept per file.
 * `onEdit` is called with the path and full text after every change, and with null when a file is removed.
 */
export async function mountMonaco(
  host: HTMLElement,
  workspace: EditorWorkspace,
  onEdit: (path: string, text: string | null) => void,
): Promise<EditorController> {
  // Highlighting first, so the editor never flashes Monaco's own colours.
  const stopHighlighting = await installHighlighting(monaco).catch((error: unknown) => {
    console.warn('Strata: Shiki highlighting is unavailable; using Monaco’s own', error);
    return () => undefined;
  });
  host.replaceChildren();
  const models = new Map<string, monaco.editor.ITextModel>();
  const viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  let diagnostics: Diagnostic[] = [];
  const addModel = (path: string, text: string) => {
    const uri = monaco.Uri.file(`/${path}`);
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(text, languageFor(path), uri);
    model.onDidChangeContent(() => onEdit(path, model.getValue()));
    models.set(path, model);
    return model;
  };
  for (const [path, text] of Object.entries(workspace.files)) addModel(path, text);
  let current = models.has(workspace.active) ? workspace.active : ([...models.keys()][0] ?? '');
  const editor = monaco.editor.create(host, {
    model: models.get(current) ?? null,
    theme: CODE_THEMES[currentScheme()],
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    // A dimmed number for the last empty line falls below 4.5:1 contrast.
    renderFinalNewline: 'on',
    ariaLabel: `Editor: ${current}`,
  });
  const markersFor = (path: string, model: monaco.editor.ITextModel) =>
    diagnostics
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
  const show = (path: string) => {
    const model = models.get(path);
    if (current && models.has(current)) viewStates.set(current, editor.saveViewState());
    editor.setModel(model ?? null);
    if (model) editor.restoreViewState(viewStates.get(path) ?? null);
    editor.updateOptions({ ariaLabel: model ? `Editor: ${path}` : 'Editor: no file open' });
    current = model ? path : '';
  };
  const controller: EditorController = {
    open(path, line) {
      if (!models.has(path)) return false;
      if (path !== current) show(path);
      if (line !== undefined) {
        editor.revealLineInCenter(line);
        editor.setPosition({ lineNumber: line, column: 1 });
      }
      editor.focus();
      return true;
    },
    active: () => current,
    files() {
      return Object.fromEntries([...models].map(([path, model]) => [path, model.getValue()]));
    },
    paths: () => [...models.keys()],
    has: (path) => models.has(path),
    create(path, text) {
      if (models.has(path)) return;
      addModel(path, text);
      onEdit(path, text);
    },
    remove(path) {
      const model = models.get(path);
      if (!model) return;
      models.delete(path);
      viewStates.delete(path);
      if (current === path) show([...models.keys()].sort()[0] ?? '');
      model.dispose();
      onEdit(path, null);
    },
    rename(from, to) {
      const model = models.get(from);
      if (!model || models.has(to)) return;
      const wasCurrent = current === from;
      const state = wasCurrent ? editor.saveViewState() : (viewStates.get(from) ?? null);
      addModel(to, model.getValue());
      viewStates.set(to, state);
      onEdit(to, model.getValue());
      controller.remove(from);
      if (wasCurrent) show(to);
    },
    replaceAll(files) {
      for (const path of [...models.keys()]) if (files[path] === undefined) controller.remove(path);
      for (const [path, text] of Object.entries(files)) {
        const model = models.get(path);
        if (!model) {
          controller.create(path, text);
          continue;
        }
        if (model.getValue() === text) continue;
        model.pushStackElement();
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
        model.pushStackElement();
      }
      if (!current) show([...models.keys()].sort()[0] ?? '');
    },
    setDiagnostics(next) {
      diagnostics = next;
      for (const [path, model] of models) monaco.editor.setModelMarkers(model, 'contracts', markersFor(path, model));
    },
    dispose() {
      stopHighlighting();
      editor.dispose();
      for (const model of models.values()) model.dispose();
    },
  };
  return controller;
}
