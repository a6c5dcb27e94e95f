// Finds every import statement in Python source, following CPython's tokenizer rules for what is
// code and what is not: comments, all string prefixes, triple quotes, PEP 701 f-strings (nested
// quotes and replacement fields), backslash continuations and brackets. It works on UTF-8 bytes:
// every character that matters to the tokenizer is ASCII, and a byte of a multi-byte sequence is
// part of an identifier, a string or a comment, so no decoding is needed (indexing bytes is also
// about twice as fast as charCodeAt). The hot loop skips every byte that cannot change the state
// (letters, digits, spaces, most operators) with one table lookup, and only looks at words where a
// statement can start: at the start of a logical line, after `;`, and after the `:` of a one-line
// compound statement. Indentation is tracked per logical line for the TYPE_CHECKING rule (grimp's:
// the whole `if TYPE_CHECKING:` / `if x.TYPE_CHECKING:` statement, its elif/else branches included)
// and to report the indentation errors CPython would.
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

// The bytes the tokenizer looks at (every one of them is ASCII).
const NUL = 0x00;
const TAB = 0x09;
const LF = 0x0a;
const FORM_FEED = 0x0c;
const CR = 0x0d;
const SPACE = 0x20;
const DOUBLE_QUOTE = 0x22;
const HASH = 0x23;
const DOLLAR = 0x24;
const APOSTROPHE = 0x27;
const LEFT_PAREN = 0x28;
const RIGHT_PAREN = 0x29;
const ASTERISK = 0x2a;
const COMMA = 0x2c;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const QUESTION_MARK = 0x3f;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const LEFT_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RIGHT_BRACKET = 0x5d;
const UNDERSCORE = 0x5f;
const BACKTICK = 0x60;
const LOWER_A = 0x61;
const LOWER_B = 0x62;
const LOWER_F = 0x66;
const LOWER_I = 0x69;
const LOWER_R = 0x72;
const LOWER_T = 0x74;
const LOWER_U = 0x75;
const LOWER_Z = 0x7a;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
/** Bytes from here on are parts of multi-byte UTF-8 characters. */
const FIRST_NON_ASCII = 0x80;
/** `byte | CASE_BIT` is the lower case of an ASCII letter. */
const CASE_BIT = 0x20;
const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
/** CPython's tab stops, for indentation. */
const TAB_SIZE = 8;

// Byte classes for the hot loop (bytes >= FIRST_NON_ASCII belong to multi-byte characters: plain).
const PLAIN = 0;
const NEWLINE = 1;
const CARRIAGE = 2;
const COMMENT = 3;
const QUOTE = 4;
const OPEN = 5;
const CLOSE = 6;
const CONTINUATION = 7;
const SEPARATOR = 8;
const BLOCK_COLON = 9;
const INVALID = 10;
const CLASS = new Uint8Array(256);
CLASS[LF] = NEWLINE;
CLASS[CR] = CARRIAGE;
CLASS[HASH] = COMMENT;
CLASS[DOUBLE_QUOTE] = QUOTE;
CLASS[APOSTROPHE] = QUOTE;
CLASS[LEFT_PAREN] = OPEN;
CLASS[LEFT_BRACKET] = OPEN;
CLASS[LEFT_BRACE] = OPEN;
CLASS[RIGHT_PAREN] = CLOSE;
CLASS[RIGHT_BRACKET] = CLOSE;
CLASS[RIGHT_BRACE] = CLOSE;
CLASS[BACKSLASH] = CONTINUATION;
CLASS[SEMICOLON] = SEPARATOR;
CLASS[COLON] = BLOCK_COLON;
CLASS[NUL] = INVALID;
CLASS[DOLLAR] = INVALID;
CLASS[QUESTION_MARK] = INVALID;
CLASS[BACKTICK] = INVALID;

// 1: may continue an identifier, 2: may also start one (letters, `_`, and any non-ASCII byte).
const IDENT = new Uint8Array(256);
for (let code = 0; code < 256; code += 1) {
  if ((code >= LOWER_A && code <= LOWER_Z) || (code >= UPPER_A && code <= UPPER_Z) || code === UNDERSCORE)
    IDENT[code] = 2;
  else if (code >= FIRST_NON_ASCII) IDENT[code] = 2;
  else if (code >= DIGIT_0 && code <= DIGIT_9) IDENT[code] = 1;
}
// Out-of-range reads give undefined, which is neither.
const isIdentChar = (code: number | undefined): boolean => IDENT[code!]! > 0;
const isIdentStart = (code: number | undefined): boolean => IDENT[code!] === 2;
const isPrefixLetter = (code: number | undefined): boolean => {
  const lower = code! | CASE_BIT;
  return lower === LOWER_R || lower === LOWER_B || lower === LOWER_U || lower === LOWER_F || lower === LOWER_T;
};
const CLOSER_OF = new Uint8Array(FIRST_NON_ASCII);
CLOSER_OF[LEFT_PAREN] = RIGHT_PAREN;
CLOSER_OF[LEFT_BRACKET] = RIGHT_BRACKET;
CLOSER_OF[LEFT_BRACE] = RIGHT_BRACE;
// Bytes that end a run of plain string content: quotes, backslash, line breaks, `{` (f-strings).
const STRING_STOP = new Uint8Array(256);
for (const code of [DOUBLE_QUOTE, APOSTROPHE, BACKSLASH, LF, CR, LEFT_BRACE]) STRING_STOP[code] = 1;

const ascii = (word: string) => Uint8Array.from(word, (char) => char.charCodeAt(0));
const IMPORT = ascii('import');
const FROM = ascii('from');
const AS = ascii('as');
const IF = ascii('if');
const ELIF = ascii('elif');
const ELSE = ascii('else');
const TYPE_CHECKING = ascii('TYPE_CHECKING');

const IDENTIFIER_START = /[\p{XID_Start}_]/u;
const IDENTIFIER_CONTINUE = /\p{XID_Continue}/u;

/** The first character of `name` that CPython would not accept in an identifier ('' and `*` pass). */
function invalidIdentifierChar(name: string): string | undefined {
  if (name === '*') return undefined;
  let first = true;
  for (const char of name) {
    if (!(first ? IDENTIFIER_START : IDENTIFIER_CONTINUE).test(char)) return char;
    first = false;
  }
  return undefined;
}

const encoder = new TextEncoder();
// ignoreBOM: a U+FEFF that starts a name stays in it.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

// The names of a file's imports are copied here ('\n' after each) and decoded once per file, so a
// file costs one string creation, not one per name. Reused: scanning is synchronous.
let names = new Uint8Array(1 << 12);

/** Scans `text` (the source of `path`) and returns its import statements in source order. */
export function scanImports(path: string, text: string): ScannedImport[] {
  return scanUtf8(path, encoder.encode(text)); // a leading BOM is dropped by the scanner
}

/** Scans source already decoded to valid UTF-8 bytes (see utf8Source). */
export function scanUtf8(path: string, source: Uint8Array): ScannedImport[] {
  return new Scanner(path, source).run();
}

/**
 * Where scanUtf8Into appends a file's imports: compact-scans.ts's CompactWriter (declared here so
 * that the scanner does not import the module that imports its types). `records` holds per
 * statement line, typeChecking (0/1), level and number of names (-1: a plain import); the names,
 * the module first, are in `names`, each ended by '\n' at nameEnds[k]; or, for a file with
 * non-ASCII names, decoded in `decoded`.
 */
export interface ScanSink {
  addScanned(records: number[], names: Uint8Array, nameEnds: number[], decoded: string[] | null): void;
}

/**
 * Scans like scanUtf8, appending the file's imports to `writer` (compact-scans.ts) instead of
 * returning objects: ASCII names (nearly all) go from the source bytes to the writer's string table
 * without a string per name. Nothing is appended when the source does not scan (it throws).
 */
export function scanUtf8Into(path: string, source: Uint8Array, writer: ScanSink): void {
  new Scanner(path, source).runInto(writer);
}

class Scanner {
  private readonly path: string;
  private readonly src: Uint8Array;
  private readonly length: number;
  private pos = 0;
  private line = 1;
  /** Per import statement: line, typeChecking (0/1), level, number of names (-1: a plain import). */
  private readonly records: number[] = [];
  /** Bytes used in `names`. */
  private written = 0;
  /** Where each name ends in `names` (the position of its '\n'), and whether any byte is >= FIRST_NON_ASCII. */
  private readonly nameEnds: number[] = [];
  private nonAscii = 0;
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

  constructor(path: string, source: Uint8Array) {
    this.path = path;
    this.src =
      source[0] === UTF8_BOM[0] && source[1] === UTF8_BOM[1] && source[2] === UTF8_BOM[2]
        ? source.subarray(UTF8_BOM.length)
        : source;
    this.length = this.src.length;
  }

  private fail(message: string, line = this.line): never {
    const lines = utf8.decode(this.src).split(/\r\n|\r|\n/);
    const source = lines[line - 1]?.trim() ?? '';
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
    this.scan();
    return this.results();
  }

  runInto(writer: ScanSink): void {
    this.scan();
    const { records, nameEnds } = this;
    // Non-ASCII names are validated and normalised as results() does, then added as strings.
    const decoded =
      this.nonAscii && records.length > 0
        ? this.normaliseNames(utf8.decode(names.subarray(0, this.written)).split('\n'))
        : null;
    writer.addScanned(records, names, nameEnds, decoded);
  }

  private scan(): void {
    const { src, length } = this;
    this.startLogicalLine();
    while (this.pos < length) {
      // The hot loop: skip plain bytes with local state only.
      let at = this.pos;
      let code = src[at]!;
      while (CLASS[code] === PLAIN) {
        at += 1;
        if (at >= length) break;
        code = src[at]!;
      }
      this.pos = at;
      if (at >= length) break;
      switch (CLASS[code]) {
        case NEWLINE:
          this.pos = at + 1;
          this.line += 1;
          if (this.brackets.length === 0) this.endLogicalLine();
          break;
        case CARRIAGE:
          this.newline(code);
          if (this.brackets.length === 0) this.endLogicalLine();
          break;
        case COMMENT: {
          let end = at;
          while (end < length && src[end] !== LF && src[end] !== CR) end += 1;
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
        case CONTINUATION:
          this.continuation();
          break;
        case SEPARATOR:
          this.pos += 1;
          if (this.brackets.length === 0) this.statement();
          break;
        case BLOCK_COLON:
          this.pos += 1;
          if (this.brackets.length === 0 && src[this.pos] !== EQUALS) {
            this.lastColonAt = this.pos;
            this.statement(); // `if x: import y`, `else: import z`, `case 1: from a import b`
          }
          break;
        default:
          if (code === NUL) this.fail('source code cannot contain null bytes');
          this.fail(`invalid character '${String.fromCharCode(code)}'`);
      }
    }
    if (this.brackets.length > 0) {
      this.fail(`'${String.fromCharCode(this.brackets[0]!)}' was never closed`, this.bracketLines[0]);
    }
    this.endLogicalLine();
    if (this.expectBlock) this.fail('expected an indented block', this.blockLine);
  }

  /** The import statements, their names decoded from `names` in one go. */
  private results(): ScannedImport[] {
    const { records, nameEnds } = this;
    if (records.length === 0) return [];
    const text = utf8.decode(names.subarray(0, this.written));
    // All ASCII (nearly always): byte offsets are string offsets, and slicing beats split('\n').
    const decoded = this.nonAscii
      ? this.normaliseNames(text.split('\n'))
      : nameEnds.map((end, index) => text.slice(index === 0 ? 0 : nameEnds[index - 1]! + 1, end));
    const imports: ScannedImport[] = [];
    let next = 0;
    for (let index = 0; index < records.length; index += 4) {
      const count = records[index + 3]!;
      const module = decoded[next++]!;
      let found: string[] | null = null;
      if (count >= 0) {
        found = decoded.slice(next, next + count);
        next += count;
      }
      imports.push({
        line: records[index]!,
        typeChecking: records[index + 1] === 1,
        level: records[index + 2]!,
        module,
        names: found,
      });
    }
    return imports;
  }

  /**
   * Names with non-ASCII letters, as CPython reads them: each character must be one an identifier
   * may hold (the scanner took every non-ASCII byte for one), and the name is NFKC-normalised, so
   * `import ｏｓ` imports `os`. Keywords are not normalised: `ｉｍｐｏｒｔ os` is no import.
   */
  private normaliseNames(decoded: string[]): string[] {
    const { records } = this;
    let next = 0;
    for (let index = 0; index < records.length; index += 4) {
      const count = Math.max(records[index + 3]!, 0) + 1; // the module, then the names
      for (const name of decoded.slice(next, next + count)) {
        for (const part of name.split('.')) {
          const bad = invalidIdentifierChar(part);
          if (bad !== undefined) {
            const hex = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
            this.fail(`invalid character '${bad}' (U+${hex})`, records[index]);
          }
        }
      }
      next += count;
    }
    return decoded.map((name) => name.normalize('NFKC'));
  }

  private isLineEnd(code: number | undefined): boolean {
    return code === LF || code === CR;
  }

  /** Steps over a line break at pos (\n, \r\n or \r). */
  private newline(code: number): void {
    this.pos += code === CR && this.src[this.pos + 1] === LF ? 2 : 1;
    this.line += 1;
  }

  private continuation(): void {
    const next = this.src[this.pos + 1];
    if (next === LF || next === CR) {
      this.pos += 1;
      this.newline(next);
      // CPython: a continued line must continue; a file may not end right after the backslash.
      if (this.pos >= this.length) this.fail('unexpected EOF while parsing', this.line - 1);
      return;
    }
    if (this.pos + 1 >= this.length) this.fail('unexpected EOF after line continuation character');
    this.fail('unexpected character after line continuation character');
  }

  private endLogicalLine(): void {
    // A logical line ending in `:` (outside brackets, strings and comments) opens a block.
    if (this.lastColonAt >= 0) {
      let at = this.lastColonAt;
      const { src } = this;
      // `if x: \` + `pass`: a backslash continuation joins the next line to this one.
      for (;;) {
        const code = src[at];
        if (code === SPACE || code === TAB || code === FORM_FEED) at += 1;
        else if (code === BACKSLASH && this.isLineEnd(src[at + 1]))
          at += src[at + 1] === CR && src[at + 2] === LF ? 3 : 2;
        else break;
      }
      const next = src[at];
      if (at >= this.pos || next === HASH || next === LF || next === CR) {
        this.expectBlock = true;
        this.blockLine = this.line - 1;
      }
    }
    this.lastColonAt = -1;
    this.startLogicalLine();
  }

  /** At the start of a physical line outside brackets: measures indentation, then the first statement. */
  private startLogicalLine(): void {
    const { src, length } = this;
    let at = this.pos;
    while (at < length && src[at] === SPACE) at += 1; // spaces only: the common case
    let column = at - this.pos;
    // CPython's tokenizer: indentation may be continued over lines with backslashes, and the column
    // of the first backslash (when not 0) is the line's indentation; a form feed resets the count.
    let continuedAt = 0;
    while (at < length) {
      const code = src[at];
      if (code === SPACE) column += 1;
      else if (code === TAB) column = (Math.floor(column / TAB_SIZE) + 1) * TAB_SIZE;
      else if (code === FORM_FEED) column = 0;
      else if (code === BACKSLASH && this.isLineEnd(src[at + 1])) {
        if (continuedAt === 0) continuedAt = column;
        this.pos = at;
        this.continuation();
        at = this.pos;
        continue;
      } else break;
      at += 1;
    }
    this.pos = at;
    if (at >= length) return;
    const code = src[at];
    if (code === LF || code === CR || code === HASH) return; // blank or comment-only line
    if (continuedAt !== 0) column = continuedAt;
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
    if (column === current) return;
    if (column > current) this.fail('unexpected indent');
    while (column < indents[indents.length - 1]!) indents.pop();
    if (column !== indents[indents.length - 1]!) this.fail('unindent does not match any outer indentation level');
  }

  /** Whether the keyword `word` (not a longer identifier) is at `at`. */
  private word(at: number, word: Uint8Array): boolean {
    const { src } = this;
    for (let index = 0; index < word.length; index += 1) if (src[at + index] !== word[index]) return false;
    return !isIdentChar(src[at + word.length]);
  }

  private typeCheckingScope(column: number): void {
    const open = this.typeCheckingIndents;
    while (open.length > 0 && column <= open[open.length - 1]!) {
      if (column === open[open.length - 1]! && (this.word(this.pos, ELIF) || this.word(this.pos, ELSE))) break;
      open.pop();
      this.typeChecking = false; // as grimp: leaving any TYPE_CHECKING `if` clears the flag
    }
    if (this.src[this.pos] === LOWER_I && this.word(this.pos, IF) && this.isTypeCheckingTest(this.pos + IF.length)) {
      open.push(column);
      this.typeChecking = true;
    }
  }

  /** `TYPE_CHECKING:` or `a.b.TYPE_CHECKING:`, optionally in parentheses (not `not TYPE_CHECKING`). */
  private isTypeCheckingTest(at: number): boolean {
    const { src, length } = this;
    let parens = 0;
    // A look-ahead: lines are counted when the main loop gets there.
    const skip = () => {
      for (;;) {
        const code = src[at];
        if (code === SPACE || code === TAB || code === FORM_FEED) at += 1;
        else if (code === BACKSLASH && this.isLineEnd(src[at + 1]))
          at += src[at + 1] === CR && src[at + 2] === LF ? 3 : 2;
        else if (parens > 0 && this.isLineEnd(code)) at += 1;
        else if (parens > 0 && code === HASH) {
          while (at < length && !this.isLineEnd(src[at])) at += 1;
        } else break;
      }
    };
    skip();
    while (src[at] === LEFT_PAREN) {
      parens += 1;
      at += 1;
      skip();
    }
    let lastStart: number;
    let lastEnd: number;
    for (;;) {
      lastStart = at;
      if (!isIdentStart(src[at])) return false;
      while (isIdentChar(src[at])) at += 1;
      lastEnd = at;
      skip();
      if (src[at] !== DOT) break;
      at += 1;
      skip();
    }
    for (; parens > 0; parens -= 1) {
      if (src[at] !== RIGHT_PAREN) return false;
      at += 1;
      skip();
    }
    if (src[at] !== COLON || src[at + 1] === EQUALS) return false;
    return this.isTypeCheckingName(lastStart, lastEnd);
  }

  /** Whether the name at [start, end) is TYPE_CHECKING, spelled in ASCII or in letters NFKC maps to it. */
  private isTypeCheckingName(start: number, end: number): boolean {
    const { src } = this;
    let ascii = true;
    for (let at = start; at < end; at += 1) if (src[at]! >= FIRST_NON_ASCII) ascii = false;
    if (!ascii) return utf8.decode(src.subarray(start, end)).normalize('NFKC') === 'TYPE_CHECKING';
    if (end - start !== TYPE_CHECKING.length) return false;
    for (let index = 0; index < TYPE_CHECKING.length; index += 1) {
      if (src[start + index] !== TYPE_CHECKING[index]) return false;
    }
    return true;
  }

  /** Where a statement may start: parses it if it is an import. */
  private statement(): void {
    const { src } = this;
    let code = src[this.pos];
    // `x = 1;\fimport y`, `if x: \` + `import y`: form feeds and continuations are whitespace too.
    if (code === SPACE || code === TAB || code === FORM_FEED || code === BACKSLASH) {
      this.skipSpace(false);
      code = src[this.pos];
    }
    const at = this.pos;
    if (code === LOWER_I) {
      if (this.word(at, IMPORT)) this.importStatement();
    } else if (code === LOWER_F && this.word(at, FROM)) this.fromStatement();
  }

  // --- import statements: a small lexer over names, dots, commas, parentheses and `*` ---

  /** Skips spaces, comments and (inside parentheses) line breaks; backslash continuations always. */
  private skipSpace(inParens: boolean): void {
    const { src, length } = this;
    while (this.pos < length) {
      const code = src[this.pos];
      if (code === SPACE || code === TAB || code === FORM_FEED) this.pos += 1;
      else if (code === BACKSLASH && this.isLineEnd(src[this.pos + 1])) this.continuation();
      else if (inParens && (code === LF || code === CR)) this.newline(code);
      else if (inParens && code === HASH) {
        while (this.pos < length && !this.isLineEnd(src[this.pos])) this.pos += 1;
      } else break;
    }
  }

  /** Appends bytes to `names`, growing it when needed. */
  private write(from: number, to: number): void {
    const needed = this.written + (to - from) + 1;
    if (needed > names.length) {
      const grown = new Uint8Array(Math.max(needed, names.length * 2));
      grown.set(names.subarray(0, this.written));
      names = grown;
    }
    const { src } = this;
    let written = this.written;
    let seen = 0;
    for (let at = from; at < to; at += 1) seen |= names[written++] = src[at]!;
    this.written = written;
    this.nonAscii |= seen & FIRST_NON_ASCII;
  }

  private writeByte(code: number): void {
    if (this.written + 1 > names.length) this.write(0, 0);
    names[this.written++] = code;
  }

  /** Ends the current name. */
  private endName(): void {
    this.nameEnds.push(this.written);
    this.writeByte(LF);
  }

  /** Reads an identifier; with `keep`, appends it to `names`. False when there is none. */
  private name(inParens: boolean, keep: boolean): boolean {
    this.skipSpace(inParens);
    const { src } = this;
    const start = this.pos;
    if (!isIdentStart(src[start])) return false;
    let at = start + 1;
    while (isIdentChar(src[at])) at += 1;
    this.pos = at;
    if (keep) this.write(start, at);
    return true;
  }

  /** Reads `a.b.c` (spaces allowed around the dots) into `names`. False when there is no name. */
  private dottedName(inParens: boolean): boolean {
    if (!this.name(inParens, true)) return false;
    for (;;) {
      // Not undone when no dot follows: whatever comes next may be preceded by the same space,
      // and stepping back over a line break would count it twice.
      this.skipSpace(inParens);
      if (this.src[this.pos] !== DOT) return true;
      this.pos += 1;
      this.writeByte(DOT);
      if (!this.name(inParens, true)) this.fail('invalid syntax in import statement');
    }
  }

  private alias(inParens: boolean): void {
    this.skipSpace(inParens); // kept, as in dottedName
    if (this.word(this.pos, AS)) {
      this.pos += AS.length;
      if (!this.name(inParens, false)) this.fail('invalid syntax: expected a name after "as"');
    }
  }

  /** After an import statement: only `;`, a comment or the end of the line may follow. */
  private endOfStatement(startLine: number): void {
    this.skipSpace(false);
    const code = this.src[this.pos];
    if (this.pos < this.length && code !== SEMICOLON && code !== HASH && code !== LF && code !== CR) {
      this.fail('invalid syntax in import statement', startLine);
    }
  }

  private importStatement(): void {
    const line = this.line;
    this.pos += IMPORT.length;
    for (;;) {
      if (!this.dottedName(false)) this.fail('invalid syntax in import statement', line);
      this.endName();
      this.records.push(line, this.typeChecking ? 1 : 0, 0, -1);
      this.alias(false);
      this.skipSpace(false);
      if (this.src[this.pos] !== COMMA) break;
      this.pos += 1;
    }
    this.endOfStatement(line);
  }

  private fromStatement(): void {
    const line = this.line;
    const { src } = this;
    this.pos += FROM.length;
    let level = 0;
    for (;;) {
      this.skipSpace(false);
      if (src[this.pos] !== DOT) break;
      level += 1;
      this.pos += 1;
    }
    this.skipSpace(false);
    const hasModule = !this.word(this.pos, IMPORT) && this.dottedName(false);
    this.endName();
    this.skipSpace(false);
    if (!this.word(this.pos, IMPORT) || (level === 0 && !hasModule)) {
      this.fail('invalid syntax in from-import statement', line);
    }
    this.pos += IMPORT.length;
    this.skipSpace(false);
    let count = 0;
    if (src[this.pos] === ASTERISK) {
      this.writeByte(ASTERISK);
      this.endName();
      count = 1;
      this.pos += 1;
    } else {
      const parenthesised = src[this.pos] === LEFT_PAREN;
      if (parenthesised) this.pos += 1;
      for (;;) {
        if (!this.name(parenthesised, true)) break;
        this.endName();
        count += 1;
        this.alias(parenthesised);
        this.skipSpace(parenthesised);
        if (src[this.pos] !== COMMA) break;
        this.pos += 1;
      }
      if (parenthesised) {
        this.skipSpace(true);
        if (src[this.pos] !== RIGHT_PAREN) {
          if (this.pos >= this.length) this.fail("'(' was never closed", line);
          this.fail('invalid syntax in from-import statement', line);
        }
        this.pos += 1;
      }
    }
    if (count === 0) this.fail('invalid syntax in from-import statement', line);
    this.records.push(line, this.typeChecking ? 1 : 0, level, count);
    this.endOfStatement(line);
  }

  // --- strings ---

  /** At a quote: works out the prefix (r, b, u, f, t and pairs) from the letters before it. */
  private string(): void {
    const { src } = this;
    let start = this.pos;
    while (start > 0 && this.pos - start < 2 && isPrefixLetter(src[start - 1])) start -= 1;
    if (start > 0 && isIdentChar(src[start - 1])) start = this.pos; // `or'x'`: a plain string
    let formatted = false;
    for (let at = start; at < this.pos; at += 1) {
      const lower = src[at]! | CASE_BIT;
      if (lower === LOWER_F || lower === LOWER_T) formatted = true;
    }
    this.pos = this.scanString(this.pos, formatted);
  }

  /** Scans a string literal from its opening quote; returns the index after it. */
  private scanString(at: number, formatted: boolean): number {
    const { src, length } = this;
    const quote = src[at];
    const startLine = this.line;
    const triple = src[at + 1] === quote && src[at + 2] === quote;
    let index = at + (triple ? 3 : 1);
    while (index < length) {
      let code = src[index]!;
      while (STRING_STOP[code] === 0) {
        index += 1;
        if (index >= length) break;
        code = src[index]!;
      }
      if (index >= length) break;
      if (code === quote) {
        if (!triple) return index + 1;
        if (src[index + 1] === quote && src[index + 2] === quote) return index + 3;
        index += 1;
      } else if (code === BACKSLASH) {
        // A backslash keeps the next character in the string, even in raw strings.
        const next = src[index + 1];
        if (next === LF || next === CR) {
          index += next === CR && src[index + 2] === LF ? 3 : 2;
          this.line += 1;
        } else index += 2;
      } else if (code === LF || code === CR) {
        if (!triple) this.fail('unterminated string literal', startLine);
        index += code === CR && src[index + 1] === LF ? 2 : 1;
        this.line += 1;
      } else if (formatted && code === LEFT_BRACE) {
        if (src[index + 1] === LEFT_BRACE) index += 2;
        else index = this.replacementField(index + 1, triple);
      } else index += 1;
    }
    return this.fail(triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal', startLine);
  }

  /** An f-string replacement field after its `{`: an expression, `!conversion`, `:format spec`, `}`. */
  private replacementField(at: number, triple: boolean): number {
    const { src, length } = this;
    let index = at;
    let nesting = 0;
    while (index < length) {
      const code = src[index];
      if (code === APOSTROPHE || code === DOUBLE_QUOTE) {
        let start = index;
        while (start > at && index - start < 2 && isPrefixLetter(src[start - 1])) start -= 1;
        if (start > at && isIdentChar(src[start - 1])) start = index;
        let formatted = false;
        for (let p = start; p < index; p += 1) {
          const lower = src[p]! | CASE_BIT;
          if (lower === LOWER_F || lower === LOWER_T) formatted = true;
        }
        index = this.scanString(index, formatted);
      } else if (code === LF || code === CR) {
        index += code === CR && src[index + 1] === LF ? 2 : 1;
        this.line += 1;
      } else if (code === HASH) {
        while (index < length && !this.isLineEnd(src[index])) index += 1;
      } else if (code === LEFT_PAREN || code === LEFT_BRACKET || code === LEFT_BRACE) {
        nesting += 1;
        index += 1;
      } else if (code === RIGHT_PAREN || code === RIGHT_BRACKET) {
        nesting -= 1;
        index += 1;
      } else if (code === RIGHT_BRACE) {
        if (nesting === 0) return index + 1;
        nesting -= 1;
        index += 1;
      } else if (code === COLON && nesting === 0 && src[index + 1] !== EQUALS) {
        // Format spec: literal text with nested replacement fields, up to the closing brace.
        index += 1;
        while (index < length && src[index] !== RIGHT_BRACE) {
          const spec = src[index];
          if (spec === LEFT_BRACE) index = this.replacementField(index + 1, triple);
          else if (spec === LF || spec === CR) {
            if (!triple) this.fail("f-string: expecting '}'");
            index += spec === CR && src[index + 1] === LF ? 2 : 1;
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
