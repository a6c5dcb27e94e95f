// Inputs where the scanner once disagreed with CPython, so a learner could hide an import from the
// contracts (or get wrong line numbers). Every expectation here is what CPython 3.11's
// `ast.parse` gives for the same source (and so grimp, which reads the same tree).
import { describe, expect, it } from 'vitest';
import { ContractsError, scanImports } from '../../../src/contracts/index.ts';

const modules = (source: string) =>
  scanImports('m.py', source).map(
    (found) =>
      `${found.line}:${'.'.repeat(found.level)}${found.module}${found.names ? `:${found.names.join(',')}` : ''}${found.typeChecking ? ':tc' : ''}`,
  );

function errorOf(source: string): ContractsError {
  try {
    scanImports('pkg/bad.py', source);
  } catch (error) {
    if (error instanceof ContractsError) return error;
    throw error;
  }
  throw new Error('expected a SourceSyntaxError');
}

describe('scanner: form feeds are whitespace', () => {
  it('finds imports after a form feed at a line start, after ; and after a one-line colon', () => {
    expect(modules('\fimport a\nx = 1;\fimport b\nif x:\fimport c\nif y: \f from d import e\n')).toEqual([
      '1:a',
      '2:b',
      '3:c',
      '4:d:e',
    ]);
  });

  it('resets the indentation count, as CPython does', () => {
    expect(modules('if x:\n    y = 1\n\f    import a\n')).toEqual(['3:a']);
    expect(errorOf('if x:\n    \fimport a\n').line).toBe(1); // expected an indented block
  });

  it('sees TYPE_CHECKING behind form feeds', () => {
    expect(modules('if\fTYPE_CHECKING\f:\n    import a\n\felse:\n    import b\nimport c\n')).toEqual([
      '2:a:tc',
      '4:b:tc',
      '5:c',
    ]);
  });
});

describe('scanner: a line holding only a backslash', () => {
  it('joins the next line, which can hold an import', () => {
    expect(modules('\\\nimport a\nx = 1\n\\\n\\\nfrom b import c\n')).toEqual(['2:a', '6:b:c']);
    expect(modules('\\\r\nimport a\r\n\\\rimport b\r')).toEqual(['2:a', '4:b']);
  });

  it('continues a statement list after ; and a one-line compound statement after :', () => {
    expect(modules('x = 1; \\\nimport a\nif x: \\\nimport b\nelse:\\\n  from c import d\n')).toEqual([
      '2:a',
      '4:b',
      '6:c:d',
    ]);
  });

  it('does not open a block after `if x: \\` (the body is on the joined line)', () => {
    expect(modules('if x: \\\npass\nif y: \\\n    pass\nimport a\n')).toEqual(['5:a']);
  });

  it('takes the indentation from the first backslash that is not at column 0', () => {
    // The import is inside the `if` block: the backslash stands at column 4.
    expect(modules('if TYPE_CHECKING:\n    pass\n    \\\nimport a\nimport b\n')).toEqual(['4:a:tc', '5:b']);
    // A backslash at column 0 leaves the indentation to the next line.
    expect(modules('if TYPE_CHECKING:\n    pass\n\\\n    import a\nimport b\n')).toEqual(['4:a:tc', '5:b']);
    expect(errorOf('\\\n    import a\n').line).toBe(2); // unexpected indent
    expect(errorOf('\\\n  \\\nimport a\n').line).toBe(3); // the second backslash sets column 2
  });

  it('sees TYPE_CHECKING across continuations and inside parentheses', () => {
    expect(modules('if \\\nTYPE_CHECKING:\n import a\nif (\n  TYPE_CHECKING  # why\n):\n import b\n')).toEqual([
      '3:a:tc',
      '7:b:tc',
    ]);
  });

  it('rejects a file that ends right after a continuation', () => {
    const error = errorOf('import os\n\\\n');
    expect(error.line).toBe(2);
    expect(error.message).toContain('unexpected EOF');
    expect(errorOf('x = 1 \\\r\n').line).toBe(1);
  });
});

describe('scanner: names are NFKC-normalised, keywords are not', () => {
  it('reads fullwidth and other compatibility letters in names as CPython does', () => {
    expect(
      modules('import ｏｓ\nfrom ｒｅｐｏｒｔｓ import ｘ\nimport a.ｂ.c, ℌ, ﬁle\nfrom .ｂ import ｃ as ｄ\n'),
    ).toEqual(['1:os', '2:reports:x', '3:a.b.c', '3:H', '3:file', '4:.b:c']);
  });

  it('does not take a fullwidth keyword for one', () => {
    // CPython rejects this line (invalid syntax); either way, it imports nothing.
    expect(modules('ｉｍｐｏｒｔ os\n')).toEqual([]);
    expect(errorOf('from a import b ａｓ c\n').line).toBe(1);
  });

  it('rejects characters an identifier may not hold, even ones NFKC turns into a dot', () => {
    expect(errorOf('import a．b\n').message).toContain("invalid character '．' (U+FF0E)");
    expect(errorOf('x = 1\nimport ٣x\n').line).toBe(2); // a digit cannot start a name
  });

  it('normalises TYPE_CHECKING too', () => {
    expect(modules('if ＴＹＰＥ_ＣＨＥＣＫＩＮＧ:\n    import a\nif typing.ＴＹＰＥ_CHECKING: import b\n')).toEqual([
      '2:a:tc',
      '3:b:tc',
    ]);
  });
});

describe('scanner: line numbers after multi-line statements', () => {
  it('counts a line break before `)`, `,` or after a continuation once', () => {
    expect(
      modules('from a import (b\n)\nimport c\nfrom d import (e\n, f)\nimport g\nimport h \\\n, i\nimport j\n'),
    ).toEqual(['1:a:b', '3:c', '4:d:e,f', '6:g', '7:h', '7:i', '9:j']);
    expect(modules('import a\\\n\nimport b\n')).toEqual(['1:a', '3:b']);
  });

  it('counts CRLF in a triple-quoted f-string format spec once', () => {
    expect(modules('x = f"""{a:\r\n}"""\r\nimport y\r\n')).toEqual(['3:y']);
  });
});
