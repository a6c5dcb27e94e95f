// Finds every import statement in Python source, following CPython's tokenizer rules for what is
// code and what is not: comments, all string prefixes, triple quotes, PEP 701 f-strings (nested
// quotes and replacement fields), backslash continuations and brackets. The hot loop skips every
// character that cannot change that (letters, digits, spaces, most operators) with one table
// lookup, and only looks at words where a statement can start: at the start of a logical line,
// after `;`, and after the `:` of a one-line compound statement. Indentation is tracked per logical
// line for the TYPE_CHECKING rule (grimp's: the whole `if TYPE_CHECKING:` / `if x.TYPE_CHECKING:`
// statement, its elif/else branches included) and to report the indentation errors CPython would.
import { ContractsError } from './errors.ts';

/** One `import …` or `from … import …` statement. */
export interface ScannedImport {
  /** Line where the statement starts (1-based). */
  line: number;
  /** Inside an `if TYPE_CHECKING:` / `if x.TYPE_CHECKING:` statement (any branch of it). */
  typeChecking: boolean;
  /** Number of leading dots of a relative import; 0 when absolute. */
  level: number;
  /** `a.b` in `import a.b` / `from a.b import c`; '' in `from . import c`. */
  module: string;
  /** Names after `from … import`, or null for a plain `import`. `*` for a star import. */
  names: string[] | null;
}

// Character classes for the hot loop (codes < 128; everything above is part of an identifier).
const PLAIN = 0;
const NEWLINE = 1;
const CARRIAGE = 2;
const HASH = 3;
const QUOTE = 4;
const OPEN = 5;
const CLOSE = 6;
const BACKSLASH = 7;
const SEMICOLON = 8;
const COLON = 9;
const INVALID = 10;
const CLASS = new Uint8Array(128);
CLASS[10] = NEWLINE;
CLASS[13] = CARRIAGE;
CLASS[35] = HASH;
CLASS[34] = QUOTE;
CLASS[39] = QUOTE;
CLASS[40] = OPEN;
CLASS[91] = OPEN;
CLASS[123] = OPEN;
CLASS[41] = CLOSE;
CLASS[93] = CLOSE;
CLASS[125] = CLOSE;
CLASS[92] = BACKSLASH;
CLASS[59] = SEMICOLON;
CLASS[58] = COLON;
CLASS[0] = INVALID;
CLASS[36] = INVALID; // $
CLASS[63] = INVALID; // ?
CLASS[96] = INVALID; // `

const isIdentChar = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code > 127;
const isIdentStart = (code: number): boolean => isIdentChar(code) && !(code >= 48 && code <= 57);
const isPrefixLetter = (code: number): boolean => {
  const lower = code | 32;
  return lower === 114 || lower === 98 || lower === 117 || lower === 102 || lower === 116; // r b u f t
};
const CLOSER_OF: Record<number, number> = { 40: 41, 91: 93, 123: 125 };

/** Scans `text` (the source of `path`) and returns its import statements in source order. */
export function scanImports(path: string, text: string): ScannedImport[] {
  return new Scanner(path, text).run();
}

class Scanner {
  private readonly path: string;
  private readonly text: string;
  private readonly length: number;
  private pos = 0;
  private line = 1;
  private readonly imports: ScannedImport[] = [];
  // Open brackets: their character codes and lines.
  private readonly brackets: number[] = [];
  private readonly bracketLines: number[] = [];
  // Indentation of the enclosing blocks, innermost last.
  private readonly indents: number[] = [0];
  private expectBlock = false;
  private blockLine = 0;
  private lastColonAt = -1;
  // grimp's TYPE_CHECKING flag and the indentation of each open `if TYPE_CHECKING` statement.
  private typeChecking = false;
  private readonly typeCheckingIndents: number[] = [];

  constructor(path: string, text: string) {
    this.path = path;
    this.text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.length = this.text.length;
  }

  private fail(message: string, line = this.line): never {
    const source = this.text.split(/\r\n|\r|\n/)[line - 1]?.trim() ?? '';
    throw new ContractsError(
      'SourceSyntaxError',
      `Syntax error in ${this.path}, line ${line}: ${message}${source ? ` (${source})` : ''}`,
      {
        file: this.path,
        line,
      },
    );
  }

  run(): ScannedImport[] {
    const { text, length } = this;
    this.startLogicalLine();
    while (this.pos < length) {
      // The hot loop: skip plain characters with local state only.
      let at = this.pos;
      let code = text.charCodeAt(at);
      while (code >= 128 || CLASS[code] === PLAIN) {
        at += 1;
        if (at >= length) break;
        code = text.charCodeAt(at);
      }
      this.pos = at;
      if (at >= length) break;
      switch (CLASS[code]) {
        case NEWLINE:
        case CARRIAGE:
          this.newline(code);
          if (this.brackets.length === 0) this.endLogicalLine();
          break;
        case HASH: {
          let end = at;
          while (end < length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end += 1;
          this.pos = end;
          break;
        }
        case QUOTE:
          this.string();
          break;
        case OPEN:
          this.brackets.push(code);
          this.bracketLines.push(this.line);
          this.pos += 1;
          break;
        case CLOSE: {
          const open = this.brackets.pop();
          if (open === undefined) this.fail(`unmatched '${String.fromCharCode(code)}'`);
          if (CLOSER_OF[open] !== code) {
            this.fail(
              `closing parenthesis '${String.fromCharCode(code)}' does not match opening parenthesis '${String.fromCharCode(open)}'`,
            );
          }
          this.bracketLines.pop();
          this.pos += 1;
          break;
        }
        case BACKSLASH:
          this.continuation();
          break;
        case SEMICOLON:
          this.pos += 1;
          if (this.brackets.length === 0) this.statement();
          break;
        case COLON:
          this.pos += 1;
          if (this.brackets.length === 0 && text.charCodeAt(this.pos) !== 61) {
            this.lastColonAt = this.pos;
            this.statement(); // `if x: import y`, `else: import z`, `case 1: from a import b`
          }
          break;
        default:
          if (code === 0) this.fail('source code cannot contain null bytes');
          this.fail(`invalid character '${String.fromCharCode(code)}'`);
      }
    }
    if (this.brackets.length > 0) {
      this.fail(`'${String.fromCharCode(this.brackets[0]!)}' was never closed`, this.bracketLines[0]!);
    }
    this.endLogicalLine();
    if (this.expectBlock) this.fail('expected an indented block', this.blockLine);
    return this.imports;
  }

  private isLineEnd(code: number): boolean {
    return code === 10 || code === 13;
  }

  /** Steps over a line break at pos (\n, \r\n or \r). */
  private newline(code: number): void {
    this.pos += code === 13 && this.text.charCodeAt(this.pos + 1) === 10 ? 2 : 1;
    this.line += 1;
  }

  private continuation(): void {
    const next = this.text.charCodeAt(this.pos + 1);
    if (next === 10 || next === 13) {
      this.pos += 1;
      this.newline(next);
      return;
    }
    if (this.pos + 1 >= this.length) this.fail('unexpected EOF after line continuation character');
    this.fail('unexpected character after line continuation character');
  }

  private endLogicalLine(): void {
    // A logical line ending in `:` (outside brackets, strings and comments) opens a block.
    if (this.lastColonAt >= 0) {
      let at = this.lastColonAt;
      const { text } = this;
      while (at < this.pos && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9 || text.charCodeAt(at) === 12)) {
        at += 1;
      }
      const next = text.charCodeAt(at);
      if (at >= this.pos || next === 35 || next === 10 || next === 13 || next === 92) {
        this.expectBlock = true;
        this.blockLine = this.line - 1;
      }
    }
    this.lastColonAt = -1;
    this.startLogicalLine();
  }

  /** At the start of a physical line outside brackets: measures indentation, then the first statement. */
  private startLogicalLine(): void {
    const { text, length } = this;
    let column = 0;
    while (this.pos < length) {
      const code = text.charCodeAt(this.pos);
      if (code === 32) column += 1;
      else if (code === 9) column = (Math.floor(column / 8) + 1) * 8;
      else if (code === 12) column = 0;
      else break;
      this.pos += 1;
    }
    if (this.pos >= length) return;
    const code = text.charCodeAt(this.pos);
    if (code === 10 || code === 13 || code === 35) return; // blank or comment-only line
    if (code === 92 && this.isLineEnd(text.charCodeAt(this.pos + 1))) return; // a lone continuation
    this.indentation(column);
    this.typeCheckingScope(column);
    this.statement();
  }

  private indentation(column: number): void {
    const { indents } = this;
    const current = indents[indents.length - 1]!;
    if (this.expectBlock) {
      if (column <= current) this.fail('expected an indented block', this.blockLine);
      indents.push(column);
      this.expectBlock = false;
      return;
    }
    if (column > current) this.fail('unexpected indent');
    while (column < indents[indents.length - 1]!) indents.pop();
    if (column !== indents[indents.length - 1]!) this.fail('unindent does not match any outer indentation level');
  }

  private word(at: number, word: string): boolean {
    return this.text.startsWith(word, at) && !isIdentChar(this.text.charCodeAt(at + word.length));
  }

  private typeCheckingScope(column: number): void {
    const open = this.typeCheckingIndents;
    while (open.length > 0 && column <= open[open.length - 1]!) {
      if (column === open[open.length - 1]! && (this.word(this.pos, 'elif') || this.word(this.pos, 'else'))) break;
      open.pop();
      this.typeChecking = false; // as grimp: leaving any TYPE_CHECKING `if` clears the flag
    }
    if (this.word(this.pos, 'if') && this.isTypeCheckingTest(this.pos + 2)) {
      open.push(column);
      this.typeChecking = true;
    }
  }

  /** `TYPE_CHECKING:` or `a.b.TYPE_CHECKING:`, optionally in parentheses (not `not TYPE_CHECKING`). */
  private isTypeCheckingTest(at: number): boolean {
    const { text } = this;
    const skip = () => {
      while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at += 1;
    };
    skip();
    let parens = 0;
    while (text.charCodeAt(at) === 40) {
      parens += 1;
      at += 1;
      skip();
    }
    let last: string;
    for (;;) {
      const start = at;
      if (!isIdentStart(text.charCodeAt(at))) return false;
      while (isIdentChar(text.charCodeAt(at))) at += 1;
      last = text.slice(start, at);
      skip();
      if (text.charCodeAt(at) !== 46) break;
      at += 1;
      skip();
    }
    for (; parens > 0; parens -= 1) {
      if (text.charCodeAt(at) !== 41) return false;
      at += 1;
      skip();
    }
    return last === 'TYPE_CHECKING' && text.charCodeAt(at) === 58 && text.charCodeAt(at + 1) !== 61;
  }

  /** Where a statement may start: parses it if it is an import. */
  private statement(): void {
    const { text } = this;
    while (text.charCodeAt(this.pos) === 32 || text.charCodeAt(this.pos) === 9) this.pos += 1;
    const code = text.charCodeAt(this.pos);
    if (code === 105 && this.word(this.pos, 'import')) this.importStatement();
    else if (code === 102 && this.word(this.pos, 'from')) this.fromStatement();
  }

  // --- import statements: a small lexer over names, dots, commas, parentheses and `*` ---

  /** Skips spaces, comments and (inside parentheses) line breaks; backslash continuations always. */
  private skipSpace(inParens: boolean): void {
    const { text, length } = this;
    while (this.pos < length) {
      const code = text.charCodeAt(this.pos);
      if (code === 32 || code === 9 || code === 12) this.pos += 1;
      else if (code === 92 && this.isLineEnd(text.charCodeAt(this.pos + 1))) this.continuation();
      else if (inParens && (code === 10 || code === 13)) this.newline(code);
      else if (inParens && code === 35) {
        while (this.pos < length && !this.isLineEnd(text.charCodeAt(this.pos))) this.pos += 1;
      } else break;
    }
  }

  private name(inParens: boolean): string {
    this.skipSpace(inParens);
    const { text } = this;
    const start = this.pos;
    if (!isIdentStart(text.charCodeAt(start))) return '';
    while (isIdentChar(text.charCodeAt(this.pos))) this.pos += 1;
    return text.slice(start, this.pos);
  }

  private dottedName(inParens: boolean): string {
    let name = this.name(inParens);
    if (!name) return '';
    for (;;) {
      const save = this.pos;
      this.skipSpace(inParens);
      if (this.text.charCodeAt(this.pos) !== 46) {
        this.pos = save;
        return name;
      }
      this.pos += 1;
      const part = this.name(inParens);
      if (!part) this.fail('invalid syntax in import statement');
      name += `.${part}`;
    }
  }

  private alias(inParens: boolean): void {
    const save = this.pos;
    this.skipSpace(inParens);
    if (this.word(this.pos, 'as')) {
      this.pos += 2;
      if (!this.name(inParens)) this.fail('invalid syntax: expected a name after "as"');
    } else this.pos = save;
  }

  /** After an import statement: only `;`, a comment or the end of the line may follow. */
  private endOfStatement(startLine: number): void {
    this.skipSpace(false);
    const code = this.text.charCodeAt(this.pos);
    if (this.pos < this.length && code !== 59 && code !== 35 && code !== 10 && code !== 13) {
      this.fail('invalid syntax in import statement', startLine);
    }
  }

  private importStatement(): void {
    const line = this.line;
    this.pos += 6;
    for (;;) {
      const module = this.dottedName(false);
      if (!module) this.fail('invalid syntax in import statement', line);
      this.imports.push({ line, typeChecking: this.typeChecking, level: 0, module, names: null });
      this.alias(false);
      this.skipSpace(false);
      if (this.text.charCodeAt(this.pos) !== 44) break;
      this.pos += 1;
    }
    this.endOfStatement(line);
  }

  private fromStatement(): void {
    const line = this.line;
    const { text } = this;
    this.pos += 4;
    let level = 0;
    for (;;) {
      this.skipSpace(false);
      if (text.charCodeAt(this.pos) !== 46) break;
      level += 1;
      this.pos += 1;
    }
    this.skipSpace(false);
    const module = this.word(this.pos, 'import') ? '' : this.dottedName(false);
    this.skipSpace(false);
    if (!this.word(this.pos, 'import') || (level === 0 && !module)) {
      this.fail('invalid syntax in from-import statement', line);
    }
    this.pos += 6;
    this.skipSpace(false);
    const names: string[] = [];
    if (text.charCodeAt(this.pos) === 42) {
      names.push('*');
      this.pos += 1;
    } else {
      const parenthesised = text.charCodeAt(this.pos) === 40;
      if (parenthesised) this.pos += 1;
      for (;;) {
        const name = this.name(parenthesised);
        if (!name) break;
        names.push(name);
        this.alias(parenthesised);
        this.skipSpace(parenthesised);
        if (text.charCodeAt(this.pos) !== 44) break;
        this.pos += 1;
      }
      if (parenthesised) {
        this.skipSpace(true);
        if (text.charCodeAt(this.pos) !== 41) {
          if (this.pos >= this.length) this.fail("'(' was never closed", line);
          this.fail('invalid syntax in from-import statement', line);
        }
        this.pos += 1;
      }
    }
    if (names.length === 0) this.fail('invalid syntax in from-import statement', line);
    this.imports.push({ line, typeChecking: this.typeChecking, level, module, names });
    this.endOfStatement(line);
  }

  // --- strings ---

  /** At a quote: works out the prefix (r, b, u, f, t and pairs) from the letters before it. */
  private string(): void {
    const { text } = this;
    let start = this.pos;
    while (start > 0 && this.pos - start < 2 && isPrefixLetter(text.charCodeAt(start - 1))) start -= 1;
    if (start > 0 && isIdentChar(text.charCodeAt(start - 1))) start = this.pos; // `or'x'`: a plain string
    let raw = false;
    let formatted = false;
    for (let at = start; at < this.pos; at += 1) {
      const lower = text.charCodeAt(at) | 32;
      if (lower === 114) raw = true;
      else if (lower === 102 || lower === 116) formatted = true;
    }
    this.pos = this.scanString(this.pos, raw, formatted);
  }

  /** Scans a string literal from its opening quote; returns the index after it. */
  private scanString(at: number, raw: boolean, formatted: boolean): number {
    const { text, length } = this;
    const quote = text.charCodeAt(at);
    const startLine = this.line;
    const triple = text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote;
    let index = at + (triple ? 3 : 1);
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === quote) {
        if (!triple) return index + 1;
        if (text.charCodeAt(index + 1) === quote && text.charCodeAt(index + 2) === quote) return index + 3;
        index += 1;
      } else if (code === 92) {
        // A backslash keeps the next character in the string, even in raw strings.
        const next = text.charCodeAt(index + 1);
        if (next === 10 || next === 13) {
          index += next === 13 && text.charCodeAt(index + 2) === 10 ? 3 : 2;
          this.line += 1;
        } else index += 2;
      } else if (code === 10 || code === 13) {
        if (!triple) this.fail('unterminated string literal', startLine);
        index += code === 13 && text.charCodeAt(index + 1) === 10 ? 2 : 1;
        this.line += 1;
      } else if (formatted && code === 123) {
        if (text.charCodeAt(index + 1) === 123) index += 2;
        else index = this.replacementField(index + 1, triple);
      } else index += 1;
    }
    void raw;
    return this.fail(triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal', startLine);
  }

  /** An f-string replacement field after its `{`: an expression, `!conversion`, `:format spec`, `}`. */
  private replacementField(at: number, triple: boolean): number {
    const { text, length } = this;
    let index = at;
    let nesting = 0;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === 39 || code === 34) {
        let start = index;
        while (start > at && index - start < 2 && isPrefixLetter(text.charCodeAt(start - 1))) start -= 1;
        if (start > at && isIdentChar(text.charCodeAt(start - 1))) start = index;
        let formatted = false;
        for (let p = start; p < index; p += 1) {
          const lower = text.charCodeAt(p) | 32;
          if (lower === 102 || lower === 116) formatted = true;
        }
        index = this.scanString(index, false, formatted);
      } else if (code === 10 || code === 13) {
        index += code === 13 && text.charCodeAt(index + 1) === 10 ? 2 : 1;
        this.line += 1;
      } else if (code === 35) {
        while (index < length && !this.isLineEnd(text.charCodeAt(index))) index += 1;
      } else if (code === 40 || code === 91 || code === 123) {
        nesting += 1;
        index += 1;
      } else if (code === 41 || code === 93) {
        nesting -= 1;
        index += 1;
      } else if (code === 125) {
        if (nesting === 0) return index + 1;
        nesting -= 1;
        index += 1;
      } else if (code === 58 && nesting === 0 && text.charCodeAt(index + 1) !== 61) {
        // Format spec: literal text with nested replacement fields, up to the closing brace.
        index += 1;
        while (index < length && text.charCodeAt(index) !== 125) {
          const spec = text.charCodeAt(index);
          if (spec === 123) index = this.replacementField(index + 1, triple);
          else if (spec === 10 || spec === 13) {
            if (!triple) this.fail("f-string: expecting '}'");
            index += 1;
            this.line += 1;
          } else index += 1;
        }
        if (index >= length) break;
        return index + 1;
      } else index += 1;
    }
    return this.fail("f-string: expecting '}'");
  }
}
