// Monaco's diff editor for the solution panel: the learner's file on the left, the solution's on
// the right, both read-only (changes are taken through the store, by the panel's buttons). Its
// models live under their own URI schemes, apart from the editing models in monaco.ts.
import * as monaco from 'monaco-editor/editor/editor.api';
import { CODE_THEMES } from '../../../site/index.ts';
import { languageFor } from './monaco.ts';
import { currentScheme } from './monaco-highlight.ts';

/** A line change as the diff editor reports it (1-based; an end of 0: that side has no lines). */
export interface DiffLineChange {
  readonly originalStartLineNumber: number;
  readonly originalEndLineNumber: number;
  readonly modifiedStartLineNumber: number;
  readonly modifiedEndLineNumber: number;
}

export interface DiffView {
  /** Compares `learner` (left) with `solution` (right) for `path`. */
  show(path: string, learner: string, solution: string): void;
  /** The learner's side changed (a change taken, or typing in the editor); false when it is the same. */
  setLearner(text: string): boolean;
  /** The changes of the latest diff, in order; undefined while it is computed. */
  lineChanges(): readonly DiffLineChange[] | undefined;
  /** Calls `listener` each time a diff is computed. */
  onDidUpdate(listener: () => void): () => void;
  /** Scrolls both sides to `change`. */
  reveal(change: DiffLineChange): void;
  dispose(): void;
}

let serial = 0;

/** A read-only diff editor in `host` (Monaco is loaded by importing this folder). */
export function mountDiffView(host: HTMLElement): DiffView {
  const id = (serial += 1);
  const editor = monaco.editor.createDiffEditor(host, {
    theme: CODE_THEMES[currentScheme()],
    automaticLayout: true,
    readOnly: true,
    originalEditable: false,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    renderFinalNewline: 'on',
    // Narrow screens get one column with the removed lines above the added ones.
    useInlineViewWhenSpaceIsLimited: true,
    renderSideBySideInlineBreakpoint: 700,
  });
  let original: monaco.editor.ITextModel | undefined;
  let modified: monaco.editor.ITextModel | undefined;
  const model = (side: string, path: string, text: string) =>
    monaco.editor.createModel(
      text,
      languageFor(path),
      monaco.Uri.from({ scheme: `strata-${side}-${id}`, path: `/${path}` }),
    );
  return {
    show(path, learner, solution) {
      const previous = [original, modified];
      original = model('yours', path, learner);
      modified = model('solution', path, solution);
      editor.setModel({ original, modified });
      editor.getOriginalEditor().updateOptions({ ariaLabel: `Your ${path} (read-only)` });
      editor.getModifiedEditor().updateOptions({ ariaLabel: `The solution’s ${path} (read-only)` });
      for (const old of previous) old?.dispose();
    },
    setLearner(text) {
      if (!original || original.getValue() === text) return false;
      original.setValue(text);
      return true;
    },
    lineChanges: () => editor.getLineChanges() ?? undefined,
    onDidUpdate(listener) {
      const subscription = editor.onDidUpdateDiff(listener);
      return () => subscription.dispose();
    },
    reveal(change) {
      editor.getModifiedEditor().revealLineInCenter(Math.max(change.modifiedStartLineNumber, 1));
      editor.getOriginalEditor().revealLineInCenter(Math.max(change.originalStartLineNumber, 1));
    },
    dispose() {
      editor.dispose();
      original?.dispose();
      modified?.dispose();
    },
  };
}
