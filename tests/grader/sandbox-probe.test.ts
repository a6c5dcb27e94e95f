// The sandbox probe's pass is remembered across processes (tests/grader runs it once per file);
// what keeps that safe is the bootstrap checking every protection again in every sandbox. These
// tests weaken the sandbox behind a remembered pass and expect the grade to refuse, by name.
import { chmodSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { detectSandbox, gradeWithLocalPython, loadExercise } from '../../src/runtime/node.ts';
import { resetSandboxDetection, SandboxProbeTimeoutError } from '../../src/runtime/node/sandbox.ts';

const real = detectSandbox();
const exercise = await loadExercise('exercises', '01-import-side-effects');
const dir = mkdtempSync(join(tmpdir(), 'strata-probe-test-'));
chmodSync(dir, 0o755); // as root, bubblewrap starts as a throw-away uid that must read the wrapper
const wrapper = join(dir, 'bwrap');
const saved = process.env.STRATA_BWRAP;

/**
 * A bubblewrap that passes its arguments through, or with DROP=1 leaves out the seccomp filter.
 * Both versions have the same size and are given the same time, so the probe record cannot tell
 * them apart: only the bootstrap's checks inside the sandbox can.
 */
function writeWrapper(drop: 0 | 1, time: Date): void {
  writeFileSync(
    wrapper,
    `#!/bin/sh
DROP=${drop}
skip=0
for arg in "$@"; do
  shift
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  if [ "$DROP" = 1 ] && [ "$arg" = --seccomp ]; then skip=1; continue; fi
  set -- "$@" "$arg"
done
exec ${real.bwrap} "$@"
`,
  );
  chmodSync(wrapper, 0o755);
  utimesSync(wrapper, time, time);
}

afterEach(() => {
  if (saved === undefined) delete process.env.STRATA_BWRAP;
  else process.env.STRATA_BWRAP = saved;
  resetSandboxDetection();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!real.available)('the sandbox probe remembered across processes', () => {
  it('a pass is remembered, and a sandbox weakened behind it refuses to grade, naming what it lacks', async () => {
    const time = new Date(Date.now() - 60_000);
    writeWrapper(0, time);
    process.env.STRATA_BWRAP = wrapper;
    resetSandboxDetection();
    expect(detectSandbox().available).toBe(true);

    // Same size and time: the next detection trusts the remembered pass without probing.
    const size = statSync(wrapper).size;
    writeWrapper(1, time);
    expect(statSync(wrapper).size).toBe(size);
    resetSandboxDetection();
    expect(detectSandbox().available).toBe(true);

    const report = await gradeWithLocalPython({ exercise, files: exercise.solution, audience: 'instructor' });
    // No test ran (the contracts are checked outside the sandbox and keep their share).
    expect(report.status).toBe('error');
    expect(report.tests.filter((test) => test.status === 'pass')).toEqual([]);
    expect(report.errors.join('\n')).toMatch(/the sandbox lacks the seccomp filter/);
  });

  it('a probe that does not answer in time is not taken for a refusal, and is not remembered', () => {
    // A bubblewrap that answers late: a machine too busy, or the grader stopped (SIGSTOP) mid-probe.
    writeFileSync(wrapper, `#!/bin/sh\nsleep 2\nexec ${real.bwrap} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const time = new Date(Date.now() - 180_000); // no record matches
    utimesSync(wrapper, time, time);
    process.env.STRATA_BWRAP = wrapper;
    resetSandboxDetection();
    expect(() => detectSandbox({ probeTimeoutMs: 200 })).toThrow(SandboxProbeTimeoutError);
    expect(() => detectSandbox({ probeTimeoutMs: 200 })).toThrow(/did not answer within 0.2 s/);
    // Asked again with time to answer, it probes again and finds the sandbox.
    expect(detectSandbox()).toMatchObject({ available: true, reason: null, bwrap: wrapper });
  });

  it('without a remembered pass, the probe finds the missing filter and says so', () => {
    writeWrapper(1, new Date(Date.now() - 120_000)); // another time: no record matches
    process.env.STRATA_BWRAP = wrapper;
    resetSandboxDetection();
    const info = detectSandbox();
    expect(info.available).toBe(false);
    expect(info.reason).toMatch(/^the sandbox lacks the seccomp filter/);
  });
});
