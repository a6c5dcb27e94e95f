import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeSubmission, HARNESS_PATH, parseHarnessOutput } from '../../../src/grading/index.ts';
import {
  createNewlineFixer,
  reframeResults,
  RESULTS_PATH,
  toFileTree,
} from '../../../src/runtime/browser/webcontainer-runtime.ts';
import { WebContainerBootError, WebContainerRuntime } from '../../../src/runtime/index.ts';
import { loadExercise } from '../../../src/runtime/node.ts';
import { settlesWithin } from './support/fake-clock.ts';
import { FakeContainer, fakeApi, terminal } from './support/fake-webcontainer.ts';
import type { SpawnCall } from './support/fake-webcontainer.ts';

const NONCE = '0123456789abcdef';
const report = (nonce = NONCE) =>
  JSON.stringify({
    protocol: 3,
    nonce,
    python: '3.11.0',
    implementation: 'rustpython',
    language: '3.10',
    mode: 'inprocess',
    errors: [],
    tests: [],
    durationMs: 3,
  });
const frame = (text: string, nonce = NONCE) => `\n@@STRATA-RESULTS ${nonce}\n${text}\n@@STRATA-END ${nonce}\n`;

function runtimeWith(container: FakeContainer, options: { bootTimeoutMs?: number } = {}) {
  const fake = fakeApi(container);
  return { runtime: new WebContainerRuntime({ api: fake.api, ...options }), fake };
}

describe('toFileTree', () => {
  it('nests a flat path map into WebContainer’s tree', () => {
    expect(toFileTree({ 'a/b/c.py': 'x', 'a/d.py': 'y', 'e.txt': '' })).toEqual({
      a: {
        directory: { b: { directory: { 'c.py': { file: { contents: 'x' } } } }, 'd.py': { file: { contents: 'y' } } },
      },
      'e.txt': { file: { contents: '' } },
    });
  });

  it.each(['../escape.py', '/etc/passwd', 'a//b.py', 'a/./b.py', 'a/'])('refuses "%s"', (path) => {
    expect(() => toFileTree({ [path]: '' })).toThrow(`refusing the file path "${path}"`);
  });

  it('refuses a file where a folder is needed', () => {
    expect(() => toFileTree({ a: '', 'a/b.py': '' })).toThrow('needs "a" to be a folder');
  });
});

describe('terminal output', () => {
  it('gets its \\r\\n back to \\n, also when a chunk ends between \\r and \\n', () => {
    const fixer = createNewlineFixer();
    const chunks = ['one\r', '\ntwo\r\r', '\nthree\r'].map((chunk) => fixer.push(chunk));
    expect(chunks.join('') + fixer.flush()).toBe('one\ntwo\r\nthree\r');
  });

  it('has its framed report replaced by the results file, once', () => {
    const garbled = `noise${terminal(frame('{"garbled'))}more${frame('{}')}`;
    const fixed = reframeResults(garbled, report());
    const parsed = parseHarnessOutput(fixed, NONCE);
    expect(parsed.ok).toBe(true);
    expect(fixed.startsWith('noise')).toBe(true);
    expect(fixed.split('@@STRATA-RESULTS').length).toBe(2);
  });

  it('is left alone when the results file is not a report', () => {
    expect(reframeResults('out', 'not json')).toBe('out');
    expect(reframeResults('out', '{"nonce": "not hex!"}')).toBe('out');
  });
});

describe('WebContainerRuntime', () => {
  it('boots with the page’s COEP, mounts the files into a fresh folder per run and spawns the argv there', async () => {
    const container = new FakeContainer(() => ({ output: ['hello\n'], exitCode: 0 }));
    const { runtime, fake } = runtimeWith(container);
    await runtime.boot();
    expect(fake.boots).toEqual([{ coep: 'credentialless', workdirName: 'strata' }]);

    await runtime.writeFiles({ 'pkg/__init__.py': '', 'pkg/mod.py': 'X = 1\n', 'main.py': 'print("hello")\n' });
    const first = await runtime.run(['python3', '-B', 'main.py', '--flag'], { timeoutMs: 5000 });
    expect(first).toMatchObject({ exitCode: 0, stdout: 'hello\n', stderr: '', timedOut: false });
    expect(container.spawns[0]).toEqual<SpawnCall>({
      command: 'python3',
      args: ['-B', 'main.py', '--flag'],
      cwd: 'run-1',
      files: { 'pkg/__init__.py': '', 'pkg/mod.py': 'X = 1\n', 'main.py': 'print("hello")\n' },
    });

    // The learner deleted pkg/mod.py: the next run must not see it.
    await runtime.writeFiles({ 'pkg/__init__.py': '', 'main.py': 'print("again")\n' });
    await runtime.run(['python3', 'main.py'], { timeoutMs: 5000 });
    expect(container.spawns[1]?.cwd).toBe('run-2');
    expect(container.spawns[1]?.files).toEqual({ 'pkg/__init__.py': '', 'main.py': 'print("again")\n' });
    expect([...container.files.keys()].some((path) => path.startsWith('run-1/'))).toBe(false);
  });

  it('streams the output as it comes, with the terminal’s newlines undone', async () => {
    const container = new FakeContainer(() => ({ output: ['a\n', 'b', 'c\n'], exitCode: 0 }));
    const { runtime } = runtimeWith(container);
    const chunks: string[] = [];
    await runtime.writeFiles({ 'main.py': '' });
    const result = await runtime.run(['python3', 'main.py'], { timeoutMs: 5000, onOutput: (c) => chunks.push(c) });
    expect(chunks.join('')).toBe('a\nbc\n');
    expect(chunks.length).toBeGreaterThan(1);
    expect(result.stdout).toBe('a\nbc\n');
  });

  it('repeats the merged output as stderr when the process fails, so error reports can show it', async () => {
    const container = new FakeContainer(() => ({ output: ['Traceback: boom\n'], exitCode: 1 }));
    const { runtime } = runtimeWith(container);
    await runtime.writeFiles({ 'main.py': '' });
    const result = await runtime.run(['python3', 'main.py'], { timeoutMs: 5000 });
    expect(result).toMatchObject({ exitCode: 1, stderr: 'Traceback: boom\n', timedOut: false });
  });

  it('asks the harness for a results file and reads it back instead of trusting the terminal', async () => {
    const container = new FakeContainer(() => ({
      // The terminal copy is cut short; the file is whole.
      output: ['some test output\n', frame(report()).slice(0, 40)],
      writes: { [RESULTS_PATH]: report() },
      exitCode: 0,
    }));
    const { runtime } = runtimeWith(container);
    await runtime.writeFiles({ [HARNESS_PATH]: '# harness', '.strata/spec.json': '{}' });
    const result = await runtime.run(['python3', '-S', '-B', HARNESS_PATH, '--spec', '.strata/spec.json'], {
      timeoutMs: 5000,
    });
    expect(container.spawns[0]?.args).toEqual([
      '-S',
      '-B',
      HARNESS_PATH,
      '--spec',
      '.strata/spec.json',
      '--results',
      RESULTS_PATH,
    ]);
    const parsed = parseHarnessOutput(result.stdout, NONCE);
    expect(parsed.ok && parsed.report.implementation).toBe('rustpython');
    expect(result.stdout).toContain('some test output');
  });

  it('kills a process that runs past its time limit', async () => {
    const container = new FakeContainer(() => ({ output: ['looping\n'], hang: true }));
    const { runtime } = runtimeWith(container);
    await runtime.writeFiles({ 'main.py': 'while True: pass' });
    const result = await settlesWithin(1000, () => runtime.run(['python3', 'main.py'], { timeoutMs: 150 }));
    expect(result).toMatchObject({ exitCode: null, timedOut: true, stdout: 'looping\n' });
    expect(container.kills).toBe(1);
  });

  it('ends the run even when the killed process never reports its exit', async () => {
    const container = new FakeContainer(() => ({ hang: true, exitOnKill: false }));
    const { runtime } = runtimeWith(container);
    await runtime.writeFiles({ 'main.py': '' });
    const result = await settlesWithin(2500, () => runtime.run(['python3', 'main.py'], { timeoutMs: 100 }));
    expect(result.timedOut).toBe(true);
  });

  it('reports a boot that fails, and does not boot a second time', async () => {
    const fake = fakeApi(new Error('iframe refused'));
    const runtime = new WebContainerRuntime({ api: fake.api });
    const error = await runtime.boot().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WebContainerBootError);
    expect(error).toMatchObject({ reason: 'failed', message: 'WebContainer could not start: iframe refused' });
    await expect(runtime.run(['python3', 'x.py'], { timeoutMs: 100 })).rejects.toBe(error);
    expect(fake.boots.length).toBe(1);
    expect(runtime.failure).toBe(error);
  });

  it('gives up on a boot that never answers (offline) after its time limit', async () => {
    const fake = fakeApi('never');
    const runtime = new WebContainerRuntime({ api: fake.api, bootTimeoutMs: 200 });
    await expect(settlesWithin(1000, () => runtime.boot())).rejects.toMatchObject({
      reason: 'timeout',
      message: 'WebContainer did not start within 0.2 s',
    });
  });

  it('tears down a container that boots after the time limit passed', async () => {
    const container = new FakeContainer();
    const runtime = new WebContainerRuntime({ api: fakeApi(container, 300).api, bootTimeoutMs: 100 });
    await expect(runtime.boot()).rejects.toMatchObject({ reason: 'timeout' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(container.tornDown).toBe(true);
  });

  it('stops booting when its signal aborts', async () => {
    const runtime = new WebContainerRuntime({ api: fakeApi('never').api });
    const controller = new AbortController();
    const booting = runtime.boot(controller.signal);
    controller.abort();
    await expect(booting).rejects.toMatchObject({ reason: 'aborted' });
  });

  it('tears the container down on dispose', async () => {
    const container = new FakeContainer();
    const { runtime } = runtimeWith(container);
    await runtime.boot();
    await runtime.dispose();
    expect(container.tornDown).toBe(true);
  });
});

describe('WebContainerRuntime under the grader, with python3 behind the fake', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  // The fake container runs each process with the local python3 in a temporary copy of its files,
  // passing its output through the terminal and its results file back into the container.
  const python = new FakeContainer((call) => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-fake-wc-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(call.files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = spawnSync(process.env.STRATA_PYTHON ?? 'python3', call.args, { cwd: dir, encoding: 'utf8' });
    const results = join(dir, RESULTS_PATH);
    const writes: Record<string, string> = existsSync(results) ? { [RESULTS_PATH]: readFileSync(results, 'utf8') } : {};
    return {
      output: [run.stdout, run.stderr],
      writes,
      exitCode: run.status ?? 1,
    };
  });

  it('grades an exercise the way the local python3 does', async () => {
    const exercise = await loadExercise('exercises', '01-import-side-effects');
    const runtime = new WebContainerRuntime({ api: fakeApi(python).api });
    const solution = await gradeSubmission({ exercise, files: exercise.solution, host: runtime });
    expect(solution.errors).toEqual([]);
    expect(solution.score).toBe(100);
    expect(solution.runtime.name).toBe('webcontainer');
    const starter = await gradeSubmission({ exercise, files: exercise.starter, host: runtime });
    expect(starter.score).toBe(40);
  }, 60_000);
});
