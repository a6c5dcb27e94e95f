// What the hint under the editor says about Tab, in the plain editor and in Monaco alike.
export const KEY_HINTS = {
  indents: 'Tab indents. To leave the editor: Esc then Tab, or Ctrl+M to make Tab move focus.',
  movesFocus: 'Tab moves focus (Ctrl+M: Tab indents again).',
  leaving: 'Press Tab to leave the editor (any other key keeps typing).',
} as const;

/** Keys that change no text: pressing one after Esc still lets the next Tab leave. */
export const MODIFIER_KEYS: ReadonlySet<string> = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock']);
