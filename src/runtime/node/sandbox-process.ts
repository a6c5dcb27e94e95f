import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { RunResult } from '../types.ts';
import {
  DEFAULT_SANDBOX_LIMITS,
  detectSandbox,
  openSeccompFd,
  preloadFrame,
  sandboxArgs,
  sandboxUid,
} from './sandbox.ts';
import type { SandboxInfo, SandboxLimits } from './sandbox.ts';

/** Keeps the last `limit` bytes of a stream: the harness report is written last. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  dropped = 0;
  private readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) {
      const first = this.chunks.shift() as Buffer;
      this.size -= first.length;
      this.dropped += first.length;
    }
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

let started = 0;

/**
 * The bootstrap's first frame: the harness (from harness-preload.ts, loaded only now: this module
 * must load without the grader, for `strata grade` to start its sandbox before it loads the
 * grader), or nothing to import.
 */
async function preload(info: SandboxInfo, harness: boolean, compiled: boolean): Promise<Buffer> {
  if (!harness) return preloadFrame(null);
  return (await import('./harness-preload.ts')).harnessPreload(info, compiled);
}

/**
 * One sandbox (sandbox.ts), started before its program is known: bubblewrap and the bootstrap
 * start at once and, with `harness`, import the grading harness and runner.py's modules, then wait
 * on stdin for the one working tree and program they will ever run (`run`). It is single-use: a
 * second `run` throws, and the sandbox's whole process group is killed when its program ends or
 * when it is discarded unused. Nothing in it depends on the submission it will get (the working
 * tree, the limits and the program come on stdin), so starting it early hides its start-up; it is
 * never handed a second submission, so nothing of one submission's run can meet another's.
 */
export class SandboxProcess {
  readonly id = ++started;
  readonly limits: SandboxLimits;
  readonly harness: boolean;
  private readonly child: ChildProcess;
  private readonly stdout: TailBuffer;
  private readonly stderr = new TailBuffer(64 * 1024);
  private onOutput: ((chunk: string) => void) | null = null;
  private used = false;
  private ended = false;
  private endedWith: { code: number | null; signal: NodeJS.Signals | null; error?: Error } | null = null;
  private endListeners: (() => void)[] = [];
  /** Settles once the preload frame is on stdin (or could not be built: preloadError). */
  private readonly preloaded: Promise<void>;
  private preloadError: Error | null = null;

  /**
   * `harness`: preload the harness (and, with `compiled`, skip compiling it: see compiledHarness,
   * worth it in a process that starts many sandboxes).
   */
  constructor(options: { info: SandboxInfo; limits: SandboxLimits; harness: boolean; compiled?: boolean }) {
    const { info, limits } = options;
    this.limits = limits;
    this.harness = options.harness;
    this.stdout = new TailBuffer(limits.outputBytes);
    const { file, args } = sandboxArgs({
      info,
      limits,
      uid: info.setpriv ? sandboxUid() : null,
      harness: options.harness,
    });
    const seccomp = openSeccompFd();
    try {
      this.child = spawn(file, args, {
        cwd: tmpdir(),
        env: { PATH: '/usr/bin:/bin' },
        detached: true, // own process group, so a timeout kills everything it started
        stdio: ['pipe', 'pipe', 'pipe', seccomp],
      });
    } finally {
      closeSync(seccomp);
    }
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout.push(chunk);
      this.onOutput?.(chunk.toString('utf8'));
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr.push(chunk);
      this.onOutput?.(chunk.toString('utf8'));
    });
    this.child.stdin?.on('error', () => {}); // the program may exit without reading its input
    // Written when ready: the interpreter starts meanwhile and waits for it on stdin.
    this.preloaded = preload(info, options.harness, options.compiled === true).then(
      (frame) => {
        this.child.stdin?.write(frame);
      },
      (error: unknown) => {
        this.preloadError = error instanceof Error ? error : new Error(String(error));
        this.killGroup();
      },
    );
    const end = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      if (this.ended) return;
      this.ended = true;
      this.endedWith = { code, signal, error };
      this.killGroup(); // anything the program left running in its group
      for (const listener of this.endListeners.splice(0)) listener();
    };
    this.child.on('error', (error) => end(null, null, error));
    this.child.on('close', (code, signal) => end(code, signal));
  }

  /** The process id of the sandbox's first process (setpriv or bubblewrap), which leads its process group. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether its process has ended (after its run, or when discarded). */
  get exited(): boolean {
    return this.ended;
  }

  /** Whether this sandbox can still take its program: not used yet, and still running. */
  get ready(): boolean {
    return !this.used && !this.ended;
  }

  /** Runs the sandbox's one program (`setup`: the bootstrap's setup frame, then `stdin`). */
  run(
    setup: Buffer,
    options: { stdin?: string; timeoutMs: number; onOutput?: (chunk: string) => void },
  ): Promise<RunResult> {
    if (this.used) throw new Error(`sandbox ${this.id} was already used: a sandbox runs one submission only`);
    this.used = true;
    const { onOutput } = options;
    this.onOutput = onOutput ?? null;
    const begun = performance.now();
    return new Promise((resolve) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = !endedUnreaped(this.child.pid);
        this.killGroup();
      }, options.timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        const ended = this.endedWith ?? { code: null, signal: null };
        const error = this.preloadError ?? ended.error;
        const extra = error ? `\n${error.message}` : ended.signal ? `\nkilled by ${ended.signal}` : '';
        resolve({
          exitCode: ended.code,
          stdout: this.stdout.text(),
          stderr: this.stderr.text() + extra,
          timedOut,
          durationMs: performance.now() - begun,
        });
      };
      if (this.ended) {
        finish();
        return;
      }
      this.endListeners.push(finish);
      // After the preload frame: the bootstrap reads the frames in order.
      void this.preloaded.then(() => {
        if (this.ended) return;
        this.child.stdin?.write(setup);
        this.child.stdin?.end(options.stdin ?? '');
      });
    });
  }

  /** Ends a sandbox that will not be used (or stops one that is). */
  discard(): void {
    this.used = true;
    this.killGroup();
  }

  private killGroup(): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }
}

/**
 * Sandboxes started ahead for grading (each with the harness preloaded), `size` of them waiting
 * at most. `take` hands out a waiting one (or starts one when none waits) and starts its
 * replacement, so the next submission's sandbox starts while this one's runs. A sandbox leaves the
 * pool when it is taken and is never put back: each one grades exactly one submission.
 */
export class SandboxPool {
  readonly size: number;
  readonly limits: SandboxLimits;
  private readonly waiting: SandboxProcess[] = [];
  private closed = false;
  private info: SandboxInfo | null = null;
  /** How many more sandboxes the pool may start ahead (the submissions not yet given one). */
  private budget: number;

  /** Whether the sandboxes get the harness compiled (once, on the host): for a pool that starts many. */
  private readonly compiled: boolean;

  constructor(options: { size?: number; limits?: Partial<SandboxLimits>; total?: number; compiled?: boolean } = {}) {
    this.size = Math.max(0, options.size ?? 1);
    this.compiled = options.compiled ?? false;
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
    this.budget = options.total ?? Infinity;
  }

  /** How many submissions are left to grade: no sandbox is started ahead for one that will not come. */
  expect(total: number): void {
    this.budget = Math.max(0, total - this.waiting.length);
  }

  /** Starts the waiting sandboxes now (when the sandbox works here); later takes keep it filled. */
  fill(): void {
    if (this.closed) return;
    this.info ??= detectSandbox();
    if (!this.info.available) return;
    while (this.waiting.length < this.size && this.budget > 0) {
      this.budget--;
      this.waiting.push(
        new SandboxProcess({ info: this.info, limits: this.limits, harness: true, compiled: this.compiled }),
      );
    }
  }

  /** A sandbox no one has used, started in advance when one was waiting. */
  take(info: SandboxInfo): SandboxProcess {
    let found: SandboxProcess | undefined;
    while ((found = this.waiting.shift()) !== undefined && !found.ready) found.discard();
    if (!found) this.budget = Math.max(0, this.budget - 1);
    const sandbox = found ?? new SandboxProcess({ info, limits: this.limits, harness: true, compiled: this.compiled });
    this.fill();
    return sandbox;
  }

  /** Ends the waiting sandboxes; later takes start a sandbox each, as without a pool. */
  close(): void {
    this.closed = true;
    for (const sandbox of this.waiting.splice(0)) sandbox.discard();
  }
}

/**
 * Whether the process `pid` has ended and only waits to be reaped (state Z in /proc/<pid>/stat): its
 * exit is on its way to this process's event loop. A run's time limit checks it before calling the
 * run timed out. A timer can fire late, after the program ended in time: when this process was
 * stopped (SIGSTOP) or starved while its child ran, the timer is handled before the child's exit.
 */
export function endedUnreaped(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z';
  } catch {
    return false; // reaped already, or no /proc here
  }
}
