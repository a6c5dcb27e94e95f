// The scanner works on UTF-8 bytes (validated, decoded only for names and error messages) and
// skips plain runs of code and of string content with table lookups. These cases pin down what
// those fast paths must not change: text that only looks like an import, names outside ASCII,
// BOMs, encodings, and which error wins when a file has several problems.
import { describe, expect, it } from 'vitest';
import { ContractsError, scanImports, scanSource } from '../../../src/contracts/index.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const summary = (
  found: { line: number; level: number; module: string; names: string[] | null; typeChecking: boolean }[],
) =>
  found.map(
    (entry) =>
      `${entry.line}:${'.'.repeat(entry.level)}${entry.module}${entry.names ? `:${entry.names.join(',')}` : ''}${entry.typeChecking ? ':tc' : ''}`,
  );

function errorOf(run: () => unknown): ContractsError {
  try {
    run();
  } catch (error) {
    if (error instanceof ContractsError) return error;
    throw error;
  }
  throw new Error('expected a ContractsError');
}

describe('scanner fast paths: text that only looks like an import', () => {
  it('finds nothing in a file whose only import text is in strings, comments and docstrings', () => {
    const source = [
      '"""Module docstring.',
      '',
      'import not_a_module',
      'from nowhere import nothing',
      '"""',
      "x = 'import a'  # import b",
      'y = "from c import d"',
      "z = '''",
      'import e',
      "'''",
      'w = r"import \\" f"',
      'v = b"from g import h"',
      '# from i import j',
      'def f():',
      '    """import k"""',
      '    return "import l"',
    ].join('\n');
    expect(scanImports('m.py', source)).toEqual([]);
    expect(scanSource('m.py', encode(source))).toEqual([]);
  });

  it('skips import text inside f-strings, nested f-strings and format specs', () => {
    const source = [
      'a = f"{x} import y {z!r:>{width}} {f\'{w}\'}"',
      "b = f'''{",
      '  "import q"',
      "}'''",
      'c = f"{d["from e import f"]:{g}}"',
      'd = rf"\\{import_ok} import h"',
      't = t"{x} from i import j"',
      'import real',
    ].join('\n');
    expect(summary(scanImports('m.py', source))).toEqual(['8:real']);
  });

  it('finds imports after continuation lines, in nested defs and classes, after one-line compounds', () => {
    const source = [
      'x = 1 + \\',
      '    2',
      'class Outer:',
      '    class Inner:',
      '        def method(self):',
      '            def local():',
      '                from deep.er import (',
      '                    one,  # import not_this',
      '                    two as three,',
      '                )',
      '                import \\',
      '                    continued.module as alias',
      '            return local',
      '    s = "a string \\',
      'import still_in_the_string"',
      'if x: import after_colon; import after_semicolon',
    ].join('\n');
    expect(summary(scanImports('m.py', source))).toEqual([
      '7:deep.er:one,two',
      '11:continued.module',
      '16:after_colon',
      '16:after_semicolon',
    ]);
  });

  it('keeps multi-byte names whole, whatever their byte length (NFKC-normalised, as CPython reads them)', () => {
    const source = 'import café.thé\nfrom 日本.語 import 名前, ñ as n\nfrom . import 𝔘nicode\n# ünïcödé comment\n';
    expect(summary(scanImports('m.py', source))).toEqual(['1:café.thé', '2:日本.語:名前,ñ', '3:.:Unicode']);
    expect(summary(scanSource('m.py', encode(source)))).toEqual(['1:café.thé', '2:日本.語:名前,ñ', '3:.:Unicode']);
  });

  it('counts lines the same in long docstrings, CRLF files and lone CRs', () => {
    const doc = `"""${'text import x\n'.repeat(500)}"""\n`;
    expect(summary(scanImports('m.py', `${doc}import a\r\nimport b\rimport c\n`))).toEqual(['502:a', '503:b', '504:c']);
  });

  it('reads many names per file (the shared name buffer grows)', () => {
    const names = Array.from({ length: 3000 }, (_, index) => `name_${index}_${'x'.repeat(20)}`);
    const found = scanImports(
      'm.py',
      `from pkg.module import (\n${names.map((name) => `    ${name},`).join('\n')}\n)\n`,
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.names).toEqual(names);
    expect(scanImports('n.py', 'import small')[0]!.module).toBe('small'); // the next file starts clean
  });
});

describe('scanner input: bytes, BOMs and encodings', () => {
  it('drops one BOM from text and up to three from bytes, as decoding then scanning did', () => {
    expect(summary(scanImports('m.py', '\ufeffimport a'))).toEqual(['1:a']);
    expect(scanImports('m.py', '\ufeff\ufeffimport a')).toEqual([]); // the second one is part of a name
    const bom = [0xef, 0xbb, 0xbf];
    expect(summary(scanSource('m.py', new Uint8Array([...bom, ...bom, ...bom, ...encode('import b')])))).toEqual([
      '1:b',
    ]);
    expect(summary(scanSource('m.py', '\ufeff\ufeffimport c'))).toEqual(['1:c']);
  });

  it('re-encodes a file in another encoding, names included', () => {
    const latin = new Uint8Array([...encode('# coding: latin-1\nfrom caf'), 0xe9, ...encode(' import x\n')]);
    expect(summary(scanSource('m.py', latin))).toEqual(['2:café:x']);
  });

  it('validates non-ASCII bytes wherever they sit in the view (aligned or not)', () => {
    const body = encode(`${'x = 1\n'.repeat(40)}s = "é"\nimport a\n`);
    for (let offset = 0; offset < 4; offset += 1) {
      const buffer = new Uint8Array(body.length + offset);
      buffer.set(body, offset);
      const view = buffer.subarray(offset);
      expect(summary(scanSource('m.py', view))).toEqual(['42:a']);
      const broken = view.slice();
      broken[broken.indexOf(0xc3)] = 0xff; // no longer UTF-8
      const unaligned = new Uint8Array(broken.length + offset);
      unaligned.set(broken, offset);
      expect(errorOf(() => scanSource('m.py', unaligned.subarray(offset))).message).toContain('not valid utf-8');
    }
  });

  it('reports invalid UTF-8 before a syntax error earlier in the file, as decoding first did', () => {
    const source = new Uint8Array([...encode('x = (\n'), ...encode('y = "'), 0xff, ...encode('"\n')]);
    const error = errorOf(() => scanSource('pkg/m.py', source));
    expect(error.line).toBe(1);
    expect(error.message).toContain('not valid utf-8');
  });

  it('quotes the offending line, multi-byte characters included, in a syntax error', () => {
    const error = errorOf(() => scanSource('pkg/m.py', encode('s = "café"\nt = (é\n')));
    expect(error.line).toBe(2);
    expect(error.message).toContain("'(' was never closed (t = (é)");
  });
});
