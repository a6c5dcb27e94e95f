// One Python for every grade: every exercise's starter and solution, and submissions using syntax
// that differs between Python versions, get the same score and the same verdict per test from the
// CLI's sandboxed python3 (3.11 here) and from Pyodide (CPython 3.14 compiled to WebAssembly, as the
// browser runs it). Exercises declare the version they are graded as (`python`, default 3.10).
import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import {
  checkCallExpression,
  checkerSetupProgram,
  gradeSubmission,
  parsePythonDiagnostics,
} from '../../src/grading/index.ts';
import type { Exercise, FileMap } from '../../src/grading/index.ts';
import type { GradeReport } from '../../src/schemas/index.ts';
import { createPyodideHost } from '../../src/runtime/browser/pyodide-host.ts';
import { detectSandbox, gradeWithLocalPython, loadExercises } from '../../src/runtime/node.ts';

let pyodide: ReturnType<typeof createPyodideHost>;
const exercises: Exercise[] = await loadExercises('exercises');
const sandbox = detectSandbox();

beforeAll(async () => {
  // Loading Pyodide cold takes ~2 s on an idle machine and ~20 s on a loaded one.
  pyodide = createPyodideHost(await loadPyodide({ indexURL: 'node_modules/pyodide/' }));
}, 180_000);

const verdicts = (report: GradeReport) => report.tests.map((test) => `${test.suite} ${test.name} ${test.status}`);

async function both(exercise: Exercise, files: FileMap): Promise<{ local: GradeReport; browser: GradeReport }> {
  const local = await gradeWithLocalPython({ exercise, files, unsafeNoSandbox: !sandbox.available });
  const browser = await gradeSubmission({ exercise, files, host: pyodide });
  return { local, browser };
}

describe('the same grade on python3 and on Pyodide', () => {
  it('finds the exercises', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(12);
  });

  for (const exercise of exercises) {
    it(`${exercise.meta.id}: starter and solution score the same on both runtimes`, async () => {
      const solution = await both(exercise, exercise.solution);
      expect(solution.browser.runtime).toMatchObject({
        name: 'pyodide',
        mode: 'inprocess',
        language: exercise.meta.python,
      });
      expect(solution.local.runtime).toMatchObject({ name: 'local-python', language: exercise.meta.python });
      expect(solution.browser.errors).toEqual([]);
      expect(solution.local.errors).toEqual([]);
      expect(solution.local.score).toBe(100);
      expect(solution.browser.score).toBe(100);
      const starter = await both(exercise, exercise.starter);
      expect(starter.browser.score).toBeLessThan(100);
      expect(starter.browser.score).toBe(starter.local.score);
      expect(verdicts(starter.browser)).toEqual(verdicts(starter.local));
      expect(starter.browser.tests.map((test) => test.failure)).toEqual(
        starter.local.tests.map((test) => test.failure),
      );
    }, 120_000);
  }

  describe('the same structured feedback (exercise 05, a test file with one failure of each kind)', () => {
    const exercise = exercises.find((candidate) => candidate.meta.id === '05-break-the-cycle') as Exercise;
    const tests = {
      'test_kinds.py': [
        'import json',
        'import unittest',
        'from decimal import Decimal',
        'from accounts.users import User',
        '',
        'class Kinds(unittest.TestCase):',
        '    def test_equal(self):',
        '        ada = User(id=1, name="Ada")',
        '        ada.place_order([("pen", 2, "1.50")])',
        '        self.assertEqual(ada.lifetime_value(), Decimal("7.00"))',
        '    def test_list(self):',
        '        self.assertEqual([1, 2, 3], [1, 2, 4])',
        '    def test_learner_raises(self):',
        '        User(id=1, name="Ada").place_order(None)',
        '    def test_stdlib_raises(self):',
        '        json.loads("{")',
        '    def test_true(self):',
        '        self.assertTrue(0, "should be truthy")',
        '    def test_chained(self):',
        '        try:',
        '            {}["x"]',
        '        except KeyError:',
        '            raise ValueError("bad value")',
        '    def test_raises(self):',
        '        with self.assertRaises(ValueError):',
        '            User(id=1, name="Ada")',
        '    def test_bare(self):',
        '        assert 2 == 3',
        '    def test_sub(self):',
        '        for i in range(3):',
        '            with self.subTest(i=i):',
        '                self.assertLess(i, 2)',
      ].join('\n'),
    };
    const withKinds: Exercise = { ...exercise, tests, hidden: {} };

    it('every failure reads the same on both runtimes: summary, frames, location', async () => {
      const { local, browser } = await both(withKinds, exercise.solution);
      expect(browser.tests.map((test) => test.failure)).toEqual(local.tests.map((test) => test.failure));
      const summaries = Object.fromEntries(local.tests.map((test) => [test.name, test.failure?.summary]));
      expect(summaries).toMatchObject({
        'Kinds.test_equal': "Expected Decimal('7.00'), got Decimal('3.00').",
        'Kinds.test_learner_raises': 'EmptyOrder: an order needs at least one line',
        'Kinds.test_true': 'should be truthy: expected a true value, got 0.',
        'Kinds.test_chained': 'ValueError: bad value',
        'Kinds.test_bare': 'This check failed: assert 2 == 3',
      });
      expect(summaries['Kinds.test_stdlib_raises']).toMatch(/^JSONDecodeError: Expecting property name/);
      const raised = local.tests.find((test) => test.name === 'Kinds.test_learner_raises');
      expect(raised?.failure?.location).toEqual({ file: 'accounts/orders.py', line: 27, column: null });
    }, 120_000);

    it('an import that fails (a syntax error, an exception) points at the same line on both', async () => {
      for (const orders of ['def broken(:\n    pass\n', 'import json\nraise ValueError("boom")\n']) {
        const files = { ...exercise.solution, 'accounts/orders.py': orders };
        const { local, browser } = await both(withKinds, files);
        expect(browser.tests.map((test) => test.failure)).toEqual(local.tests.map((test) => test.failure));
        expect(local.tests[0]?.failure).toMatchObject({ phase: 'import', location: { file: 'accounts/orders.py' } });
      }
    }, 120_000);
  });

  describe("the editor's diagnostics: the same findings from python3 and from Pyodide", () => {
    const files = {
      'cart.py': [
        'import os',
        'def total(prices, rate=lambda p: p):',
        '    items = [rate(p) for p in prices if p > minimum]',
        '    def inner():',
        '        nonlocal items',
        '        return items, shipping',
        '    return inner',
        'class Cart:',
        '    rate = 2',
        '    def price(self):',
        '        return rate, __class__, os.sep',
        'print(f"{undefined_in_fstring}")',
      ].join('\n'),
      'broken.py': 'def f(:\n    pass\n',
      'indent.py': 'def f():\nreturn 1\n',
      'outside.py': 'return 5\n',
      'star.py': 'from os import *\nprint(path, nothing)\n',
    };

    it('finds the same undefined names and syntax errors, at the same places', () => {
      const program = `${checkerSetupProgram()}\nprint(${checkCallExpression(files, '3.10')})\n`;
      const local = parsePythonDiagnostics(execFileSync('python3', ['-I', '-c', program], { encoding: 'utf8' }));
      const browser = parsePythonDiagnostics(pyodide.check(checkerSetupProgram(), checkCallExpression(files, '3.10')));
      expect(browser).toEqual(local);
      expect(browser['cart.py']?.map((d) => d.message)).toEqual([
        "name 'minimum' is not defined",
        "name 'shipping' is not defined",
        "name 'rate' is not defined",
        "name 'undefined_in_fstring' is not defined",
      ]);
      expect(browser['star.py']).toEqual([]);
    });
  });

  describe('syntax that differs between versions (exercise 01, graded as Python 3.10)', () => {
    const exercise = exercises.find((candidate) => candidate.meta.id === '01-import-side-effects') as Exercise;
    const summary = exercise.solution['reports/summary.py'] ?? '';
    const snippets: Record<string, { code: string; valid: boolean }> = {
      'PEP 701 f-string reusing its quote (3.12)': {
        code: 'def label(row):\n    return f"{row["region"]}"\n',
        valid: false,
      },
      'PEP 701 f-string with a backslash in a field (3.12)': {
        code: 'def label(rows):\n    return f\'{"\\n".join(rows)}\'\n',
        valid: false,
      },
      'match statement (3.10)': {
        code: 'def label(value):\n    match value:\n        case (region, _):\n            return region\n        case _:\n            return "?"\n',
        valid: true,
      },
      'type statement (3.12)': { code: 'type Rows = list[tuple[str, int]]\n', valid: false },
      'except* (3.11)': {
        code: 'def safe(fn):\n    try:\n        fn()\n    except* ValueError:\n        pass\n',
        valid: false,
      },
      'parenthesised context managers (3.10)': {
        code: 'import contextlib\ndef both():\n    with (contextlib.nullcontext() as a, contextlib.nullcontext() as b):\n        return a, b\n',
        valid: true,
      },
    };
    for (const [name, { code, valid }] of Object.entries(snippets)) {
      it(`${name}: ${valid ? 'accepted' : 'refused'} on both, same score`, async () => {
        const files = { ...exercise.solution, 'reports/summary.py': `${summary}\n${code}` };
        const { local, browser } = await both(exercise, files);
        expect(browser.score).toBe(local.score);
        expect(verdicts(browser)).toEqual(verdicts(local));
        if (valid) {
          expect(local.score).toBe(100);
        } else {
          expect(local.score).toBeLessThan(100);
          const failing = browser.tests.find((test) => test.suite === 'visible' && test.status !== 'pass');
          expect(failing?.message).toMatch(/SyntaxError/);
        }
      }, 120_000);
    }
  });
});

// Pyodide keeps one interpreter for every Run: what the host keeps between Runs (the grader's code
// objects) must not keep anything a Run should see afresh.
describe("Pyodide's host: `python3 script.py` in one interpreter, Run after Run", () => {
  const run = async (files: Record<string, string>, script: string, ...args: string[]) => {
    await pyodide.writeFiles(files);
    return pyodide.run(['python3', script, ...args]);
  };
  const tool = (word: string) =>
    `import sys\nprint("${word}", __name__, sys.argv[1:], id(sys._getframe().f_code))\nsys.exit(int(sys.argv[1]))\n`;

  it('runs the script as __main__ with its arguments and returns its exit code', async () => {
    const result = await run({ '.strata/tool.py': tool('one') }, '.strata/tool.py', '3');
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/^one __main__ \['3'\] \d+\n$/);
    const raised = await run({ 'main.py': 'raise ValueError("boom")\n' }, 'main.py');
    expect(raised.exitCode).toBe(1);
    expect(raised.stderr).toMatch(/main\.py", line 1[\s\S]*ValueError: boom/);
  }, 60_000);

  it("keeps the grader's own code objects (.strata/) while their source is the same, and only then", async () => {
    const id = (stdout: string) => stdout.trim().split(' ').at(-1);
    const first = await run({ '.strata/tool.py': tool('same') }, '.strata/tool.py', '0');
    const again = await run({ '.strata/tool.py': tool('same') }, '.strata/tool.py', '0');
    const changed = await run({ '.strata/tool.py': tool('changed') }, '.strata/tool.py', '0');
    expect(first.stdout).toMatch(/^same /);
    expect(id(again.stdout)).toBe(id(first.stdout));
    expect(changed.stdout).toMatch(/^changed /);
    expect(id(changed.stdout)).not.toBe(id(first.stdout));
  }, 60_000);

  it("compiles and imports the learner's files afresh on every Run", async () => {
    const learner = (value: number) => ({
      'main.py': 'from pkg import mod\nprint(mod.VALUE)\n',
      'pkg/__init__.py': '',
      'pkg/mod.py': `VALUE = ${value}\n`,
    });
    expect((await run(learner(1), 'main.py')).stdout).toBe('1\n');
    expect((await run(learner(2), 'main.py')).stdout).toBe('2\n');
    const main = await run({ 'main.py': 'import sys\nprint(sys.modules["__main__"].__file__)\n' }, 'main.py');
    expect(main.stdout).toBe('main.py\n');
  }, 60_000);
});
