// `strata grade` starts its sandbox before it loads the grader (src/cli/grade-warm.ts): the sandbox
// goes to the command run with the same arguments, once, and is ended when nothing takes it.
import { afterEach, describe, expect, it } from 'vitest';
import { discardWarmPool, takeWarmPool, warmGrade } from '../../src/cli/grade-warm.ts';
import { main } from '../../src/cli/index.ts';
import { detectSandbox } from '../../src/runtime/node.ts';
import { gradeReportSchema } from '../../src/schemas/index.ts';

const sandbox = detectSandbox();
const ARGS = ['01-import-side-effects', 'exercises/01-import-side-effects/solution'];
afterEach(() => discardWarmPool());

function until(check: () => boolean, ms = 10_000): Promise<boolean> {
  const stop = Date.now() + ms;
  return new Promise((done) => {
    const poll = () => (check() || Date.now() > stop ? done(check()) : setTimeout(poll, 20));
    poll();
  });
}

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (text: string) => (out.stdout += text),
      stderr: (text: string) => (out.stderr += text),
      cwd: process.cwd(),
    },
  };
}

describe.skipIf(!sandbox.available)('the sandbox `strata grade` starts before it loads the grader', () => {
  it('goes to the command with the same arguments, once, and is a fresh sandbox', async () => {
    warmGrade(ARGS);
    expect(takeWarmPool([ARGS[0] as string, 'another/'])).toBeNull();
    const pool = takeWarmPool(ARGS);
    expect(pool).not.toBeNull();
    expect(takeWarmPool(ARGS)).toBeNull();
    const taken = pool!.take(sandbox);
    expect(taken.ready).toBe(true);
    pool!.close();
    taken.discard();
    expect(await until(() => taken.exited)).toBe(true);
  });

  it('is not started for a batch (it starts a sandbox per worker) or for help', () => {
    for (const args of [[...ARGS, '--batch', 'dir'], ['--batch=dir'], ['--help'], ['-h']]) {
      warmGrade(args);
      expect(takeWarmPool(args)).toBeNull();
    }
  });

  it('is ended, not left waiting, when the command fails before it takes it', async () => {
    const { out, io } = capture();
    expect(await main(['grade', '--no-such-option'], io)).toBe(2);
    expect(out.stderr).toMatch(/Unknown option '--no-such-option'/);
    expect(takeWarmPool(['--no-such-option'])).toBeNull();
  });

  it('grades as a sandbox started by the command would: the solution passes, sandboxed', async () => {
    const { out, io } = capture();
    expect(await main(['grade', ...ARGS, '--format', 'json'], io)).toBe(0);
    const report = gradeReportSchema.parse(JSON.parse(out.stdout));
    expect(report.status).toBe('pass');
    expect(report.runtime.sandboxed).toBe(true);
    expect(report.tests.filter((test) => test.suite === 'hidden').length).toBeGreaterThan(0);
    expect(takeWarmPool(ARGS)).toBeNull();
  });
});
