import { describe, expect, it } from 'vitest';
import { ContractsError, scanImports, scanSource } from '../../../src/contracts/index.ts';

const modules = (source: string) =>
  scanImports('m.py', source).map(
    (found) =>
      `${found.line}:${'.'.repeat(found.level)}${found.module}${found.names ? `:${found.names.join(',')}` : ''}${found.typeChecking ? ':tc' : ''}`,
  );

function errorOf(source: string | Uint8Array): ContractsError {
  try {
    scanSource('pkg/bad.py', source);
  } catch (error) {
    if (error instanceof ContractsError) return error;
    throw error;
  }
  throw new Error('expected a SourceSyntaxError');
}

describe('scanner: strings and comments', () => {
  it('skips every string prefix, raw strings with escaped quotes and byte strings', () => {
    const source = [
      "a = r'\\' import x'",
      'b = rb"\\" import y" ; import real1',
      'c = Rb"""',
      'import z',
      '"""',
      "d = u'import w'; e = BR'''import v'''",
      'import real2',
    ].join('\n');
    expect(modules(source)).toEqual(['2:real1', '7:real2']);
  });

  it('treats a keyword right before a quote as a keyword, not a prefix', () => {
    expect(modules("x = 1 if y else'import a'\nz = y or'b'\nimport real")).toEqual(['3:real']);
  });

  it('follows PEP 701 f-strings: nested quotes, nested f-strings, format specs, braces', () => {
    const source = [
      'x = f"{d["import a"]} {f\'{y:{width}}\'} {{import b}}"',
      "y = f'''",
      "{ {'k': 'import c'}['k'] }",
      "'''",
      't = t"{x!r:>10}"',
      'from real import one',
    ].join('\n');
    expect(modules(source)).toEqual(['6:real:one']);
  });

  it('continues strings over backslash-newline and lines over backslashes', () => {
    expect(modules('s = "abc\\\nimport not_this"\nimport \\\n    real, \\\n    other\n')).toEqual([
      '3:real',
      '3:other',
    ]);
  });

  it('counts \\r\\n and lone \\r line endings', () => {
    expect(modules('x = 1\r\nimport a\r\rimport b\n')).toEqual(['2:a', '4:b']);
  });
});

describe('scanner: statements', () => {
  it('finds imports after ; and after the colon of one-line compound statements', () => {
    const source = [
      'import a; import b',
      'if x: import c',
      'else: from d import e',
      'class K: import f',
      'match v:',
      '    case 1: import g',
      'try: import h',
      'except ImportError: pass',
    ].join('\n');
    expect(modules(source)).toEqual(['1:a', '1:b', '2:c', '3:d:e', '4:f', '6:g', '7:h']);
  });

  it('does not take annotations, slices, lambdas or dict displays for statement starts', () => {
    expect(modules('x: int = 1\ny = a[1:]\nf = lambda: 0\nd = {1: 2}\nfrom_ = 3\nimport_ = 4\n')).toEqual([]);
  });

  it('reports parenthesised and backslash-continued imports at their first line', () => {
    expect(modules('from a import (\n  b,  # comment\n  c as d,\n)\nfrom e \\\n  import f\n')).toEqual([
      '1:a:b,c',
      '5:e:f',
    ]);
  });

  it('parses relative imports and star imports', () => {
    expect(modules('from . import a\nfrom .. import *\nfrom ...x.y import z\nfrom .  mod import q\n')).toEqual([
      '1:.:a',
      '2:..:*',
      '3:...x.y:z',
      '4:.mod:q',
    ]);
  });
});

describe('scanner: TYPE_CHECKING', () => {
  it('counts the whole statement, elif and else included, parentheses allowed', () => {
    const source = [
      'if (TYPE_CHECKING):',
      '    import a',
      'elif other:',
      '    import b',
      'else:',
      '    import c',
      'import d',
      'if typing.TYPE_CHECKING: import e',
      'if TYPE_CHECKING and x:',
      '    import f',
      'if not TYPE_CHECKING:',
      '    import g',
      'if x:',
      '    pass',
      'elif TYPE_CHECKING:',
      '    import h',
    ].join('\n');
    expect(modules(source)).toEqual(['2:a:tc', '4:b:tc', '6:c:tc', '7:d', '8:e:tc', '10:f', '12:g', '16:h']);
  });

  it('like grimp, leaving a nested TYPE_CHECKING block clears the flag for the rest of the outer one', () => {
    const source = ['if TYPE_CHECKING:', '    if TYPE_CHECKING:', '        import a', '    import b', 'import c'].join(
      '\n',
    );
    expect(modules(source)).toEqual(['3:a:tc', '4:b', '5:c']);
  });

  it('keeps the flag through nested blocks of other kinds', () => {
    const source = [
      'if TYPE_CHECKING:',
      '    try:',
      '        import a',
      '    except ImportError:',
      '        import b',
    ].join('\n');
    expect(modules(source)).toEqual(['3:a:tc', '5:b:tc']);
  });
});

describe('scanner: modern syntax does not break scanning', () => {
  it('handles match, walrus, PEP 695 type statements and generics, decorators, async', () => {
    const source = [
      'type Pair[T] = tuple[T, T]',
      'class Box[T: (int, str)]:',
      '    def get[U](self, u: U) -> T | U: ...',
      '@decorator(arg := 1)',
      'async def main():',
      '    async with x as y:',
      '        import inner',
      '    match command.split():',
      '        case [action, *rest] if (n := len(rest)) > 1:',
      '            from deep import thing',
      'print(*args, **kwargs)',
    ].join('\n');
    expect(modules(source)).toEqual(['7:inner', '10:deep:thing']);
  });
});

describe('scanner: syntax errors name the file and line', () => {
  it.each([
    ['def broken(:\n    pass\n', 1],
    ['x = (1,\ny = 2\n', 1],
    ['x = [1, 2)\n', 1],
    ['x = 1\n)\n', 2],
    ['s = "unterminated\nimport a\n', 1],
    ['s = """never closed\n\n', 1],
    ['if x:\nimport a\n', 1],
    ['x = 1\n    y = 2\n', 2],
    ['if x:\n        a = 1\n    b = 2\n', 3],
    ['from . import\n', 1],
    ['import\n', 1],
    ['x = 1 $ 2\n', 1],
    ['x = 1\ny = 2 \\ z\n', 2],
  ])('%j', (source, line) => {
    const error = errorOf(source);
    expect(error.kind).toBe('SourceSyntaxError');
    expect(error.file).toBe('pkg/bad.py');
    expect(error.line).toBe(line);
    expect(error.message).toContain(`pkg/bad.py, line ${line}`);
  });

  // How fast it gives up: `npm run bench:contracts` (scanner on single large files), not a test.
  it('rejects null bytes (binary files) without hanging', () => {
    const binary = new Uint8Array(200_000).map((_, index) => (index * 7919) % 256);
    const error = errorOf(binary);
    expect(error.kind).toBe('SourceSyntaxError');
    expect(error.line).toBe(1);
  });
});

describe('scanner: encodings (PEP 263)', () => {
  it('decodes a latin-1 coding cookie and UTF-8 with a BOM', () => {
    const latin = new Uint8Array([
      ...new TextEncoder().encode('# -*- coding: latin-1 -*-\ns = "caf'),
      0xe9,
      ...new TextEncoder().encode('"\nimport a\n'),
    ]);
    expect(scanSource('m.py', latin).map((found) => found.module)).toEqual(['a']);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('import b\n')]);
    expect(scanSource('m.py', bom).map((found) => found.module)).toEqual(['b']);
  });

  it('reports invalid UTF-8 without a cookie and an unknown encoding', () => {
    expect(errorOf(new Uint8Array([0x69, 0x3d, 0xff, 0xfe, 0x0a])).kind).toBe('SourceSyntaxError');
    expect(errorOf(new TextEncoder().encode('# coding: no-such-codec\nimport a\n')).message).toContain('no-such-codec');
  });

  // Its speed is measured by `npm run bench:contracts` (scanner on single large files), not asserted here.
  it('scans a 20 MB file completely: every import, on its own line, none from docstrings or f-strings', () => {
    const big = 'def f():\n    """doc import x"""\n    import os\n    return f"{os.sep}"\n'.repeat(300_000);
    const found = scanImports('big.py', big);
    expect(found).toHaveLength(300_000);
    expect(found.every((entry, index) => entry.module === 'os' && entry.line === 3 + index * 4)).toBe(true);
  });
});
