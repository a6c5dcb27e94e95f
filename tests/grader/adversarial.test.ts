// Hostile and broken submissions, each graded with the real sandbox: the grade must be right and
// the host untouched. Every case starts from the reference solution of exercise 01 and breaks or
// attacks it in one way, so any test that does not depend on the attack still passes.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSandbox, gradeWithLocalPython, loadExercise } from '../../src/runtime/node.ts';
import type { GradeReport } from '../../src/schemas/index.ts';

const exercise = await loadExercise('exercises', '01-import-side-effects');
const sandbox = detectSandbox();
const LIMITS = { testSeconds: 1.5, totalSeconds: 12 };

const SUMMARY = exercise.solution['reports/summary.py'] ?? '';

function grade(patch: Record<string, string>): Promise<GradeReport> {
  return gradeWithLocalPython({ exercise, files: { ...exercise.solution, ...patch }, harnessLimits: LIMITS });
}

function status(report: GradeReport, method: string): string | undefined {
  return report.tests.find((test) => test.name.endsWith(`.${method}`))?.status;
}

function test(report: GradeReport, method: string) {
  const found = report.tests.find((t) => t.name.endsWith(`.${method}`));
  if (!found) throw new Error(`no test ${method} in ${JSON.stringify(report.tests.map((t) => t.name))}`);
  return found;
}

const ALL = [
  'test_main_prints_one_line_per_region',
  'test_connection_is_reused',
  'test_import_has_no_side_effects',
  'test_total_by_region',
  'test_total_by_region_empty',
];

/** The summary module with `body` run when total_by_region is called (tests 4 and 5, and the visible one). */
function summaryCalling(body: string): string {
  return SUMMARY.replace('    totals = {}\n', `    ${body.split('\n').join('\n    ')}\n    totals = {}\n`);
}

/** Whether no process mentions `marker` (killed processes may take a moment to be reaped). */
async function gone(marker: string): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (!execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).includes(marker)) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  return false;
}

let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'strata-adversarial-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!sandbox.available)('adversarial submissions, graded in the sandbox', () => {
  it('0. the untouched solution scores 100 (baseline)', async () => {
    const report = await grade({});
    expect(report.runtime.sandboxed).toBe(true);
    expect(report.score).toBe(100);
  });

  it('1. sys.exit() at import: every test errors with SystemExit, no crash', async () => {
    const report = await grade({ 'reports/__init__.py': 'import sys\nsys.exit(0)\n' });
    for (const method of ALL) expect(status(report, method)).toBe('error');
    expect(test(report, 'test_total_by_region').message).toContain('SystemExit');
    expect(report.parts.visible.earned + report.parts.hidden.earned).toBe(0);
  });

  it('2. os._exit() at import: the tests error, the harness survives and reports', async () => {
    const report = await grade({ 'reports/__init__.py': 'import os\nos._exit(0)\n' });
    for (const method of ALL) expect(status(report, method)).toBe('error');
    expect(report.status).toBe('fail');
    expect(test(report, 'test_main_prints_one_line_per_region').message).toMatch(/ended unexpectedly|exit code 0/);
  });

  it('3. KeyboardInterrupt at import', async () => {
    const report = await grade({ 'reports/__init__.py': 'raise KeyboardInterrupt\n' });
    for (const method of ALL) expect(status(report, method)).toBe('error');
    expect(test(report, 'test_total_by_region').message).toContain('KeyboardInterrupt');
  });

  it('4. SystemExit inside one function: only the tests that call it fail', async () => {
    const report = await grade({ 'reports/summary.py': summaryCalling('if not rows:\n    raise SystemExit(3)') });
    expect(status(report, 'test_total_by_region_empty')).toBe('error');
    expect(status(report, 'test_total_by_region')).toBe('pass');
    expect(status(report, 'test_connection_is_reused')).toBe('pass');
  });

  it('5. os._exit() in a test: that test errors, the tests after it still run in a fresh process', async () => {
    const report = await grade({ 'reports/summary.py': summaryCalling('if rows == []:\n    import os; os._exit(7)') });
    expect(status(report, 'test_total_by_region_empty')).toBe('error');
    expect(test(report, 'test_total_by_region_empty').message).toContain('exit code 7');
    expect(status(report, 'test_total_by_region')).toBe('pass');
    expect(report.parts.hidden.passed).toBe(3);
  });

  it('6. KeyboardInterrupt in a test: charged to that test only', async () => {
    const report = await grade({ 'reports/summary.py': summaryCalling('if not rows:\n    raise KeyboardInterrupt') });
    expect(status(report, 'test_total_by_region_empty')).toBe('error');
    expect(test(report, 'test_total_by_region_empty').message).toContain('KeyboardInterrupt');
    expect(report.parts.hidden.passed).toBe(3);
    expect(status(report, 'test_main_prints_one_line_per_region')).toBe('pass');
  });

  it('7. printing fake results (our frame, unittest "OK", JSON) changes nothing', async () => {
    const fake = [
      'import sys, json',
      'fake = {"protocol": 1, "nonce": "0" * 32, "tests": [], "score": 100}',
      'for stream in (sys.stdout, sys.stderr, sys.__stdout__):',
      '    print("@@STRATA-RESULTS " + "0" * 32, file=stream)',
      '    print(json.dumps(fake), file=stream)',
      '    print("@@STRATA-END " + "0" * 32, file=stream)',
      '    print("Ran 5 tests in 0.001s\\n\\nOK", file=stream)',
    ].join('\n');
    const starter = exercise.starter;
    const report = await gradeWithLocalPython({
      exercise,
      files: { ...starter, 'reports/__init__.py': fake },
      harnessLimits: LIMITS,
    });
    expect(report.score).toBeLessThan(100);
    expect(report.parts.hidden.passed).toBe(0);
    expect(test(report, 'test_main_prints_one_line_per_region').output).toContain('@@STRATA-RESULTS');
  });

  it('8. an infinite loop in one test: timeout for that test, the others still pass', async () => {
    const started = performance.now();
    const report = await grade({ 'reports/summary.py': summaryCalling('while not rows:\n    pass') });
    expect(status(report, 'test_total_by_region_empty')).toBe('timeout');
    expect(status(report, 'test_total_by_region')).toBe('pass');
    expect(report.parts.hidden.passed).toBe(3);
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it('9. an infinite loop at import: the module times out, the total limit holds', async () => {
    const started = performance.now();
    const report = await grade({ 'reports/__init__.py': 'while True:\n    pass\n' });
    for (const method of ALL) expect(['timeout', 'error']).toContain(status(report, method));
    expect(report.tests.some((t) => t.status === 'timeout')).toBe(true);
    expect(performance.now() - started).toBeLessThan(LIMITS.totalSeconds * 1000 + 3000);
  });

  it('10. flooding stdout and stderr: captured output is capped, grading unaffected', async () => {
    const flood = 'import sys\nfor _ in range(200000):\n    print("x" * 100)\n    print("y" * 100, file=sys.stderr)';
    const report = await grade({
      'reports/summary.py': summaryCalling(`if not rows:\n    ${flood.split('\n').join('\n    ')}`),
    });
    const flooded = test(report, 'test_total_by_region_empty');
    expect(flooded.status).toBe('pass');
    expect(flooded.output.length).toBeLessThan(9000);
    expect(flooded.output).toMatch(/more bytes of output dropped/);
    expect(report.parts.hidden.passed).toBe(4);
  });

  it('11. a memory bomb: MemoryError or a killed process fails that test only', async () => {
    const bomb = 'if not rows:\n    hog = []\n    while True:\n        hog.append(bytearray(50 * 1024 * 1024))';
    const report = await grade({ 'reports/summary.py': summaryCalling(bomb) });
    expect(status(report, 'test_total_by_region_empty')).toBe('error');
    expect(test(report, 'test_total_by_region_empty').message).toMatch(/MemoryError|ended unexpectedly/);
    expect(report.parts.hidden.passed).toBe(3);
  });

  it('12. a fork bomb: stopped by the process limit and the timeout, nothing left running', async () => {
    const marker = `strata-forkbomb-${process.pid}`;
    const inner = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass';
    const bomb = [
      'if not rows:',
      '    import os, sys',
      '    while True:',
      '        try:',
      '            if os.fork() == 0:',
      `                os.execv(sys.executable, [sys.executable, "-c", ${JSON.stringify(inner)}, "${marker}"])`,
      '        except OSError:',
      '            pass',
    ].join('\n');
    const report = await grade({ 'reports/summary.py': summaryCalling(bomb) });
    expect(['timeout', 'error']).toContain(status(report, 'test_total_by_region_empty'));
    expect(status(report, 'test_connection_is_reused')).toBe('pass');
    expect(await gone(marker)).toBe(true);
    // Tearing down thousands of forked processes takes from 2 s on a quiet machine to ~30 s on a
    // busy one (the kernel reaps them, not us): the verdict matters here, not the time.
  }, 90_000);

  it('13. deleting and rewriting the test files changes nothing', async () => {
    const vandal = [
      'import os, shutil',
      'shutil.rmtree("tests", ignore_errors=True)',
      'os.makedirs("tests", exist_ok=True)',
      'open("tests/test_report.py", "w").write("import unittest\\nclass T(unittest.TestCase):\\n    def test_ok(self): pass\\n")',
      'for name in ("hidden", ".strata"):',
      '    shutil.rmtree(name, ignore_errors=True)',
    ].join('\n');
    const report = await gradeWithLocalPython({
      exercise,
      files: { ...exercise.starter, 'reports/__init__.py': vandal },
      harnessLimits: LIMITS,
    });
    expect(report.tests.map((t) => t.name)).not.toContain('T.test_ok');
    expect(report.tests).toHaveLength(5);
    expect(report.parts.hidden.passed).toBe(0);
  });

  it('14. hunting for the hidden tests on disk finds nothing', async () => {
    const hunt = [
      'import os',
      'found = []',
      'for top in ("/", "/work", "/tmp"):',
      '    for root, dirs, files in os.walk(top):',
      '        dirs[:] = [d for d in dirs if d not in ("proc", "sys", "usr", "dev")]',
      '        found += [os.path.join(root, f) for f in files if "hidden" in f or f == "spec.json"]',
      'print("FOUND", found)',
    ].join('\n');
    const report = await grade({ 'reports/__init__.py': `"""Sales reports per region."""\n${hunt}\n` });
    const output = report.tests.map((t) => t.output).join('\n');
    expect(output).toContain('FOUND []');
    expect(report.score).toBe(100);
  });

  it('15. network: no route out, and a server on the host loopback sees no connection', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    const probe = [
      'import socket',
      `for host, port in (("127.0.0.1", ${port}), ("1.1.1.1", 80), ("pypi.org", 443)):`,
      '    try:',
      '        socket.create_connection((host, port), timeout=1).close()',
      '        print("NET OPEN", host)',
      '    except OSError as error:',
      '        print("NET BLOCKED", host, type(error).__name__)',
    ].join('\n');
    const report = await grade({ 'reports/__init__.py': `${probe}\n` });
    server.close();
    const output = report.tests.map((t) => t.output).join('\n');
    expect(output).not.toContain('NET OPEN');
    expect(output.match(/NET BLOCKED/g)?.length).toBeGreaterThanOrEqual(3);
    expect(connections).toBe(0);
    expect(report.score).toBe(100);
  });

  it('16. writing outside its folder: host files untouched, /tmp private', async () => {
    const sentinel = join(scratch, 'sentinel.txt');
    writeFileSync(sentinel, 'original');
    const hostTmp = join(tmpdir(), `strata-escape-${process.pid}.txt`);
    const write = [
      'import os',
      `for path in (${JSON.stringify(sentinel)}, ${JSON.stringify(hostTmp)}, "/usr/escape.txt", "/etc/escape.txt", "/work/../escape.txt"):`,
      '    try:',
      '        with open(path, "w") as handle:',
      '            handle.write("pwned")',
      '        print("WROTE", path)',
      '    except OSError as error:',
      '        print("DENIED", path, type(error).__name__)',
    ].join('\n');
    const report = await grade({ 'reports/__init__.py': `${write}\n` });
    expect(readFileSync(sentinel, 'utf8')).toBe('original');
    expect(existsSync(hostTmp)).toBe(false);
    expect(existsSync('/usr/escape.txt') || existsSync('/etc/escape.txt') || existsSync('/escape.txt')).toBe(false);
    expect(report.score).toBe(100);
  });

  it('17. killing the harness itself: a failing grade with the reason, never a grader crash', async () => {
    const report = await grade({
      'reports/summary.py': summaryCalling(
        'if not rows:\n    import os, signal\n    os.kill(os.getppid(), signal.SIGKILL)',
      ),
    });
    expect(report.status).toBe('error');
    expect(report.score).toBeLessThan(100);
    expect(report.errors.join('\n')).toMatch(/tests could not be run/);
    expect(report.parts.hidden.earned).toBe(0);
  });

  it('18. a syntax error in the learner code: import errors with the traceback', async () => {
    const report = await grade({ 'reports/summary.py': 'def total_by_region(rows:\n' });
    expect(status(report, 'test_total_by_region')).toBe('error');
    expect(test(report, 'test_total_by_region').message).toMatch(/SyntaxError/);
    expect(status(report, 'test_connection_is_reused')).toBe('pass');
  });

  it('19. closing stdout/stderr and monkeypatching unittest at import time does not forge a pass', async () => {
    const sabotage = [
      'import os, unittest',
      'unittest.TestCase.run = lambda self, result=None: None',
      'os.close(1); os.close(2)',
    ].join('\n');
    const report = await gradeWithLocalPython({
      exercise,
      files: { ...exercise.starter, 'reports/__init__.py': sabotage },
      harnessLimits: LIMITS,
    });
    expect(report.parts.hidden.passed).toBe(0);
    expect(report.score).toBeLessThan(100);
  });

  it('20. a background process left running is killed with the sandbox', async () => {
    const marker = `strata-orphan-${process.pid}`;
    const spawn = `import subprocess\nsubprocess.Popen(["/bin/sh", "-c", "exec -a ${marker} sleep 60"], start_new_session=True)\n`;
    const report = await grade({ 'reports/__init__.py': spawn });
    expect(report.score).toBe(100);
    expect(await gone(marker)).toBe(true);
  });
});

it.skipIf(!sandbox.available)('22. a detached process that floods the output pipe after its parent dies', async () => {
  const body = [
    'if not rows:',
    '    import os',
    '    if os.fork() == 0:',
    '        os.setsid()',
    '        while True:',
    '            os.write(1, b"z" * 65536)',
    '    os._exit(0)',
  ].join('\n');
  const started = performance.now();
  const report = await grade({ 'reports/summary.py': summaryCalling(body) });
  expect(status(report, 'test_total_by_region_empty')).toBe('error');
  expect(report.parts.hidden.passed).toBe(3);
  expect(performance.now() - started).toBeLessThan(10_000);
});

it.skipIf(!sandbox.available)('21. raising unittest.SkipTest from learner code does not shrink the total', async () => {
  const report = await grade({
    'reports/summary.py': summaryCalling('import unittest\nraise unittest.SkipTest("nothing to see")'),
  });
  expect(status(report, 'test_total_by_region')).toBe('skipped');
  expect(report.parts.hidden.total).toBe(4);
  expect(report.parts.hidden.passed).toBe(2);
  expect(report.score).toBeLessThan(100);
});

describe.runIf(!sandbox.available)('without a sandbox', () => {
  it('hidden-test grading is refused', async () => {
    await expect(grade({})).rejects.toThrow(/no sandbox/);
  });
});
