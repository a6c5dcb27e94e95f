import { describe, expect, it } from 'vitest';
import { ContractsError, scanImports } from '../../../src/contracts/index.ts';

const scan = (source: string) =>
  scanImports('m.py', source).map((found) => ({
    line: found.line,
    module: `${'.'.repeat(found.level)}${found.module}`,
    names: found.names,
    tc: found.typeChecking,
  }));

function syntaxError(source: string): ContractsError {
  try {
    scanImports('bad.py', source);
  } catch (error) {
    if (error instanceof ContractsError) return error;
  }
  throw new Error('expected a syntax error');
}

describe('scanImports', () => {
  it('finds imports at any depth and reports each statement at its first line', () => {
    const found = scan(
      [
        'import a.b as c, d',
        'def f():',
        '    from e import (',
        '        g,',
        '        h as i,',
        '    )',
        'class K:',
        '    try:',
        '        import j',
        '    except ImportError:',
        '        import \\',
        '            k',
        'x = 1; import l',
        'with open(p) as fh: from m import n',
        'match x:',
        '    case 1:',
        '        import o',
      ].join('\n'),
    );
    expect(found.map((entry) => [entry.line, entry.module])).toEqual([
      [1, 'a.b'],
      [1, 'd'],
      [3, 'e'],
      [9, 'j'],
      [11, 'k'],
      [13, 'l'],
      [14, 'm'],
      [17, 'o'],
    ]);
    expect(found[2]!.names).toEqual(['g', 'h']);
  });

  it('ignores imports inside strings, docstrings, comments and f-strings', () => {
    const found = scan(
      [
        '"""',
        'import not_me',
        '"""',
        "s = 'import nope'",
        '# import comment',
        'r = rb"import raw\\" still"',
        'f = f"{x!r:>{width}} {\'import q\'} {d["k"]}"',
        "t = f'''{f'{1 + 2}'} import z'''",
        'import real',
      ].join('\n'),
    );
    expect(found.map((entry) => entry.module)).toEqual(['real']);
    expect(found[0]!.line).toBe(9);
  });

  it('keeps relative levels and star imports', () => {
    expect(scan('from . import a\nfrom ..b.c import *\nfrom ... import d')).toEqual([
      { line: 1, module: '.', names: ['a'], tc: false },
      { line: 2, module: '..b.c', names: ['*'], tc: false },
      { line: 3, module: '...', names: ['d'], tc: false },
    ]);
  });

  it('marks the whole if TYPE_CHECKING statement, else included, but not `if not TYPE_CHECKING`', () => {
    const found = scan(
      [
        'if TYPE_CHECKING:',
        '    import a',
        'else:',
        '    import b',
        'import c',
        'if typing.TYPE_CHECKING: import d',
        'if not TYPE_CHECKING:',
        '    import e',
        'if x:',
        '    if TYPE_CHECKING:',
        '        import f',
        '    import g',
      ].join('\n'),
    );
    expect(found.map((entry) => [entry.module, entry.tc])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', true],
      ['e', false],
      ['f', true],
      ['g', false],
    ]);
  });

  it('is not confused by modern syntax', () => {
    const found = scan(
      [
        'type Pair[T] = tuple[T, T]',
        'def first[T](p: Pair[T]) -> T: return p[0]',
        'if (n := len(a)) > 10: import walrus_ok',
        'msg = f"{"nested " + f"{"deep"}"}"',
        'match cmd:',
        '    case {"x": 1, **rest}: pass',
        'import after',
      ].join('\n'),
    );
    expect(found.map((entry) => entry.module)).toEqual(['walrus_ok', 'after']);
  });

  it('reports syntax errors with file and line', () => {
    expect(syntaxError('def broken(:\n    pass\n').line).toBe(1);
    expect(syntaxError('x = 1\ny = "open\nimport a\n').message).toMatch(/bad\.py, line 2: unterminated string/);
    expect(syntaxError('import a\nx = """never closed\n').line).toBe(2);
    expect(syntaxError('import a\n)\n').message).toMatch(/unmatched '\)'/);
    expect(syntaxError('from import x\n').kind).toBe('SourceSyntaxError');
    expect(syntaxError('x = 1\0\n').message).toMatch(/null bytes/);
  });

  // Its speed is measured by `npm run bench:contracts` (scanner on single large files), not asserted here.
  it('handles a large file without recursion trouble', () => {
    const big = 'import os\n' + 'x = [1, 2, 3]  # comment import no\n'.repeat(100_000);
    expect(scan(big).map((entry) => entry.module)).toEqual(['os']);
  });
});
