// What the hint under the editor says about Tab, in the plain editor and in Monaco alike.
export const KEY_HINTS = {
  indents: 'Tab indents. To leave the editor: Esc then Tab, or Ctrl+M to make Tab move focus.',
  movesFocus: 'Tab moves focus (Ctrl+M: Tab indents again).',
  leaving: 'Press Tab to leave the editor (any other key keeps typing).',
} as const;
