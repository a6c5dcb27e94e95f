// A small Python tokenizer for the structure rules. scan.ts finds import statements only (a byte
// loop tuned for that one job, with no token stream to share), while the rules must see names,
// dots, calls and string values with their columns. What is code follows CPython's tokenizer:
// comments, every string prefix, triple quotes, raw strings, PEP 701 f-strings whose replacement
// fields are code (tokenized too), brackets and backslash continuations. Pure.

export type TokenKind = 'name' | 'string' | 'op';

export interface Token {
  kind: TokenKind;
  /** A name (NFKC-normalised, as Python reads identifiers), an operator, or a string's value. */
  value: string;
  /** 1-based line and column (columns count UTF-16 units, as editors do). */
  line: number;
  column: number;
  /** The source text of the token (a string's quotes and prefix included). */
  text: string;
  /** f-strings: the code of each replacement field, as logical lines of its own. */
  fields?: Token[][];
}

/** A logical line: the tokens of one statement line, brackets and continuations joined. */
export type LogicalLine = Token[];

const NAME_START = /[\p{XID_Start}_]/u;
const NAME_CONTINUE = /[\p{XID_Continue}]/u;
const PREFIX = /^(?:[rRbBuUfFtT]{1,2})$/;
const THREE_CHAR_OPS = new Set(['**=', '//=', '>>=', '<<=', '...']);
const TWO_CHAR_OPS = new Set([
  '==', '!=', '<=', '>=', '->', ':=', '**', '//', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
]); // prettier-ignore

class Cursor {
  index = 0;
  line = 1;
  lineStart = 0;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  get column(): number {
    return this.index - this.lineStart + 1;
  }
  advance(count = 1): void {
    for (let step = 0; step < count && this.index < this.text.length; step += 1) {
      const char = this.text[this.index]!;
      this.index += 1;
      if (char === '\n' || (char === '\r' && this.text[this.index] !== '\n')) {
        this.line += 1;
        this.lineStart = this.index;
      }
    }
  }
}

function readName(cursor: Cursor): string {
  const start = cursor.index;
  const { text } = cursor;
  let end = start;
  while (end < text.length) {
    const code = text.codePointAt(end)!;
    const char = String.fromCodePoint(code);
    if (!(end === start ? NAME_START : NAME_CONTINUE).test(char)) break;
    end += char.length;
  }
  cursor.advance(end - start);
  return text.slice(start, end);
}

/**
 * Reads a string starting at its opening quote (the prefix already read). Returns its value, with
 * each replacement field of an f-string or t-string written `{}` and its code in `fields`.
 */
function readString(cursor: Cursor, prefix: string): { value: string; fields: Token[][] } {
  const { text } = cursor;
  const quote = text[cursor.index]!;
  const triple = text.startsWith(quote.repeat(3), cursor.index);
  const closer = triple ? quote.repeat(3) : quote;
  const raw = /[rR]/.test(prefix);
  const formatted = /[fFtT]/.test(prefix);
  cursor.advance(closer.length);
  let value = '';
  const fields: Token[][] = [];
  const readLiteral = (inSpec: boolean): void => {
    while (cursor.index < text.length) {
      const char = text[cursor.index]!;
      if (!inSpec && text.startsWith(closer, cursor.index)) return;
      if (inSpec && char === '}') return;
      if (!triple && (char === '\n' || char === '\r')) return; // unterminated: CPython stops here too
      if (char === '\\' && cursor.index + 1 < text.length) {
        value += raw ? text.slice(cursor.index, cursor.index + 2) : text[cursor.index + 1];
        cursor.advance(2);
        continue;
      }
      if (formatted && char === '{') {
        if (text[cursor.index + 1] === '{' && !inSpec) {
          value += '{';
          cursor.advance(2);
          continue;
        }
        cursor.advance();
        value += '{}';
        fields.push(...tokenizeCode(cursor, 'field'));
        if (text[cursor.index] === '!') {
          while (cursor.index < text.length && !':}'.includes(text[cursor.index]!)) cursor.advance();
        }
        if (text[cursor.index] === ':') {
          cursor.advance();
          readLiteral(true);
        }
        if (text[cursor.index] === '}') cursor.advance();
        continue;
      }
      if (formatted && char === '}' && text[cursor.index + 1] === '}') {
        value += '}';
        cursor.advance(2);
        continue;
      }
      value += char;
      cursor.advance();
    }
  };
  readLiteral(false);
  if (text.startsWith(closer, cursor.index)) cursor.advance(closer.length);
  return { value, fields };
}

/**
 * Tokenizes code into logical lines. In `field` mode (an f-string's replacement field) it stops
 * before the `}`, `!` or `:` that ends the field at bracket depth 0.
 */
function tokenizeCode(cursor: Cursor, mode: 'module' | 'field'): LogicalLine[] {
  const { text } = cursor;
  const lines: LogicalLine[] = [];
  let current: Token[] = [];
  let depth = 0;
  const endLine = () => {
    if (current.length > 0) lines.push(current);
    current = [];
  };
  while (cursor.index < text.length) {
    const char = text[cursor.index]!;
    if (mode === 'field' && depth === 0) {
      if (char === '}' || char === ':') break;
      if (char === '!' && text[cursor.index + 1] !== '=') break;
    }
    if (char === '\n' || char === '\r') {
      if (depth === 0 && mode === 'module') endLine();
      cursor.advance();
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\f') {
      cursor.advance();
      continue;
    }
    if (char === '#') {
      while (cursor.index < text.length && text[cursor.index] !== '\n' && text[cursor.index] !== '\r') cursor.advance();
      continue;
    }
    if (char === '\\') {
      cursor.advance();
      if (text[cursor.index] === '\r') cursor.advance();
      if (text[cursor.index] === '\n') cursor.advance();
      continue;
    }
    const line = cursor.line;
    const column = cursor.column;
    const start = cursor.index;
    if (char === '"' || char === "'") {
      const { value, fields } = readString(cursor, '');
      current.push({ kind: 'string', value, line, column, text: text.slice(start, cursor.index) });
      if (fields.length > 0) current[current.length - 1]!.fields = fields;
      continue;
    }
    if (NAME_START.test(String.fromCodePoint(text.codePointAt(cursor.index)!))) {
      const name = readName(cursor);
      const next = text[cursor.index];
      if ((next === '"' || next === "'") && PREFIX.test(name)) {
        const { value, fields } = readString(cursor, name);
        const token: Token = { kind: 'string', value, line, column, text: text.slice(start, cursor.index) };
        if (fields.length > 0) token.fields = fields;
        current.push(token);
        continue;
      }
      current.push({ kind: 'name', value: name.normalize('NFKC'), line, column, text: name });
      continue;
    }
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(text[cursor.index + 1] ?? ''))) {
      // Numbers carry nothing the rules look at; `1e-5` may split at the sign, which is harmless.
      while (cursor.index < text.length && /[0-9A-Za-z_.]/.test(text[cursor.index]!)) cursor.advance();
      continue;
    }
    const three = text.slice(cursor.index, cursor.index + 3);
    const two = text.slice(cursor.index, cursor.index + 2);
    const op = THREE_CHAR_OPS.has(three) ? three : TWO_CHAR_OPS.has(two) ? two : char;
    if ('([{'.includes(op)) depth += 1;
    if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
    cursor.advance(op.length);
    current.push({ kind: 'op', value: op, line, column, text: op });
    if (op === ';' && depth === 0 && mode === 'module') endLine();
  }
  endLine();
  return lines;
}

/** The logical lines of a Python module. Never throws: the contracts engine reports syntax errors. */
export function tokenizePython(source: string): LogicalLine[] {
  return tokenizeCode(new Cursor(source.replace(/^\uFEFF/, '')), 'module');
}

/**
 * Every run of code to look at: each logical line, then the replacement fields of its f-strings
 * (recursively), each as a line of its own.
 */
export function codeLines(lines: readonly LogicalLine[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  const visit = (line: LogicalLine) => {
    out.push(line);
    for (const token of line) for (const field of token.fields ?? []) visit(field);
  };
  lines.forEach(visit);
  return out;
}

/** A line that is only strings (a docstring, or a string used as a comment): not code that runs. */
export const isStringStatement = (line: LogicalLine): boolean => line.every((token) => token.kind === 'string');
