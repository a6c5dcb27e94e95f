// A tokenizer made for Python (following CPython's tokenize rules for strings, f-strings,
// brackets, continuation lines and comments) that finds every import statement at any depth.
// It only looks at token structure, never at raw lines, so imports inside strings, comments
// and docstrings are never seen, and modern syntax (match, walrus, PEP 701 f-strings, PEP 695)
// passes through as ordinary tokens.
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

const NAME = 1;
const OP = 2;
const STRING = 3;
const NUMBER = 4;

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);

function isIdentStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code > 127;
}

function isIdentChar(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57);
}

/** Scans `text` (the source of `path`) and returns its import statements in source order. */
export function scanImports(path: string, text: string): ScannedImport[] {
  const imports: ScannedImport[] = [];
  const length = text.length;
  // Fast path: no import keyword and nothing that could be malformed (strings, brackets, escapes).
  if (text.indexOf('import') === -1 && !/[([{'"\\\0]/.test(text)) return imports;
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  const openers: number[] = []; // line of each open bracket
  const openerChars: string[] = [];
  // Tokens of the current logical line (reused arrays; no allocation per token).
  let kinds: number[] = [];
  let starts: number[] = [];
  let ends: number[] = [];
  let lines: number[] = [];
  let depths: number[] = [];
  let count = 0;
  let indent = 0;
  let sawImport = false;
  let typeCheckingIndent = -1;

  const fail = (message: string, at: number): never => {
    throw new ContractsError('SourceSyntaxError', `Syntax error in ${path}, line ${at}: ${message}`, {
      file: path,
      line: at,
    });
  };

  const push = (kind: number, start: number, end: number, tokenLine: number) => {
    if (count === 0) indent = start - lineStart;
    kinds[count] = kind;
    starts[count] = start;
    ends[count] = end;
    lines[count] = tokenLine;
    depths[count] = depth;
    count += 1;
  };

  const is = (index: number, word: string): boolean =>
    index < count &&
    kinds[index] === NAME &&
    ends[index]! - starts[index]! === word.length &&
    text.startsWith(word, starts[index]!);
  const op = (index: number, char: string): boolean =>
    index < count && kinds[index] === OP && ends[index]! - starts[index]! === 1 && text[starts[index]!] === char;
  const tokenText = (index: number): string => text.slice(starts[index]!, ends[index]!);

  /** Scans a string literal whose opening quote is at `at`; returns the index after it. */
  const scanString = (at: number, raw: boolean, formatted: boolean): number => {
    const quote = text.charCodeAt(at);
    const startLine = line;
    const triple = text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote;
    let index = at + (triple ? 3 : 1);
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === 92) {
        // A backslash escapes the next character, even in raw strings (r"\"" is one string).
        if (text.charCodeAt(index + 1) === 10) {
          line += 1;
          lineStart = index + 2;
        }
        index += 2;
        continue;
      }
      if (code === 10) {
        if (!triple) fail('unterminated string literal', startLine);
        line += 1;
        lineStart = index + 1;
        index += 1;
        continue;
      }
      if (code === quote) {
        if (!triple) return index + 1;
        if (text.charCodeAt(index + 1) === quote && text.charCodeAt(index + 2) === quote) return index + 3;
        index += 1;
        continue;
      }
      if (formatted && code === 123) {
        if (text.charCodeAt(index + 1) === 123) {
          index += 2;
          continue;
        }
        index = scanReplacementField(index + 1);
        continue;
      }
      index += 1;
    }
    return fail(triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal', startLine);
  };

  /** Scans an f-string replacement field after its `{`; returns the index after the closing `}`. */
  const scanReplacementField = (at: number): number => {
    let index = at;
    let nesting = 0;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === 10) {
        line += 1;
        lineStart = index + 1;
        index += 1;
      } else if (code === 39 || code === 34) {
        index = scanStringWithPrefix(index, index);
      } else if (isIdentStart(code)) {
        const start = index;
        while (index < length && isIdentChar(text.charCodeAt(index))) index += 1;
        const next = text.charCodeAt(index);
        if ((next === 39 || next === 34) && index - start <= 2) index = scanStringWithPrefix(start, index);
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
          if (text.charCodeAt(index) === 123) index = scanReplacementField(index + 1);
          else if (text.charCodeAt(index) === 10) fail('unterminated f-string', line);
          else index += 1;
        }
        return index + 1;
      } else {
        index += 1;
      }
    }
    return fail("f-string: expecting '}'", line);
  };

  /** `start` is where the prefix begins, `quoteAt` the opening quote. */
  const scanStringWithPrefix = (start: number, quoteAt: number): number => {
    const prefix = text.slice(start, quoteAt).toLowerCase();
    return scanString(quoteAt, prefix.includes('r'), prefix.includes('f') || prefix.includes('t'));
  };

  const endLogicalLine = () => {
    if (count > 0) processLine();
    count = 0;
    sawImport = false;
  };

  const processLine = () => {
    // TYPE_CHECKING: the whole `if` statement (its elif and else branches too) counts.
    if (typeCheckingIndent >= 0 && indent <= typeCheckingIndent) {
      const continues = indent === typeCheckingIndent && (is(0, 'elif') || is(0, 'else'));
      if (!continues) typeCheckingIndent = -1;
    }
    if (typeCheckingIndent < 0 && (is(0, 'if') || is(0, 'elif')) && isTypeCheckingTest()) {
      typeCheckingIndent = indent;
    }
    if (!sawImport) return;
    const typeChecking = typeCheckingIndent >= 0;
    for (let index = 0; index < count; index += 1) {
      const atStatementStart = index === 0 || (depths[index - 1] === 0 && (op(index - 1, ';') || op(index - 1, ':')));
      if (!atStatementStart) continue;
      if (is(index, 'import')) index = parseImport(index, typeChecking);
      else if (is(index, 'from')) index = parseFrom(index, typeChecking);
    }
  };

  const isTypeCheckingTest = (): boolean => {
    // `if TYPE_CHECKING:` or `if a.b.TYPE_CHECKING:` (not `if not TYPE_CHECKING:`).
    let index = 1;
    if (kinds[index] !== NAME) return false;
    index += 1;
    while (op(index, '.') && kinds[index + 1] === NAME) index += 2;
    return op(index, ':') && tokenText(index - 1) === 'TYPE_CHECKING';
  };

  const dotted = (index: number): [string, number] => {
    if (kinds[index] !== NAME) return ['', index];
    let name = tokenText(index);
    index += 1;
    while (op(index, '.') && kinds[index + 1] === NAME) {
      name += `.${tokenText(index + 1)}`;
      index += 2;
    }
    return [name, index];
  };

  const statementEnd = (index: number): boolean => index >= count || op(index, ';');

  const parseImport = (at: number, typeChecking: boolean): number => {
    let index = at + 1;
    for (;;) {
      const [name, next] = dotted(index);
      if (!name) fail('invalid syntax in import statement', lines[at]!);
      imports.push({ line: lines[at]!, typeChecking, level: 0, module: name, names: null });
      index = next;
      if (is(index, 'as')) index += 2;
      if (op(index, ',')) {
        index += 1;
        continue;
      }
      if (!statementEnd(index)) fail('invalid syntax in import statement', lines[at]!);
      return index;
    }
  };

  const parseFrom = (at: number, typeChecking: boolean): number => {
    let index = at + 1;
    let level = 0;
    while (op(index, '.')) {
      level += 1;
      index += 1;
    }
    const [module, afterModule] = is(index, 'import') ? ['', index] : dotted(index);
    index = afterModule;
    if (!is(index, 'import') || (level === 0 && !module)) fail('invalid syntax in from-import statement', lines[at]!);
    index += 1;
    const names: string[] = [];
    if (op(index, '*')) {
      names.push('*');
      index += 1;
    } else {
      const parenthesised = op(index, '(');
      if (parenthesised) index += 1;
      while (kinds[index] === NAME) {
        names.push(tokenText(index));
        index += 1;
        if (is(index, 'as')) index += 2;
        if (!op(index, ',')) break;
        index += 1;
      }
      if (parenthesised) {
        if (!op(index, ')')) fail('invalid syntax in from-import statement', lines[at]!);
        index += 1;
      }
    }
    if (names.length === 0 || !statementEnd(index)) fail('invalid syntax in from-import statement', lines[at]!);
    imports.push({ line: lines[at]!, typeChecking, level, module, names });
    return index;
  };

  while (pos < length) {
    const code = text.charCodeAt(pos);
    if (code === 10) {
      line += 1;
      lineStart = pos + 1;
      pos += 1;
      if (depth === 0) endLogicalLine();
    } else if (code === 32 || code === 9 || code === 13 || code === 12) {
      pos += 1;
    } else if (code === 35) {
      while (pos < length && text.charCodeAt(pos) !== 10) pos += 1;
    } else if (isIdentStart(code)) {
      const start = pos;
      while (pos < length && isIdentChar(text.charCodeAt(pos))) pos += 1;
      const next = text.charCodeAt(pos);
      if (
        (next === 39 || next === 34) &&
        pos - start <= 2 &&
        STRING_PREFIXES.has(text.slice(start, pos).toLowerCase())
      ) {
        const startLine = line;
        pos = scanStringWithPrefix(start, pos);
        push(STRING, start, pos, startLine);
      } else {
        if (pos - start === 6 && text.startsWith('import', start)) sawImport = true;
        push(NAME, start, pos, line);
      }
    } else if (code === 39 || code === 34) {
      const start = pos;
      const startLine = line;
      pos = scanString(pos, false, false);
      push(STRING, start, pos, startLine);
    } else if (
      (code >= 48 && code <= 57) ||
      (code === 46 && text.charCodeAt(pos + 1) >= 48 && text.charCodeAt(pos + 1) <= 57)
    ) {
      const start = pos;
      pos += 1;
      while (pos < length) {
        const c = text.charCodeAt(pos);
        if (isIdentChar(c) || c === 46) pos += 1;
        else if ((c === 43 || c === 45) && (text.charCodeAt(pos - 1) | 32) === 101)
          pos += 1; // 1e-5
        else break;
      }
      push(NUMBER, start, pos, line);
    } else if (code === 92) {
      if (text.charCodeAt(pos + 1) === 10) {
        line += 1;
        pos += 2;
        lineStart = pos;
      } else if (text.charCodeAt(pos + 1) === 13 && text.charCodeAt(pos + 2) === 10) {
        line += 1;
        pos += 3;
        lineStart = pos;
      } else {
        fail('unexpected character after line continuation character', line);
      }
    } else if (code === 0) {
      fail('source code cannot contain null bytes', line);
    } else {
      if (code === 40 || code === 91 || code === 123) {
        push(OP, pos, pos + 1, line);
        openers.push(line);
        openerChars.push(text[pos]!);
        depth += 1;
      } else if (code === 41 || code === 93 || code === 125) {
        if (depth === 0) fail(`unmatched '${text[pos]}'`, line);
        depth -= 1;
        openers.pop();
        openerChars.pop();
        push(OP, pos, pos + 1, line);
      } else if (code === 58 && text.charCodeAt(pos + 1) === 61) {
        push(OP, pos, pos + 2, line); // walrus, one token
        pos += 1;
      } else {
        push(OP, pos, pos + 1, line);
      }
      pos += 1;
    }
  }
  if (depth > 0) fail(`'${openerChars[0]}' was never closed`, openers[0]!);
  endLogicalLine();
  kinds = starts = ends = lines = depths = [];
  return imports;
}
