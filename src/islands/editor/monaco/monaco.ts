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
import type { PythonDiagnostic } from '../../../grading/index.ts';
import { CODE_THEMES } from '../../../site/index.ts';
import type { PlainHandOver } from '../plain/index.ts';
import type { ProjectStore, ReadableAtom } from '../store/index.ts';
import type { Diagnostic } from '../types.ts';
import { attachKeyboardHelp } from './keyboard.ts';
import type { KeyboardHelpOptions } from './keyboard.ts';
import { currentScheme, installHighlighting } from './monaco-highlight.ts';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

/** Monaco's language for a file of the project. */
export function languageFor(path: string): string {
  if (path.endsWith('.py') || path.endsWith('.pyi')) return 'python';
  if (path.endsWith('.toml')) return 'toml';
  if (path.endsWith('.cfg') || path.endsWith('.ini') || path === '.importlinter') return 'ini';
  return 'plaintext';
}

export interface MountOptions {
  /** Contract findings, shown as markers. */
  diagnostics?: ReadableAtom<readonly Diagnostic[]> | undefined;
  /** Python's own findings (syntax, undefined names) by file, shown as markers as the learner types. */
  python?: ReadableAtom<Readonly<Record<string, readonly PythonDiagnostic[]>>> | undefined;
  /** The keyboard hint and the notice for stray indents (see keyboard.ts). */
  keys?: KeyboardHelpOptions | undefined;
  /**
   * The plain editor the learner used while Monaco loaded: asked for where the learner was right
   * before Monaco replaces it, in the same task, so no keystroke falls between the two.
   */
  takeOver?: (() => PlainHandOver) | undefined;
}

export interface EditorView {
  /** The Monaco editor, for what sits around it (the keyboard hint). */
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  dispose(): void;
}

/**
 * Replaces the host's content with a Monaco editor that shows the store's active file: one model
 * per file, view state kept per file. The learner's typing goes into the store; every other change
 * (a new file, a rename, a reset, another tab's version) comes from it.
 */
export async function mountMonaco(
  host: HTMLElement,
  store: ProjectStore,
  options: MountOptions = {},
): Promise<EditorView> {
  const { diagnostics, python } = options;
  // Highlighting first, so the editor never flashes Monaco's own colours.
  const stopHighlighting = await installHighlighting(monaco).catch((error: unknown) => {
    console.warn('Strata: Shiki highlighting is unavailable; using Monaco’s own', error);
    return () => undefined;
  });
  const from = options.takeOver?.();
  host.replaceChildren();
  const models = new Map<string, monaco.editor.ITextModel>();
  const viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  /** The path whose model is being typed into: the store's echo of that edit needs no reply. */
  let typing: string | undefined;
  const addModel = (path: string, text: string) => {
    const uri = monaco.Uri.file(`/${path}`);
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(text, languageFor(path), uri);
    model.onDidChangeContent(() => {
      typing = path;
      try {
        store.edit(path, model.getValue());
      } finally {
        typing = undefined;
      }
    });
    models.set(path, model);
    applyMarkers(path, model);
    return model;
  };
  const removeModel = (path: string) => {
    if (path === current) {
      editor.setModel(null);
      current = '';
    }
    models.get(path)?.dispose();
    models.delete(path);
    viewStates.delete(path);
  };
  /** Another view changed a file: one undoable edit, so Ctrl+Z brings the old text back. */
  const setText = (model: monaco.editor.ITextModel, text: string) => {
    if (model.getValue() === text) return;
    model.pushStackElement();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
    model.pushStackElement();
  };
  const markersFor = (path: string, model: monaco.editor.ITextModel) =>
    (diagnostics?.get() ?? [])
      .filter((diagnostic) => diagnostic.file === path)
      .map((diagnostic) => {
        const lineEnd = model.getLineMaxColumn(Math.min(diagnostic.line, model.getLineCount()));
        if (diagnostic.rule) {
          // A structure rule marks the offending text itself (its first line, when it spans more).
          const start = Math.min(diagnostic.column ?? 1, lineEnd);
          const firstLine = (diagnostic.text ?? '').split('\n')[0]!;
          return {
            severity: monaco.MarkerSeverity.Error,
            message: `Rule "${diagnostic.contract}" is broken: ${diagnostic.summary}.`,
            source: 'structure rules',
            startLineNumber: diagnostic.line,
            startColumn: start,
            endLineNumber: diagnostic.line,
            endColumn: Math.min(start + Math.max(firstLine.length, 1), lineEnd),
          };
        }
        return {
          severity: monaco.MarkerSeverity.Error,
          message: `Contract "${diagnostic.contract}" is broken: ${diagnostic.summary}\nThis line imports ${diagnostic.imported}.`,
          source: 'import contracts',
          startLineNumber: diagnostic.line,
          startColumn: 1,
          endLineNumber: diagnostic.line,
          endColumn: lineEnd,
        };
      });
  const pythonMarkersFor = (path: string) =>
    (python?.get()[path] ?? []).map((diagnostic) => ({
      severity: monaco.MarkerSeverity.Error,
      message: diagnostic.message,
      source: 'Python',
      startLineNumber: diagnostic.line,
      startColumn: diagnostic.column,
      endLineNumber: diagnostic.endLine,
      endColumn: diagnostic.endColumn,
    }));
  function applyMarkers(path: string, model: monaco.editor.ITextModel): void {
    monaco.editor.setModelMarkers(model, 'contracts', markersFor(path, model));
    monaco.editor.setModelMarkers(model, 'python', pythonMarkersFor(path));
  }

  const initial = store.get();
  for (const [path, text] of Object.entries(initial.files)) addModel(path, text);
  let current = models.has(initial.active) ? initial.active : '';
  const editor = monaco.editor.create(host, {
    model: models.get(current) ?? null,
    theme: CODE_THEMES[currentScheme()],
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    // A dimmed number for the last empty line falls below 4.5:1 contrast.
    renderFinalNewline: 'on',
    ariaLabel: current ? `Editor: ${current}` : 'Editor: no file open',
  });
  const show = (path: string) => {
    const model = models.get(path);
    if (current && models.has(current)) viewStates.set(current, editor.saveViewState());
    editor.setModel(model ?? null);
    if (model) editor.restoreViewState(viewStates.get(path) ?? null);
    editor.updateOptions({ ariaLabel: model ? `Editor: ${path}` : 'Editor: no file open' });
    current = model ? path : '';
  };

  if (options.keys) {
    attachKeyboardHelp(monaco, editor, store, { ...options.keys, tabMovesFocus: from?.tabMovesFocus });
  }
  const model = editor.getModel();
  if (from && model && from.path === current) {
    const start = model.getPositionAt(from.start);
    const end = model.getPositionAt(from.end);
    editor.setSelection(new monaco.Selection(start.lineNumber, start.column, end.lineNumber, end.column));
    editor.setScrollTop(from.scrollTop);
    editor.setScrollLeft(from.scrollLeft);
    if (from.focused) editor.focus();
  }

  const stopStore = store.listen((state, change) => {
    switch (change.type) {
      case 'edit': {
        const model = models.get(change.path);
        if (model && change.path !== typing) setText(model, change.text);
        break;
      }
      case 'create':
        if (!models.has(change.path)) addModel(change.path, change.text);
        break;
      case 'remove':
        for (const path of change.paths) removeModel(path);
        break;
      case 'rename':
        for (const [from, to] of change.moves) {
          const model = models.get(from);
          if (!model || models.has(to)) continue;
          // Keep the moved file's scroll and cursor.
          const view = from === current ? editor.saveViewState() : (viewStates.get(from) ?? null);
          const text = model.getValue();
          removeModel(from);
          addModel(to, text);
          viewStates.set(to, view);
        }
        break;
      case 'replace':
        for (const path of [...models.keys()]) if (state.files[path] === undefined) removeModel(path);
        for (const [path, text] of Object.entries(state.files)) {
          const model = models.get(path);
          if (model) setText(model, text);
          else addModel(path, text);
        }
        break;
      default:
        break;
    }
    if (state.active !== current || (current && editor.getModel() !== models.get(current))) show(state.active);
    if (change.type === 'open') {
      if (change.line !== undefined) {
        editor.revealLineInCenter(change.line);
        editor.setPosition({ lineNumber: change.line, column: 1 });
      }
      editor.focus();
    }
  });
  const stopMarkers = diagnostics?.listen(() => {
    for (const [path, model] of models) applyMarkers(path, model);
  });
  const stopPython = python?.listen(() => {
    for (const [path, model] of models) applyMarkers(path, model);
  });

  return {
    editor,
    dispose() {
      stopStore();
      stopMarkers?.();
      stopPython?.();
      stopHighlighting();
      editor.dispose();
      for (const model of models.values()) model.dispose();
    },
  };
}
