// A run's time limit is a timer in the grading process. When that process is stopped (SIGSTOP, a
// paused container) or starved while the learner's program runs, the timer can fire after the
// program ended in time, before its exit is read: that must not be recorded as a timeout. The
// grading runs in a child Node process here so that the test can stop it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectSandbox } from '../../src/runtime/node.ts';
import { procStat } from '../support/proc.ts';

const sandbox = detectSandbox();
const dir = mkdtempSync(join(tmpdir(), 'strata-late-timer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TIMEOUT_MS = 3000;
const script = join(dir, 'run.mjs');
writeFileSync(
  script,
  `import { LocalPythonRuntime } from ${JSON.stringify(resolve('src/runtime/node.ts'))};
const runtime = new LocalPythonRuntime({ sandbox: process.argv[2] });
await runtime.boot();
await runtime.writeFiles({ 'main.py': 'import time\\nprint("started", flush=True)\\ntime.sleep(1)\\nprint("done")\\n' });
const result = await runtime.run(['python3', 'main.py'], {
  timeoutMs: ${TIMEOUT_MS},
  onOutput: (chunk) => process.stdout.write(chunk.includes('started') ? 'running\\n' : ''),
});
process.stdout.write(JSON.stringify(result) + '\\n');
await runtime.dispose();
`,
);

/** /proc/<pid>/stat's state letter and parent pid, or null once the process is gone. */
function stat(pid: number): { state: string; parent: number } | null {
  const fields = procStat(pid);
  return fields ? { state: fields[0]!, parent: Number(fields[1]) } : null;
}

const children = (pid: number) =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((child) => stat(child)?.parent === pid);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function runStoppedMidRun(mode: 'require' | 'off') {
  const child = spawn(process.execPath, [script, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((done) => child.once('exit', done));
  while (!output.includes('running\n')) {
    if (child.exitCode !== null) throw new Error(`the runner exited early: ${output}`);
    await sleep(10);
  }
  // The learner's program runs (it said so); its sandbox or interpreter is the runner's child.
  const [program] = children(child.pid!);
  if (program === undefined) throw new Error('the program is running but the runner has no child');
  child.kill('SIGSTOP');
  const stoppedAt = Date.now();
  // Stopped until the program has ended (a zombie nobody reaped yet) and its time limit has passed.
  // (Bounded: a program that never ends is resumed anyway, and the assertions say what happened.)
  while ((stat(program)?.state !== 'Z' && Date.now() - stoppedAt < 20_000) || Date.now() - stoppedAt < TIMEOUT_MS + 500)
    await sleep(50);
  child.kill('SIGCONT');
  await exited;
  return JSON.parse(output.split('\n').find((line) => line.startsWith('{'))!) as {
    timedOut: boolean;
    exitCode: number | null;
    stdout: string;
  };
}

describe('a time limit whose timer fires late', () => {
  it.skipIf(!sandbox.available)('is no timeout when the sandboxed program had ended in time', async () => {
    const result = await runStoppedMidRun('require');
    expect(result).toMatchObject({ timedOut: false, exitCode: 0, stdout: 'started\ndone\n' });
  });

  it('is no timeout when the unsandboxed program had ended in time', async () => {
    const result = await runStoppedMidRun('off');
    expect(result).toMatchObject({ timedOut: false, exitCode: 0, stdout: 'started\ndone\n' });
  });
});
