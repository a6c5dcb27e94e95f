// Leaving the editor with the keyboard. Tab indents in a code editor, so a keyboard user needs
// another way out (WAI-ARIA's advice for editors that keep Tab): Ctrl+M switches Tab between
// indenting and moving focus, as in VS Code and Monaco, and Esc makes the next Tab leave, once.
// A visible hint under the editor says so, and its changes are announced (it is a live region).
// Tabs pressed just before leaving this way are named in a notice with Undo, so a stray indent is
// never saved unnoticed.
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { KEY_HINTS, MODIFIER_KEYS } from '../plain/index.ts';
import type { ProjectStore } from '../store/index.ts';

export interface KeyboardHelpOptions {
  /** The `[data-editor-keys]` hint: its id describes the editor's input. */
  hint: HTMLElement | null;
  /** Shows a notice with an Undo button. */
  notice(text: string, undo: () => void): void;
  /** Tab moves focus from the start (Ctrl+M was pressed in the plain editor before Monaco came). */
  tabMovesFocus?: boolean | undefined;
}

export function attachKeyboardHelp(
  monaco: typeof Monaco,
  editor: Monaco.editor.IStandaloneCodeEditor,
  store: ProjectStore,
  options: KeyboardHelpOptions,
): void {
  const { hint } = options;
  let tabMovesFocus = options.tabMovesFocus ?? false;
  let leaveOnTab = false;
  /** Tabs that indented since the learner last typed anything else, and the text before them. */
  let indents: { path: string; count: number; line: number; before: string } | undefined;
  /** Set by a Tab that should move focus, so the blur that follows is known to be the keyboard's. */
  let leavingByTab = false;

  const apply = () => {
    editor.updateOptions({ tabFocusMode: tabMovesFocus || leaveOnTab });
    const text = tabMovesFocus ? KEY_HINTS.movesFocus : leaveOnTab ? KEY_HINTS.leaving : KEY_HINTS.indents;
    if (hint && hint.textContent !== text) hint.textContent = text;
  };
  const toggle = () => {
    tabMovesFocus = !tabMovesFocus;
    leaveOnTab = false;
    apply();
  };
  // Ctrl+M everywhere: Cmd+M minimises the window on a Mac, so Ctrl (WinCtrl there) is bound too.
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyM, toggle);
  editor.addCommand(monaco.KeyMod.WinCtrl | monaco.KeyCode.KeyM, toggle);
  // Esc keeps its usual jobs (closing suggestions, find, hovers, extra cursors) first.
  editor.addCommand(
    monaco.KeyCode.Escape,
    () => {
      if (tabMovesFocus) return;
      leaveOnTab = true;
      apply();
    },
    '!suggestWidgetVisible && !findWidgetVisible && !editorHasMultipleSelections && !parameterHintsVisible && !markersNavigationVisible && !editorHoverVisible',
  );

  editor.onKeyDown((event) => {
    const key = event.browserEvent.key;
    if (key === 'Tab') {
      if (tabMovesFocus || leaveOnTab) {
        leavingByTab = true;
        return;
      }
      const model = editor.getModel();
      if (!model) return;
      const path = store.get().active;
      if (indents?.path !== path) {
        indents = { path, count: 0, line: editor.getPosition()?.lineNumber ?? 1, before: model.getValue() };
      }
      indents.count += 1;
      return;
    }
    if (MODIFIER_KEYS.has(key) || key === 'Escape' || (event.ctrlKey && key.toLowerCase() === 'm')) return;
    indents = undefined;
    if (leaveOnTab) {
      leaveOnTab = false;
      apply();
    }
  });
  editor.onDidBlurEditorText(() => {
    const stray = leavingByTab ? indents : undefined;
    leavingByTab = false;
    indents = undefined;
    if (leaveOnTab) {
      leaveOnTab = false;
      apply();
    }
    if (!stray) return;
    const { path, count, line, before } = stray;
    const indented = store.get().files[path];
    const times = count === 1 ? 'once' : `${count} times`;
    options.notice(`Tab indented line ${line} of ${path} ${times} before you left the editor.`, () => {
      // Only while the file is as those Tabs left it: never undo the learner's later typing.
      if (store.get().files[path] === indented) store.edit(path, before);
    });
  });

  // Monaco creates its input element (EditContext or a textarea) when it needs one: describe it
  // whenever the editor gets focus, so a screen reader reads the hint on the way in.
  const describe = () => {
    const input = editor.getDomNode()?.querySelector<HTMLElement>('.native-edit-context, textarea.inputarea');
    if (hint?.id && input && input.getAttribute('aria-describedby') !== hint.id) {
      input.setAttribute('aria-describedby', hint.id);
    }
  };
  editor.onDidFocusEditorText(describe);
  editor.onDidChangeModel(describe);
  describe();
  apply();
}
