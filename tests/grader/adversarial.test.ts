// Hostile and broken submissions, each graded with the real sandbox: the grade must be right and
// the host untouched. Every case starts from the reference solution (or the starter) of exercise 01
// and breaks or attacks it in one way, so any test that does not depend on the attack still passes.
// Reports are the instructor's (hidden tests' messages kept) unless a case is about the learner's.
// No case asserts wall time: a busy machine must give the same verdicts.
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
// Generous limits: a verdict must not depend on how busy the machine is. The cases about runaway
// code use RUNAWAY, short enough to keep the suite quick, long enough for the other tests to pass.
const LIMITS = { testSeconds: 10, totalSeconds: 60 };
const RUNAWAY = { testSeconds: 4, totalSeconds: 20 };

const SUMMARY = exercise.solution['reports/summary.py'] ?? '';

function grade(
  patch: Record<string, string>,
  base: 'solution' | 'starter' = 'solution',
  limits: typeof LIMITS = LIMITS,
): Promise<GradeReport> {
  return gradeWithLocalPython({
    exercise,
    files: { ...exercise[base], ...patch },
    harnessLimits: limits,
    audience: 'instructor',
  });
}

/** All the text a report carries (what a learner would be shown, in any format). */
function everything(report: GradeReport): string {
  return JSON.stringify(report);
}

function status(report: GradeReport, method: string): string | undefined {
  return report.tests.find((test) => test.name.endsWith(`.${method}`))?.status;
}

function test(report: GradeReport, method: string) {
  const found = report.tests.find((t) => t.name.endsWith(`.${method}`));
  if (!found) throw new Error(`no test ${method} in ${JSON.stringify(report.tests.map((t) => t.name))}`);
  return found;
}

/** Exercise 01's hidden tests, and its tests in all, counted from its files (the cases below do not pin them). */
const countTests = (files: Record<string, string | Uint8Array>) =>
  Object.values(files)
    .map(String)
    .join('\n')
    .match(/^\s+def test_/gm)?.length ?? 0;
const HIDDEN_TESTS = countTests(exercise.hidden);
const ALL_TESTS = HIDDEN_TESTS + countTests(exercise.tests);

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
    expect(report.parts.hidden.passed).toBe(HIDDEN_TESTS - 1);
  });

  it('6. KeyboardInterrupt in a test: charged to that test only', async () => {
    const report = await grade({ 'reports/summary.py': summaryCalling('if not rows:\n    raise KeyboardInterrupt') });
    expect(status(report, 'test_total_by_region_empty')).toBe('error');
    expect(test(report, 'test_total_by_region_empty').message).toContain('KeyboardInterrupt');
    expect(report.parts.hidden.passed).toBe(HIDDEN_TESTS - 1);
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
    const report = await grade(
      { 'reports/summary.py': summaryCalling('while not rows:\n    pass') },
      'solution',
      RUNAWAY,
    );
    expect(status(report, 'test_total_by_region_empty')).toBe('timeout');
    expect(status(report, 'test_total_by_region')).toBe('pass');
    expect(report.parts.hidden.passed).toBe(HIDDEN_TESTS - 1);
  });

  it('9. an infinite loop at import: the module times out, the total limit holds', async () => {
    const report = await grade({ 'reports/__init__.py': 'while True:\n    pass\n' }, 'solution', RUNAWAY);
    for (const method of ALL) expect(['timeout', 'error']).toContain(status(report, method));
    expect(report.tests.some((t) => t.status === 'timeout')).toBe(true);
    expect(report.errors.join('\n')).not.toMatch(/could not be run/);
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
    expect(report.parts.hidden.passed).toBe(HIDDEN_TESTS);
  });

  it('11. a memory bomb: MemoryError or a killed process fails that test only, however fast the machine', async () => {
    // One huge allocation hits the address-space limit at once, whatever the machine's speed (a
    // loop of small ones could reach the per-test time limit first on a busy machine).
    const bomb = 'if not rows:\n    hog = [bytearray(256 * 1024 * 1024) for _ in range(8)]';
    const report = await grade({ 'reports/summary.py': summaryCalling(bomb) });
    expect(status(report, 'test_total_by_region_empty')).toBe('error');
    expect(test(report, 'test_total_by_region_empty').message).toMatch(/MemoryError|ended unexpectedly/);
    expect(report.parts.hidden.passed).toBe(HIDDEN_TESTS - 1);
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
    const report = await grade({ 'reports/summary.py': summaryCalling(bomb) }, 'solution', RUNAWAY);
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
    expect(report.tests).toHaveLength(ALL_TESTS);
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

  it('17. the harness cannot be killed or stopped: it is PID 1 of the sandbox and handles no signal', async () => {
    const signals = ['SIGKILL', 'SIGSTOP', 'SIGTERM', 'SIGINT', 'SIGHUP']
      .map((name) => `os.kill(os.getppid(), signal.${name})`)
      .join('; ');
    const report = await grade({
      'reports/summary.py': summaryCalling(
        `if not rows:\n    import os, signal\n    print("PARENT", os.getppid()); ${signals}`,
      ),
    });
    expect(test(report, 'test_total_by_region_empty').output).toContain('PARENT 1');
    expect(report.errors).toEqual([]);
    expect(report.score).toBe(100);
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
    const spawn = `import subprocess\nsubprocess.Popen(["${marker}", "60"], executable="/bin/sleep", start_new_session=True)\n`;
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
  const report = await grade({ 'reports/summary.py': summaryCalling(body) }, 'solution', RUNAWAY);
  expect(status(report, 'test_total_by_region_empty')).toBe('error');
  expect(report.parts.hidden.passed).toBe(HIDDEN_TESTS - 1);
});

it.skipIf(!sandbox.available)('21. raising unittest.SkipTest from learner code does not shrink the total', async () => {
  const report = await grade({
    'reports/summary.py': summaryCalling('import unittest\nraise unittest.SkipTest("nothing to see")'),
  });
  expect(status(report, 'test_total_by_region')).toBe('skipped');
  expect(report.parts.hidden.total).toBe(HIDDEN_TESTS);
  // A skipped test counts as not passed: the total keeps every hidden test.
  const skipped = report.tests.filter((t) => t.suite === 'hidden' && t.status === 'skipped').length;
  expect(skipped).toBeGreaterThanOrEqual(2);
  expect(report.parts.hidden.passed).toBe(HIDDEN_TESTS - skipped);
  expect(report.score).toBeLessThan(100);
});

describe.runIf(!sandbox.available)('without a sandbox', () => {
  it('hidden-test grading is refused', async () => {
    await expect(grade({})).rejects.toThrow(/no sandbox/);
  });
});

// ---------------------------------------------------------------------------------------------
// The attack classes a hostile learner used against the grader when it ran learner code as root,
// shared a process between hidden and visible tests, and let learner code reach the harness.

/** Runs `python` (a fresh interpreter, so no harness audit hook) from learner code, printing its output. */
function freshPython(code: string): string {
  return [
    'import subprocess, sys',
    `out = subprocess.run([sys.executable, "-I", "-c", ${JSON.stringify(code)}], capture_output=True, text=True)`,
    'print(out.stdout, out.stderr)',
  ].join('\n');
}

/** A small helper every seccomp probe uses: libc's syscall(), the errno it left, by name. */
const SYSCALL_PROBE = [
  'import ctypes, errno, os',
  'libc = ctypes.CDLL(None, use_errno=True)',
  'def call(name, number, *args):',
  '    result = libc.syscall(number, *[ctypes.c_long(a) for a in args])',
  '    print("SYSCALL", name, "ok" if result >= 0 else errno.errorcode.get(ctypes.get_errno(), "?"))',
].join('\n');

let honestStarter: GradeReport | undefined;

/** An attack on the starter must not score above the honest starter (graded once, on first use). */
async function noBetterThanStarter(report: GradeReport): Promise<void> {
  honestStarter ??= await grade({}, 'starter');
  expect(report.parts.hidden.passed).toBeLessThanOrEqual(honestStarter.parts.hidden.passed);
  expect(report.score).toBeLessThanOrEqual(honestStarter.score);
}

describe.skipIf(!sandbox.available)('the sandbox is least privilege whatever the grader runs as', () => {
  it("23. learner code never runs with the grader's uid: an unprivileged uid outside, no root inside", async () => {
    const marker = `strata-uid-${process.pid}`;
    const code = [
      'import os, subprocess, time',
      `subprocess.Popen(["${marker}", "4"], executable="/bin/sleep")`,
      'print("UID", os.getuid(), os.geteuid())',
      'try:',
      '    os.setuid(0); print("SETUID ok")',
      'except OSError as error:',
      '    print("SETUID", type(error).__name__)',
      'print("PROC", os.path.exists("/proc/self"), "SYS", os.path.exists("/sys/kernel"))',
      'r = subprocess.run(["/bin/mount", "-o", "remount,rw", "/usr"], capture_output=True)',
      'print("REMOUNT", r.returncode)',
      'time.sleep(2)',
    ].join('\n');
    const seen = new Set<number>();
    let grading = true;
    const watching = (async () => {
      while (grading) {
        for (const line of execFileSync('ps', ['-eo', 'uid=,args='], { encoding: 'utf8' }).split('\n')) {
          if (line.includes(marker)) seen.add(Number(line.trim().split(/\s+/)[0]));
        }
        await new Promise((done) => setTimeout(done, 100));
      }
    })();
    const report = await grade({ 'reports/__init__.py': code });
    grading = false;
    await watching;
    const output = test(report, 'test_main_prints_one_line_per_region').output;
    expect(output).toContain('UID 1000 1000');
    expect(output).toContain('SETUID');
    expect(output).not.toContain('SETUID ok');
    expect(output).toContain('PROC False SYS False');
    expect(output).not.toContain('REMOUNT 0');
    expect(seen.size).toBeGreaterThan(0);
    for (const uid of seen) expect(uid).not.toBe(0);
    if (process.getuid?.() !== 0) for (const uid of seen) expect(uid).toBe(process.getuid?.());
  });

  it.runIf(process.arch === 'x64')(
    '24. the seccomp filter refuses ptrace, process_vm_readv, pidfd_*, mount, unshare, keyctl, bpf, userfaultfd, perf_event_open',
    async () => {
      const probe = [
        SYSCALL_PROBE,
        'call("ptrace", 101, 16, 1, 0, 0)', // PTRACE_ATTACH to the harness (PID 1)
        'call("process_vm_readv", 310, 1, 0, 0, 0, 0, 0)',
        'call("pidfd_open", 434, 1, 0)',
        'call("pidfd_getfd", 438, 0, 1, 0)',
        'call("mount", 165, 0, 0, 0, 0, 0)',
        'call("unshare", 272, 0x10000000)', // CLONE_NEWUSER
        'call("keyctl", 250, 0, 0, 0, 0, 0)',
        'call("bpf", 321, 0, 0, 0)',
        'call("userfaultfd", 323, 0)',
        'call("perf_event_open", 298, 0, 0, 0, 0, 0)',
        'call("getpid", 39)',
      ].join('\n');
      const report = await grade({ 'reports/__init__.py': freshPython(probe) });
      const output = test(report, 'test_main_prints_one_line_per_region').output;
      for (const name of [
        'ptrace',
        'process_vm_readv',
        'pidfd_open',
        'pidfd_getfd',
        'mount',
        'unshare',
        'keyctl',
        'bpf',
        'userfaultfd',
        'perf_event_open',
      ]) {
        expect(output).toContain(`SYSCALL ${name} EPERM`);
      }
      expect(output).toContain('SYSCALL getpid ok');
    },
  );

  it('25. the process limit holds: a fork loop stops well under 64 processes', async () => {
    const code = [
      'import os, time',
      'count = 0',
      'try:',
      '    for _ in range(500):',
      '        if os.fork() == 0:',
      '            time.sleep(3); os._exit(0)',
      '        count += 1',
      'except OSError as error:',
      '    print("FORK STOPPED", count, type(error).__name__)',
    ].join('\n');
    const report = await grade({ 'reports/__init__.py': code });
    const output = test(report, 'test_main_prints_one_line_per_region').output;
    const stopped = /FORK STOPPED (\d+)/.exec(output);
    expect(stopped).not.toBeNull();
    expect(Number(stopped?.[1])).toBeLessThan(64);
  });

  it('26. every writable mount has a size: /work, /tmp and /dev/shm fill up, /dev is read-only', async () => {
    const code = [
      'import os',
      'for folder in ("/work", "/tmp", "/dev/shm"):',
      '    total = 0',
      '    try:',
      '        for n in range(40):',
      '            with open(os.path.join(folder, "fill-%d" % n), "wb") as handle:',
      '                for _ in range(10):',
      '                    handle.write(b"x" * (1024 * 1024)); total += 1',
      '    except OSError as error:',
      '        print("FULL", folder, total, type(error).__name__)',
      '    for n in range(40):',
      '        try: os.remove(os.path.join(folder, "fill-%d" % n))',
      '        except OSError: pass',
      'try:',
      '    open("/dev/strata-fill", "wb"); print("DEV WRITABLE")',
      'except OSError as error:',
      '    print("DEV", type(error).__name__)',
    ].join('\n');
    const report = await grade({ 'reports/__init__.py': code });
    const output = test(report, 'test_main_prints_one_line_per_region').output;
    for (const folder of ['/work', '/tmp', '/dev/shm']) {
      const full = new RegExp(`FULL ${folder} (\\d+)`).exec(output);
      expect(full, `${folder} has no size limit: ${output}`).not.toBeNull();
      expect(Number(full?.[1])).toBeLessThanOrEqual(64);
    }
    expect(output).not.toContain('DEV WRITABLE');
    expect(report.score).toBe(100);
  });
});

describe.skipIf(!sandbox.available)('hidden tests stay hidden, and results cannot be forged', () => {
  it('27. the visible run never holds the hidden tests, and a learner report carries none of their text', async () => {
    const hunt = [
      'import sys',
      'print("HIDDEN LOADED" if "hidden" in sys.modules else "HIDDEN ABSENT")',
      'found = sys.modules.get("hidden.test_hidden")',
      'if found is not None:',
      '    stack = [code for code, _ in found.__spec__.loader.modules.values()]',
      '    strings = []',
      '    while stack:',
      '        code = stack.pop()',
      '        for const in code.co_consts:',
      '            if isinstance(const, str): strings.append(const)',
      '            elif hasattr(const, "co_consts"): stack.append(const)',
      '    print("LEAK", strings)',
      '    raise AssertionError("LEAK %r" % strings)',
    ].join('\n');
    const attack = { 'reports/db.py': `${exercise.solution['reports/db.py']}\n${hunt}\n` };
    const learner = await gradeWithLocalPython({
      exercise,
      files: { ...exercise.solution, ...attack },
      harnessLimits: LIMITS,
    });
    expect(learner.audience).toBe('learner');
    expect(test(learner, 'test_main_prints_one_line_per_region').output).toContain('HIDDEN ABSENT');
    const text = everything(learner);
    expect(text).not.toContain('connected at import time');
    expect(text).not.toContain('LEAK');
    for (const line of (exercise.hidden['test_hidden.py'] ?? '').split('\n')) {
      if (line.trim().length >= 24) expect(text).not.toContain(line.trim());
    }
    for (const hidden of learner.tests.filter((t) => t.suite === 'hidden')) {
      expect(hidden.message).toBe('');
      expect(hidden.output).toBe('');
    }
    // The instructor's report of the same submission keeps what the hidden run printed.
    const instructor = await grade(attack);
    expect(everything(instructor)).toContain('connected at import time');
  });

  it('28. patching unittest inside a test (assert methods, TestCase.run, the result class) marks it tampered', async () => {
    const patch = [
      'import unittest',
      'unittest.TestCase.assertEqual = lambda self, *a, **k: None',
      'unittest.TestCase.assertIs = lambda self, *a, **k: None',
      'unittest.TestResult.addFailure = unittest.TestResult.addSuccess',
    ].join('\n');
    const report = await grade(
      { 'reports/summary.py': `${exercise.starter['reports/summary.py']}\n${patch}\n` },
      'starter',
    );
    await noBetterThanStarter(report);
    expect(report.tests.map((t) => t.message).join('\n')).toMatch(/tampered with/);
  });

  it('29. walking the stack for the harness (sys._getframe, inspect, tracebacks, gc) finds nothing', async () => {
    const walk = [
      'import gc, inspect, sys',
      'def forge():',
      '    for probe in (lambda: sys._getframe(1), lambda: inspect.stack(), lambda: gc.get_objects()):',
      '        try:',
      '            probe(); print("REACHED")',
      '        except Exception as error:',
      '            print("BLOCKED", type(error).__name__)',
      '    try:',
      '        raise ValueError',
      '    except ValueError as error:',
      '        try:',
      '            error.__traceback__.tb_frame; print("REACHED")',
      '        except Exception as blocked:',
      '            print("BLOCKED", type(blocked).__name__)',
      '    try:',
      '        sys.settrace(lambda *a: None); print("REACHED")',
      '    except Exception as error:',
      '        print("BLOCKED", type(error).__name__)',
      'forge()',
    ].join('\n');
    const report = await grade({ 'reports/__init__.py': walk });
    const output = test(report, 'test_main_prints_one_line_per_region').output;
    expect(output).not.toContain('REACHED');
    expect(output.match(/BLOCKED/g)?.length).toBe(5);
    expect(report.score).toBe(100);
  });

  it('30. writing forged events to every descriptor, then exiting, fails the run instead of passing it', async () => {
    const forge = [
      'import json, os',
      'for fd in range(3, 64):',
      '    for method in ("test_total_by_region", "test_total_by_region_empty", "test_connection_is_reused", "test_import_has_no_side_effects"):',
      '        for cls in ("SummaryTest", "ImportTimeTest"):',
      '            test = "hidden.test_hidden.%s.%s" % (cls, method)',
      '            line = json.dumps({"e": "end", "t": test, "s": "pass", "msg": ""}) + "\\n"',
      '            try:',
      '                os.write(fd, line.encode())',
      '            except OSError:',
      '                pass',
      'os._exit(0)',
    ].join('\n');
    const report = await grade({ 'reports/summary.py': `${forge}\n` }, 'starter');
    await noBetterThanStarter(report);
    expect(report.parts.hidden.passed).toBe(0);
  });

  it('31. a submission that shadows the standard library (json.py, unittest/) is refused by name', async () => {
    const report = await grade(
      {
        'json.py': 'def dumps(*a, **k):\n    return "{}"\n',
        'unittest/__init__.py': 'class TestCase:\n    pass\n',
        'unittest/case.py': '',
      },
      'starter',
    );
    await noBetterThanStarter(report);
    const errors = report.errors.join('\n');
    expect(errors).toMatch(/refused json\.py: it has the name of the standard-library module 'json'/);
    expect(errors).toMatch(/refused unittest\/: it has the name of the standard-library module 'unittest'/);
    expect(report.tests).toHaveLength(ALL_TESTS);
  });

  it('32. a test module swapped through sys.meta_path or sys.modules is caught', async () => {
    const swap = [
      'import sys, types, importlib.abc, importlib.util',
      'class Fake(importlib.abc.MetaPathFinder, importlib.abc.Loader):',
      '    def find_spec(self, name, path=None, target=None):',
      '        return importlib.util.spec_from_loader(name, self) if name.startswith("hidden.") else None',
      '    def create_module(self, spec): return None',
      '    def exec_module(self, module):',
      '        exec("import unittest\\nclass SummaryTest(unittest.TestCase):\\n    def test_total_by_region(self): pass\\n    def test_total_by_region_empty(self): pass\\nclass ImportTimeTest(SummaryTest):\\n    def test_connection_is_reused(self): pass\\n    def test_import_has_no_side_effects(self): pass\\n", module.__dict__)',
      'sys.meta_path.insert(0, Fake())',
    ].join('\n');
    const report = await grade({ 'reports/__init__.py': swap }, 'starter');
    await noBetterThanStarter(report);
  });
});

describe.skipIf(!sandbox.available)('the tamper check cannot be switched off', () => {
  const PATCH_ASSERTS = [
    'import unittest',
    'unittest.TestCase.assertEqual = lambda self, *a, **k: None',
    'unittest.TestCase.assertIs = lambda self, *a, **k: None',
  ].join('\n');

  it("34. reaching the runner through a finder's __globals__ and disabling its checks does not help", async () => {
    const attack = [
      'import builtins, sys',
      'for finder in sys.meta_path:',
      '    method = getattr(type(finder), "find_spec", None)',
      '    found = getattr(method, "__globals__", {})',
      '    if "Snapshot" in found:',
      '        found["Snapshot"].changed = lambda self, *a, **k: None',
      '        try:',
      '            found["Snapshot"].changed.__defaults__ = (None,)',
      '        except Exception as error:',
      '            print("DEFAULTS", type(error).__name__)',
      '        found["STATUS_RANK"]["pass"] = 99',
      '        found["clip"] = lambda text, limit=0: "ok"',
      'builtins.zip = lambda *a: iter(())',
      PATCH_ASSERTS,
    ].join('\n');
    const report = await grade({ 'reports/__init__.py': attack }, 'starter');
    await noBetterThanStarter(report);
    expect(report.tests.map((t) => t.message).join('\n')).toMatch(/tampered with/);
  });

  it("35. an earlier test replacing a later test's method is caught", async () => {
    const attack = [
      'import sys',
      'def _always_pass(self):',
      '    pass',
      'for name, module in list(sys.modules.items()):',
      '    if name.startswith("hidden.") or name.startswith("tests."):',
      '        for value in list(vars(module).values()):',
      '            if isinstance(value, type):',
      '                for attribute in list(vars(value)):',
      '                    if attribute.startswith("test"):',
      '                        setattr(value, attribute, _always_pass)',
    ].join('\n');
    const report = await grade({ 'reports/__init__.py': attack }, 'starter');
    await noBetterThanStarter(report);
  });
});

describe.skipIf(!sandbox.available)('the guard holds after learner code has run', () => {
  /** Python that tries to read a frame and prints REACHED or BLOCKED. */
  const PROBE = [
    'def probe(where):',
    '    import sys',
    '    try:',
    '        sys._getframe(1)',
    '        print("REACHED", where)',
    '    except Exception:',
    '        print("BLOCKED", where)',
  ].join('\n');

  it('36. the guard switch is not on sys in a supervised runner: nothing turns the guard off', async () => {
    const attack = [
      PROBE,
      'import sys',
      'switch = getattr(sys, "_strata_guard_switch", None)',
      'print("SWITCH", switch is not None)',
      'if switch is not None:',
      '    switch[0] = False',
      'probe("after switching off")',
    ].join('\n');
    const report = await grade({ 'reports/__init__.py': attack });
    expect(everything(report)).not.toContain('REACHED');
    expect(test(report, 'test_main_prints_one_line_per_region').output).toContain('SWITCH False');
    expect(report.score).toBe(100);
  });

  it("37. replacing the runner's functions and tables, and the standard library's, reaches no frame", async () => {
    // Each replacement would once have run with the guard off, or been handed its switch: the
    // runner's describe (through __main__), the hook's tables, traceback and os.path functions.
    const attack = [
      PROBE,
      'import os, sys, traceback',
      'def evil(name, real):',
      '    def replacement(*args, **kwargs):',
      '        for arg in args:',
      '            if isinstance(arg, list) and arg and arg[0] in (True, False):',
      '                arg[0] = False',
      '        probe(name)',
      '        return real(*args, **kwargs)',
      '    return replacement',
      'main = sys.modules["__main__"]',
      'for name in ("describe", "describe_failure", "read_frames", "clip", "frames_of", "show_value"):',
      '    if hasattr(main, name):',
      '        setattr(main, name, evil(name, getattr(main, name)))',
      'main.FRAME_READERS = type("All", (), {"__contains__": lambda self, item: True})()',
      'main.BLOCKED_EVENTS = {}',
      'traceback.extract_tb = evil("extract_tb", traceback.extract_tb)',
      'traceback.format_list = evil("format_list", traceback.format_list)',
      'os.path.basename = evil("basename", os.path.basename)',
      'os.path.isfile = evil("isfile", os.path.isfile)',
    ].join('\n');
    const report = await grade(
      { 'reports/__init__.py': `${exercise.starter['reports/__init__.py'] ?? ''}\n${attack}\n` },
      'starter',
    );
    expect(everything(report)).not.toContain('REACHED');
    await noBetterThanStarter(report);
  });

  it('38. a json encoder that rewrites the verdicts it serialises signs nothing', async () => {
    const attack = [
      'import json',
      'real = json.JSONEncoder.encode',
      'def encode(self, value):',
      '    if isinstance(value, dict) and value.get("e") == "end":',
      '        value = dict(value, s="pass", msg="", f=None)',
      '    return real(self, value)',
      'json.JSONEncoder.encode = encode',
      'json._default_encoder.encode = lambda value: encode(json._default_encoder, value)',
    ].join('\n');
    const report = await grade(
      { 'reports/__init__.py': `${exercise.starter['reports/__init__.py'] ?? ''}\n${attack}\n` },
      'starter',
    );
    await noBetterThanStarter(report);
  });

  it("39. an exception's __str__ (formatted when an import fails) runs guarded", async () => {
    const attack = [
      'import sys',
      'class Sneaky(Exception):',
      '    def __str__(self):',
      '        try:',
      '            sys._getframe(1)',
      '            return "REACHED in __str__"',
      '        except Exception:',
      '            return "BLOCKED in __str__"',
      'raise Sneaky()',
    ].join('\n');
    const report = await grade({ 'reports/summary.py': attack }, 'starter');
    const visible = test(report, 'test_main_prints_one_line_per_region');
    expect(visible.message).toContain('Sneaky: BLOCKED in __str__');
    expect(visible.failure?.summary).toBe('The tests could not import your code: Sneaky: BLOCKED in __str__');
    expect(everything(report)).not.toContain('REACHED');
    await noBetterThanStarter(report);
  });
});

describe.runIf(sandbox.available && process.getuid?.() === 0)('as a normal user', () => {
  it('33. the CLI grades in the same sandbox when run by an unprivileged user (nobody)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'strata-nobody-'));
    try {
      for (const [path, text] of Object.entries({
        ...exercise.solution,
        'reports/__init__.py': 'import os\nprint("UID", os.getuid())\n',
      })) {
        const target = join(folder, path);
        execFileSync('mkdir', ['-p', join(target, '..')]);
        writeFileSync(target, text);
      }
      execFileSync('chmod', ['-R', 'a+rX', folder]);
      const out = execFileSync(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          join(process.cwd(), 'bin/strata.mjs'),
          'grade',
          join(process.cwd(), 'exercises/01-import-side-effects'),
          folder,
          '--format',
          'json',
          '--instructor',
        ],
        { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' } },
      );
      const report = JSON.parse(out) as GradeReport;
      expect(report.runtime.sandboxed).toBe(true);
      expect(report.score).toBe(100);
      expect(report.tests[0]?.output).toContain('UID 1000');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
