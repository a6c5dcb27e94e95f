// Sandboxes started in advance (sandbox-process.ts): each one grades exactly one submission, and
// nothing one submission does in its sandbox reaches the next, pooled or not.
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SANDBOX_LIMITS,
  detectSandbox,
  gradeWithLocalPython,
  loadExercise,
  SandboxPool,
  SandboxProcess,
} from '../../src/runtime/node.ts';
import { compiledHarness, sandboxUid, setupFrame } from '../../src/runtime/node/sandbox.ts';
import { harnessSources } from '../../src/runtime/node/harness-preload.ts';

const exercise = await loadExercise('exercises', '01-import-side-effects');
const sandbox = detectSandbox();
const LIMITS = { testSeconds: 10, totalSeconds: 60 };
const pools: SandboxPool[] = [];
afterAll(() => pools.forEach((pool) => pool.close()));

function until(check: () => boolean, ms = 10_000): Promise<boolean> {
  const stop = Date.now() + ms;
  return new Promise((done) => {
    const poll = () => (check() || Date.now() > stop ? done(check()) : setTimeout(poll, 20));
    poll();
  });
}

describe('throw-away uids', () => {
  it('differ for every sandbox of a process until the range is used up, and stay in it', () => {
    // A pool keeps sandboxes waiting beside the running ones: two sharing a uid would share its
    // count of processes (a fork bomb in one could fail the other's tests).
    const uids = Array.from({ length: 60_000 }, () => sandboxUid());
    expect(new Set(uids).size).toBe(60_000);
    expect(Math.min(...uids)).toBe(200_000);
    expect(Math.max(...uids)).toBe(259_999);
    expect(sandboxUid()).toBe(uids[0]);
  });
});

describe.skipIf(!sandbox.available)('sandboxes started in advance', () => {
  it('run one program each: a second run is refused, and the sandbox is gone after its run', async () => {
    const process_ = new SandboxProcess({ info: sandbox, limits: DEFAULT_SANDBOX_LIMITS, harness: true });
    expect(process_.ready).toBe(true);
    const setup = setupFrame({
      info: sandbox,
      argv: ['python3', '-I', '-S', '-c', 'import os; print("ran as", os.getpid())'],
      files: {},
      limits: DEFAULT_SANDBOX_LIMITS,
    });
    const result = await process_.run(setup, { timeoutMs: 30_000 });
    expect(result.stdout).toContain('ran as 1');
    expect(result.exitCode).toBe(0);
    expect(process_.ready).toBe(false);
    expect(() => process_.run(setup, { timeoutMs: 30_000 })).toThrow(
      /already used: a sandbox runs one submission only/,
    );
    expect(await until(() => process_.exited)).toBe(true);
  });

  it('a pool never hands out the same sandbox twice and refills itself; closing it ends the waiting ones', async () => {
    const pool = new SandboxPool({ size: 2 });
    pools.push(pool);
    pool.fill();
    const taken = [pool.take(sandbox), pool.take(sandbox), pool.take(sandbox), pool.take(sandbox)];
    expect(new Set(taken.map((one) => one.id)).size).toBe(4);
    expect(new Set(taken.map((one) => one.pid)).size).toBe(4);
    expect(taken.every((one) => one.ready)).toBe(true);
    taken.forEach((one) => one.discard());
    expect(await until(() => taken.every((one) => one.exited))).toBe(true);
    pool.close();
    const after = pool.take(sandbox); // a closed pool starts one on demand and keeps none waiting
    expect(after.ready).toBe(true);
    after.discard();
  });

  it('grades through a pool as without one, and what one submission leaves behind never reaches the next', async () => {
    // compiled: the harness compiled once on the host, as a batch does (see compiledHarness)
    const pool = new SandboxPool({ size: 1, compiled: true });
    expect(compiledHarness(sandbox, harnessSources())?.version).toMatch(/^3\.\d+\.\d+/);
    pools.push(pool);
    pool.fill();
    // Learner code that looks for what an earlier submission left, then leaves the same: a file in
    // /tmp and in its folder, and a process that outlives the run (a submission's own suites share
    // its sandbox, so each submission looks for the others' marks only).
    const trace = (mine: number) =>
      [
        'import os, subprocess',
        `MINE = "left-${mine}"`,
        'found = [name for folder in ("/tmp", ".") for name in os.listdir(folder) if name.startswith("left-") and name != MINE]',
        'print("LEFTOVER %s" % found if found else "CLEAN")',
        'open("/tmp/" + MINE, "w").write("x")',
        'open(MINE, "w").write("x")',
        'subprocess.Popen(["/usr/bin/python3", "-c", "import time; time.sleep(60)"], start_new_session=True)',
      ].join('\n');
    const reports = [];
    for (const [index, base] of (['solution', 'starter', 'solution'] as const).entries()) {
      const files = { ...exercise[base], 'reports/__init__.py': trace(index) };
      const pooled = await gradeWithLocalPython({
        exercise,
        files,
        harnessLimits: LIMITS,
        pool,
        audience: 'instructor',
      });
      reports.push(pooled);
      const alone = await gradeWithLocalPython({ exercise, files, harnessLimits: LIMITS, audience: 'instructor' });
      expect(pooled.tests.map((t) => [t.name, t.status])).toEqual(alone.tests.map((t) => [t.name, t.status]));
      expect(pooled.score).toBe(alone.score);
    }
    for (const report of reports) {
      const outputs = report.tests.map((t) => t.output).join('\n');
      expect(outputs).toContain('CLEAN');
      expect(outputs).not.toContain('LEFTOVER');
    }
    expect(reports.map((r) => r.score)).toEqual([100, reports[1]?.score, 100]);
    expect(reports[1]?.score).toBeLessThan(100);
  });
});
