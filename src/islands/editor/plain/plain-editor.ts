// The editor a learner can type into while Monaco loads. Monaco is ~3 MB of JavaScript: parsing
// and starting it takes one to two seconds of CPU, more on a busy machine or a phone. Until it is
// up, the surface holds a plain <textarea> on the store's active file: typing goes into the store
// (so it is autosaved and Run/Check see it), the tabs switch what it shows, Tab indents with the
// same ways out as in Monaco (Esc then Tab, Ctrl+M). When Monaco is ready it takes over with the
// text, the selection, the scroll position and the focus the learner left here.
import { KEY_HINTS, MODIFIER_KEYS } from './key-hints.ts';
import type { ProjectStore } from '../store/index.ts';

/** Where the learner was in the plain editor, for Monaco to carry on from. */
export interface PlainHandOver {
  readonly path: string;
  /** The selection, as offsets into the text (start = end: a cursor). */
  readonly start: number;
  readonly end: number;
  readonly scrollTop: number;
  readonly scrollLeft: number;
  readonly focused: boolean;
  /** Ctrl+M was pressed: Tab moves focus instead of indenting. */
  readonly tabMovesFocus: boolean;
}

export interface PlainEditor {
  readonly textarea: HTMLTextAreaElement;
  /** Stops following the store and says where the learner was; the textarea stays until replaced. */
  handOver(): PlainHandOver;
}

const INDENT = '    ';
/** The textarea's line height in pixels, as CodeEditor.astro styles it (Monaco's at 14 px). */
const LINE_HEIGHT = 19;

/**
 * Shows the store's active file in a textarea inside `host` (replacing the server-rendered text)
 * and keeps both in step until `handOver()`.
 */
export function mountPlainEditor(host: HTMLElement, store: ProjectStore, hint: HTMLElement | null): PlainEditor {
  const textarea = document.createElement('textarea');
  textarea.className = 'plain-editor';
  textarea.spellcheck = false;
  textarea.wrap = 'off';
  textarea.setAttribute('autocapitalize', 'off');
  textarea.setAttribute('autocomplete', 'off');
  textarea.setAttribute('autocorrect', 'off');
  if (hint?.id) textarea.setAttribute('aria-describedby', hint.id);
  let path = '';
  const show = () => {
    const state = store.get();
    const text = state.files[state.active];
    if (state.active !== path) {
      path = text === undefined ? '' : state.active;
      textarea.value = text ?? '';
      textarea.setSelectionRange(0, 0);
      textarea.scrollTop = 0;
    } else if (text !== undefined && textarea.value !== text) {
      // Another view changed this file (a reset, another tab): keep the cursor where it can be.
      const { selectionStart, selectionEnd } = textarea;
      textarea.value = text;
      textarea.setSelectionRange(Math.min(selectionStart, text.length), Math.min(selectionEnd, text.length));
    }
    textarea.readOnly = path === '';
    textarea.setAttribute('aria-label', path ? `Editor: ${path}` : 'Editor: no file open');
  };
  show();
  host.replaceChildren(textarea);

  let tabMovesFocus = false;
  let leaveOnTab = false;
  const applyHint = () => {
    const text = tabMovesFocus ? KEY_HINTS.movesFocus : leaveOnTab ? KEY_HINTS.leaving : KEY_HINTS.indents;
    if (hint && hint.textContent !== text) hint.textContent = text;
  };
  const edited = () => {
    if (path) store.edit(path, textarea.value);
  };
  const onInput = () => edited();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey && !event.altKey && event.key.toLowerCase() === 'm') {
      event.preventDefault();
      tabMovesFocus = !tabMovesFocus;
      leaveOnTab = false;
      applyHint();
      return;
    }
    if (event.key === 'Escape') {
      if (!tabMovesFocus) leaveOnTab = true;
      applyHint();
      return;
    }
    if (event.key !== 'Tab') {
      if (leaveOnTab && !MODIFIER_KEYS.has(event.key)) {
        leaveOnTab = false;
        applyHint();
      }
      return;
    }
    if (tabMovesFocus || leaveOnTab || event.altKey || event.ctrlKey || event.metaKey || textarea.readOnly) {
      leaveOnTab = false;
      applyHint();
      return; // the browser moves focus
    }
    event.preventDefault();
    const { selectionStart: start, selectionEnd: end, value } = textarea;
    if (event.shiftKey) {
      // Shift+Tab: up to four spaces fewer at the start of the cursor's line.
      const lineStart = value.lastIndexOf('\n', start - 1) + 1;
      const spaces = /^ {0,4}/.exec(value.slice(lineStart))![0].length;
      if (spaces === 0) return;
      textarea.setSelectionRange(lineStart, lineStart + spaces);
      document.execCommand('delete');
      textarea.setSelectionRange(Math.max(lineStart, start - spaces), Math.max(lineStart, end - spaces));
    } else {
      // execCommand keeps the insertion in the textarea's own undo history (Ctrl+Z).
      if (!document.execCommand('insertText', false, INDENT)) {
        textarea.setRangeText(INDENT, start, end, 'end');
        edited();
      }
    }
  };
  textarea.addEventListener('input', onInput);
  textarea.addEventListener('keydown', onKeyDown);
  const stop = store.listen((_state, change) => {
    show();
    if (change.type !== 'open' || change.path !== path) return;
    if (change.line !== undefined) {
      // A link to a line (a failing test, a problem): put the cursor at its start.
      const lines = textarea.value.split('\n').slice(0, change.line - 1);
      const offset = lines.reduce((sum, line) => sum + line.length + 1, 0);
      const at = Math.min(offset, textarea.value.length);
      textarea.setSelectionRange(at, at);
      textarea.scrollTop = Math.max(0, (change.line - 5) * LINE_HEIGHT);
    }
    textarea.focus();
  });
  applyHint();

  return {
    textarea,
    handOver() {
      stop();
      textarea.removeEventListener('input', onInput);
      textarea.removeEventListener('keydown', onKeyDown);
      return {
        path,
        start: textarea.selectionStart,
        end: textarea.selectionEnd,
        scrollTop: textarea.scrollTop,
        scrollLeft: textarea.scrollLeft,
        focused: document.activeElement === textarea,
        tabMovesFocus,
      };
    },
  };
}
