import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildHarnessSpec,
  DEFAULT_HARNESS_LIMITS,
  frameHarnessSpec,
  HARNESS_FILES,
  HARNESS_PATH,
  parseHarnessOutput,
} from '../../../src/grading/index.ts';
import type { FileMap, HarnessOutcome } from '../../../src/grading/index.ts';
import { loadExercise, resolvePython } from '../../../src/runtime/node.ts';

/** The interpreter the grader runs (not a version manager's shim, which costs seconds per start on a busy machine). */
const PYTHON = resolvePython().python;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The project and the harness's files in a fresh temporary folder (removed after the tests). */
function writeProject(project: FileMap): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-harness-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries({ ...project, ...HARNESS_FILES })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
/** One harness run (one suite) with plain python3 in a temporary folder, as the grader does it. */
function runSuite(
  project: FileMap,
  suite: 'visible' | 'hidden',
  tests: FileMap,
  mode: 'fork' | 'inprocess',
  options: { nonce?: string; language?: string } = {},
) {
  const nonce = options.nonce ?? 'feedfacecafebeef';
  const dir = writeProject(project);
  const spec = buildHarnessSpec({
    nonce,
    visible: suite === 'visible' ? tests : null,
    hidden: suite === 'hidden' ? tests : null,
    limits: { ...DEFAULT_HARNESS_LIMITS, testSeconds: 2, totalSeconds: 10 },
    language: options.language ?? '3.10',
  });
  const result = spawnSync(PYTHON, ['-S', '-B', HARNESS_PATH, '--spec', '-', '--mode', mode], {
    cwd: dir,
    input: JSON.stringify(spec),
    encoding: 'utf8',
  });
  return { result, parsed: parseHarnessOutput(result.stdout, nonce) };
}

/** The visible run, then the hidden run, as the grader does them: two processes. */
function runHarness(project: FileMap, visible: FileMap, hidden: FileMap, mode: 'fork' | 'inprocess') {
  const runs = [runSuite(project, 'visible', visible, mode)];
  if (Object.keys(hidden).length > 0) runs.push(runSuite(project, 'hidden', hidden, mode));
  const failed = runs.find((run) => !run.parsed.ok);
  if (failed) return failed;
  const reports = runs.map((run) => (run.parsed as Extract<HarnessOutcome, { ok: true }>).report);
  const [first] = reports;
  if (!first) throw new Error('no run');
  return {
    result: runs[0]?.result,
    parsed: {
      ok: true as const,
      report: { ...first, errors: reports.flatMap((r) => r.errors), tests: reports.flatMap((r) => r.tests) },
    },
  };
}

const exercise = await loadExercise('exercises', '01-import-side-effects');

const HARNESS_DIR = 'src/grading/harness';
const CHECK_PY = [
  'import ast, py_compile, sys, tempfile',
  'for path in sys.argv[1:]:',
  '    py_compile.compile(path, doraise=True, cfile=tempfile.mkdtemp() + "/check.pyc")',
  '    tree = ast.parse(open(path, encoding="utf-8").read(), path, feature_version=(3, 10))',
  '    for node in ast.walk(tree):',
  '        names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else []',
  '        for name in names:',
  '            top = name.split(".")[0]',
  '            if top not in sys.stdlib_module_names:',
  '                sys.exit("%s:%d imports %s, which is not in the standard library" % (path, node.lineno, name))',
  'print("ok", len(sys.argv) - 1)',
].join('\n');

describe('the harness sources', () => {
  it('compile with py_compile, use no syntax newer than 3.10 and import only the standard library', () => {
    const files = ['harness.py', 'runner.py', 'diagnostics.py'].map((name) => join(HARNESS_DIR, name));
    const out = execFileSync(PYTHON, ['-c', CHECK_PY, ...files], { encoding: 'utf8' });
    expect(out.trim()).toBe('ok 3');
  });

  it('are embedded as they are on disk (scripts/embed-harness.mjs --check)', () => {
    const check = spawnSync(process.execPath, ['scripts/embed-harness.mjs', '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(Object.keys(HARNESS_FILES).sort()).toEqual(['.strata/harness.py', '.strata/runner.py']);
  });
});

describe('the stdlib harness under the real python3', () => {
  it('is valid Python for 3.10+ (no syntax newer than the minimum)', () => {
    const out = execFileSync(
      PYTHON,
      ['-c', 'import ast,sys; ast.parse(sys.stdin.read(), feature_version=(3, 10)); print("ok")'],
      {
        input: Object.values(HARNESS_FILES).join('\n\n'),
        encoding: 'utf8',
      },
    );
    expect(out.trim()).toBe('ok');
  });

  for (const mode of ['fork', 'inprocess'] as const) {
    it(`grades the reference solution as all-pass (${mode})`, () => {
      const { parsed } = runHarness(exercise.solution, exercise.tests, exercise.hidden, mode);
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parsed.report.mode).toBe(mode);
      expect(parsed.report.tests.map((t) => [t.suite, t.method, t.status])).toEqual([
        ['visible', 'test_main_prints_one_line_per_region', 'pass'],
        ['hidden', 'test_connection_is_reused', 'pass'],
        ['hidden', 'test_connection_opened_on_first_use', 'pass'],
        ['hidden', 'test_import_has_no_side_effects', 'pass'],
        ['hidden', 'test_summary_never_fetches_rows_itself', 'pass'],
        ['hidden', 'test_total_by_region', 'pass'],
        ['hidden', 'test_total_by_region_empty', 'pass'],
      ]);
    });

    it(`reports the starter's failures with tracebacks (${mode})`, () => {
      const { parsed } = runHarness(exercise.starter, exercise.tests, exercise.hidden, mode);
      if (!parsed.ok) throw new Error(parsed.error);
      const byMethod = Object.fromEntries(parsed.report.tests.map((t) => [t.method, t]));
      expect(byMethod.test_import_has_no_side_effects?.status).toBe('fail');
      expect(byMethod.test_import_has_no_side_effects?.message).toContain('connected at import time');
      expect(byMethod.test_total_by_region?.status).toBe('error');
      expect(byMethod.test_total_by_region?.message).toMatch(
        /TypeError: total_by_region\(\) takes 0 positional arguments/,
      );
      expect(byMethod.test_main_prints_one_line_per_region?.status).toBe('pass');
    });
  }

  it('finds tests statically, including inherited ones, and reports one that a module deletes', () => {
    const visible = {
      'test_shapes.py': [
        'import unittest',
        'class Base(unittest.TestCase):',
        '    def test_base(self): pass',
        'class Child(Base):',
        '    def test_child(self):',
        '        """Child works."""',
        'del Child',
      ].join('\n'),
    };
    const { parsed } = runHarness({ 'x.py': '' }, visible, {}, 'fork');
    if (!parsed.ok) throw new Error(parsed.error);
    const tests = parsed.report.tests.map((t) => [t.id, t.status, t.description]);
    expect(tests).toEqual([
      ['tests.test_shapes.Base.test_base', 'pass', null],
      ['tests.test_shapes.Child.test_base', 'error', null],
      ['tests.test_shapes.Child.test_child', 'error', 'Child works.'],
    ]);
  });

  it("charges each test's output to that test, however fast the tests follow each other", () => {
    const methods = Array.from({ length: 8 }, (_, n) => `    def test_${n}(self):\n        print("OUT-${n}")`);
    const visible = { 'test_out.py': ['import unittest', 'class Out(unittest.TestCase):', ...methods].join('\n') };
    for (let round = 0; round < 5; round++) {
      const { parsed } = runSuite({ 'x.py': '' }, 'visible', visible, 'fork');
      if (!parsed.ok) throw new Error(parsed.error);
      for (const test of parsed.report.tests) expect(test.output).toBe(`OUT-${test.method.slice(5)}\n`);
    }
  }, 180_000); // five interpreter runs: a busy machine needs more than the default 30 s

  it('reports a test file that does not compile as an exercise error', () => {
    const { parsed } = runHarness({ 'x.py': '' }, { 'test_bad.py': 'def oops(:\n' }, {}, 'fork');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.report.errors[0]).toMatch(/tests\/test_bad.py: cannot compile/);
    expect(parsed.report.tests).toEqual([]);
  });
});

describe('structured failures (harness protocol 3)', () => {
  const project: FileMap = {
    'shop/__init__.py': '',
    'shop/cart.py': [
      'import json',
      '',
      'def total(prices):',
      '    return sum(prices) - 1',
      '',
      'def parse(text):',
      '    return json.loads(text)',
      '',
      'def lookup(table, key):',
      '    try:',
      '        return table[key]',
      '    except KeyError:',
      '        raise ValueError("no price for %s" % key)',
    ].join('\n'),
  };
  const visible: FileMap = {
    'test_cart.py': [
      'import unittest',
      'from shop.cart import total, parse, lookup',
      '',
      'class CartTest(unittest.TestCase):',
      '    def test_total(self):',
      '        self.assertEqual(total([1, 2]), 3)',
      '    def test_parse(self):',
      '        parse("{")',
      '    def test_lookup(self):',
      '        lookup({}, "pen")',
      '    def test_bare_assert(self):',
      '        assert total([1]) == 1',
      '    def test_flag(self):',
      '        self.assertTrue(total([]) > 0, "an empty cart costs something")',
      '    def test_raises(self):',
      '        with self.assertRaises(KeyError):',
      '            total([1])',
    ].join('\n'),
  };

  for (const mode of ['fork', 'inprocess'] as const) {
    it(`names expected and actual, keeps the tests' and the learner's frames only, and points at the learner's line (${mode})`, () => {
      const { parsed } = runSuite(project, 'visible', visible, mode);
      if (!parsed.ok) throw new Error(parsed.error);
      const byMethod = Object.fromEntries(parsed.report.tests.map((t) => [t.method, t]));
      expect(byMethod.test_total?.failure).toMatchObject({
        phase: 'test',
        exception: 'AssertionError',
        assertion: 'assertEqual',
        actual: '2',
        expected: '3',
        note: null,
        location: null,
        frames: [
          {
            file: 'tests/test_cart.py',
            line: 6,
            function: 'test_total',
            code: 'self.assertEqual(total([1, 2]), 3)',
            role: 'test',
          },
        ],
      });
      // json's own frames (the standard library) are left out; the learner's line is the place to open
      const parse = byMethod.test_parse;
      expect(parse?.failure?.exception).toBe('json.decoder.JSONDecodeError');
      expect(parse?.failure?.frames.map((f) => `${f.role} ${f.file}:${f.line}`)).toEqual([
        'test tests/test_cart.py:8',
        'learner shop/cart.py:7',
      ]);
      expect(parse?.failure?.location).toEqual({ file: 'shop/cart.py', line: 7, column: null });
      // the message is the same traceback: relative paths, no standard library, no grader
      expect(parse?.message).toContain('File "shop/cart.py", line 7, in parse\n    return json.loads(text)');
      expect(parse?.message).not.toMatch(/json\/decoder|python3\.\d+|\.strata|<frozen|<string>|\/unittest\//);
      // an exception raised while handling another one is shown, not "could not be shown"
      expect(byMethod.test_lookup?.failure).toMatchObject({ exception: 'ValueError', message: 'no price for pen' });
      expect(byMethod.test_lookup?.message).toMatch(/ValueError: no price for pen\n$/);
      expect(byMethod.test_bare_assert?.failure).toMatchObject({ assertion: null, message: '' });
      expect(byMethod.test_flag?.failure).toMatchObject({
        assertion: 'assertTrue',
        actual: 'False',
        note: 'an empty cart costs something',
      });
      expect(byMethod.test_raises?.failure).toMatchObject({ assertion: 'assertRaises', expected: 'KeyError' });
    });
  }

  it('reports an import that fails as phase "import", with the line of the learner file that broke it', () => {
    const broken = { ...project, 'shop/cart.py': 'def total(prices):\n    return sum(prices\n' };
    const { parsed } = runSuite(broken, 'visible', visible, 'fork');
    if (!parsed.ok) throw new Error(parsed.error);
    const [first] = parsed.report.tests;
    expect(first?.status).toBe('error');
    expect(first?.failure).toMatchObject({
      phase: 'import',
      exception: 'SyntaxError',
      location: { file: 'shop/cart.py', line: 2 },
    });
  });

  it("keeps a hidden test's source out of its frames", () => {
    const { parsed } = runSuite(project, 'hidden', visible, 'fork');
    if (!parsed.ok) throw new Error(parsed.error);
    const failing = parsed.report.tests.find((t) => t.method === 'test_parse');
    expect(failing?.failure?.frames).toEqual([
      { file: 'hidden/test_cart.py', line: 8, function: 'test_parse', code: null, role: 'test' },
      { file: 'shop/cart.py', line: 7, function: 'parse', code: 'return json.loads(text)', role: 'learner' },
    ]);
  });
});

/** Both suites in one harness run, the spec in frames on stdin and each runner a fork (--runner fork). */
function runForked(project: FileMap, visible: FileMap, hidden: FileMap) {
  const nonce = 'f0f0f0f0aaaa5555';
  const dir = writeProject(project);
  const spec = buildHarnessSpec({
    nonce,
    visible,
    hidden,
    limits: { ...DEFAULT_HARNESS_LIMITS, testSeconds: 5, totalSeconds: 20 },
    language: '3.10',
  });
  const result = spawnSync(PYTHON, ['-I', '-S', '-B', HARNESS_PATH, '--spec', '-', '--runner', 'fork'], {
    cwd: dir,
    input: frameHarnessSpec(spec),
    encoding: 'utf8',
  });
  const parsed = parseHarnessOutput(result.stdout, nonce);
  if (!parsed.ok) throw new Error(`${parsed.error}\n${result.stderr}`);
  return parsed.report;
}

const verdicts = (report: { tests: { suite: string; method: string; status: string }[] }) =>
  report.tests.map((t) => [t.suite, t.method, t.status]);

describe('forked runners (the spec in frames, --runner fork)', () => {
  it('give the verdicts of a new interpreter per suite, for the solution and the starter', () => {
    for (const files of [exercise.solution, exercise.starter]) {
      const spawned = runHarness(files, exercise.tests, exercise.hidden, 'fork').parsed;
      if (!spawned.ok) throw new Error(spawned.error);
      const forked = runForked(files, exercise.tests, exercise.hidden);
      expect(forked.mode).toBe('fork');
      expect(verdicts(forked)).toEqual(verdicts(spawned.report));
      expect(forked.tests.map((t) => t.message)).toEqual(spawned.report.tests.map((t) => t.message));
    }
  });

  it('give each runner what a new interpreter has: argv, environment, __main__, SIGINT, no stdin and no other descriptor', () => {
    const probe = [
      'import os, signal, sys, unittest',
      'import __main__',
      'class ProbeTest(unittest.TestCase):',
      '    def test_probe(self):',
      '        fds = [fd for fd in range(3, 256) if self.is_open(fd)]',
      '        print("ARGV", sys.argv, "ENV", sorted(os.environ), "MAIN", hasattr(__main__, "child_main"))',
      '        print("SIGINT", signal.getsignal(signal.SIGINT) is signal.default_int_handler, "STDIN", repr(sys.stdin.read()))',
      '        print("FDS", len(fds), "HIDDEN", "hidden" in sys.modules, "SPEC", any("nonce" in repr(v) for v in vars(__main__).values()))',
      '    @staticmethod',
      '    def is_open(fd):',
      '        try:',
      '            os.fstat(fd)',
      '            return True',
      '        except OSError:',
      '            return False',
    ].join('\n');
    const report = runForked(exercise.solution, { 'test_probe.py': probe }, exercise.hidden);
    const output = report.tests.find((t) => t.method === 'test_probe')?.output ?? '';
    expect(output).toContain("ARGV ['-c'] ENV ['LANG', 'PYTHONIOENCODING'] MAIN True");
    expect(output).toContain("SIGINT True STDIN ''");
    // the event and acknowledgement pipes only
    expect(output).toContain('FDS 2 HIDDEN False SPEC False');
  });

  it("keep a suite's runaway learner code (kill, fork, sleep, exit) out of the next suite's verdicts", () => {
    const runaway = [
      'import os, signal, time, unittest',
      'class RunawayTest(unittest.TestCase):',
      '    def test_fork_and_sleep(self):',
      '        if os.fork() == 0:',
      '            time.sleep(30)',
      '            os._exit(0)',
      '        os.kill(os.getpid(), signal.SIGKILL)',
      '    def test_exit(self):',
      '        os._exit(3)',
      '    def test_sleep(self):',
      '        time.sleep(30)',
    ].join('\n');
    const baseline = runForked(exercise.solution, exercise.tests, exercise.hidden);
    const report = runForked(exercise.solution, { 'test_runaway.py': runaway }, exercise.hidden);
    const visible = report.tests.filter((t) => t.suite === 'visible');
    expect(visible.map((t) => t.status).sort()).toEqual(['error', 'error', 'timeout']);
    const hidden = (r: typeof report) => verdicts({ tests: r.tests.filter((t) => t.suite === 'hidden') });
    expect(hidden(report)).toEqual(hidden(baseline));
    expect(hidden(report).every(([, , status]) => status === 'pass')).toBe(true);
  });
});

describe('parseHarnessOutput', () => {
  const report = {
    protocol: 3,
    nonce: 'abcdef0123456789',
    language: '3.10',
    python: '3.11.2',
    implementation: 'cpython',
    mode: 'fork',
    errors: [],
    tests: [],
    durationMs: 3,
  };
  const frame = (nonce: string, body: unknown) =>
    `@@STRATA-RESULTS ${nonce}\n${JSON.stringify(body)}\n@@STRATA-END ${nonce}\n`;

  it('accepts exactly one frame with the run nonce', () => {
    const parsed = parseHarnessOutput(`noise\n${frame(report.nonce, report)}`, report.nonce);
    expect(parsed.ok).toBe(true);
  });

  it('rejects a report framed with another nonce, a second frame, and a report that fails the schema', () => {
    expect(parseHarnessOutput(frame('0000000000000000', report), report.nonce)).toMatchObject({
      ok: false,
      error: 'the harness wrote no results',
    });
    const twice = frame(report.nonce, report) + frame(report.nonce, report);
    const second = parseHarnessOutput(twice, report.nonce);
    expect(second.ok).toBe(false);
    expect(!second.ok && second.error).toMatch(/more than one report/);
    const bad = parseHarnessOutput(frame(report.nonce, { ...report, tests: [{ id: 'x' }] }), report.nonce);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/do not match the schema: tests\.0/);
  });
});
