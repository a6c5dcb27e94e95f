// The editor's checker (src/grading/harness/diagnostics.py), run by python3 exactly as the
// Pyodide worker runs it: checkerSetupProgram, then checkCallExpression, then parsePythonDiagnostics.
// tests/grader/parity.test.ts runs the same files through Pyodide (CPython 3.14).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkCallExpression, checkerSetupProgram, parsePythonDiagnostics } from '../../../src/grading/index.ts';
import type { PythonDiagnostics } from '../../../src/grading/index.ts';
import { resolvePython } from '../../../src/runtime/node.ts';

const PYTHON = resolvePython().python;

function check(files: Record<string, string>, language = '3.10'): PythonDiagnostics {
  const program = `${checkerSetupProgram()}\nprint(${checkCallExpression(files, language)})\n`;
  return parsePythonDiagnostics(execFileSync(PYTHON, ['-I', '-c', program], { encoding: 'utf8' }));
}

/** `line:column-endColumn kind message` per finding, for readable expectations. */
const brief = (found: PythonDiagnostics, path: string) =>
  (found[path] ?? []).map((d) => `${d.line}:${d.column}-${d.endColumn} ${d.kind} ${d.message}`);

describe('the editor checker (compile + symtable, as CPython sees the file)', () => {
  it('marks a name that resolves to nothing where it is used, with its exact columns', () => {
    const found = check({ 'shop/cart.py': 'def total(prices):\n    return sum(prices) + shiping\n' });
    expect(brief(found, 'shop/cart.py')).toEqual(["2:26-33 undefined-name name 'shiping' is not defined"]);
  });

  it('follows the scoping rules: parameters, closures, nonlocal, global, walrus, match, except-as, class bodies', () => {
    const source = [
      'import os',
      'from decimal import Decimal',
      '',
      'def outer(a, b=lambda q: q):',
      '    items = [x for x in range(a) if x > 0]',
      '    def inner():',
      '        nonlocal items',
      '        return items, b',
      '    return inner',
      '',
      'def walrus(xs):',
      '    if any((hit := x) > 2 for x in xs):',
      '        return hit',
      '',
      'def setter():',
      '    global created',
      '    created = Decimal("1")',
      '',
      'class Cart:',
      '    rate = 2',
      '    def price(self):',
      '        return rate, __class__',
      '',
      'try:',
      '    import tomllib',
      'except ImportError as error:',
      '    tomllib = error',
      'match tomllib:',
      '    case [first, *rest]:',
      '        print(first, rest, os.sep, created, later, __name__, __file__)',
      'later = f"{len([])}"',
    ].join('\n');
    // `rate` is a class attribute: a method cannot see it unqualified (NameError at call time)
    expect(brief(check({ 'cart.py': source }), 'cart.py')).toEqual([
      "22:16-20 undefined-name name 'rate' is not defined",
    ]);
  });

  it('reports the first syntax error only, with its message from the parser or the compiler', () => {
    const found = check({
      'a.py': 'def f(:\n    pass\n',
      'b.py': 'def f():\nreturn 1\n',
      'c.py': 'return 5\n',
      'd.py': 'print(undefined_but_ignored\n',
    });
    expect(brief(found, 'a.py')).toEqual(['1:7-8 syntax SyntaxError: invalid syntax']);
    expect(found['b.py']?.[0]?.message).toMatch(/^IndentationError: expected an indented block/);
    expect(brief(found, 'c.py')).toEqual(["1:1-9 syntax SyntaxError: 'return' outside function"]);
    expect(found['d.py']).toHaveLength(1);
    expect(found['d.py']?.[0]?.kind).toBe('syntax');
  });

  it("marks syntax newer than the exercise's Python version, as the grader refuses it", () => {
    const grouped = 'def safe(fn):\n    try:\n        fn()\n    except* ValueError:\n        pass\n';
    // CPython's own words and place (they vary between interpreter versions), then the exercise's version
    const [found, ...more] = check({ 'safe.py': grouped }, '3.10')['safe.py'] ?? [];
    expect(more).toEqual([]);
    expect(found?.kind).toBe('version');
    expect(found?.message).toMatch(
      /only supported in Python 3\.11 and greater \(this exercise is graded as Python 3\.10\)$/,
    );
    expect(check({ 'safe.py': grouped }, '3.11')['safe.py']).toEqual([]);
  });

  it('says nothing it cannot be sure of: a star import may bind any name', () => {
    expect(check({ 'star.py': 'from os.path import *\nprint(join, nothing)\n' })['star.py']).toEqual([]);
  });

  it('checks .py files only, and never runs them', () => {
    const found = check({
      'notes.txt': 'not python',
      'side.py': 'import sys\nsys.stdout.write("RAN")\nraise SystemExit(3)\n',
    });
    expect(Object.keys(found)).toEqual(['side.py']);
    expect(found['side.py']).toEqual([]);
  });
});
