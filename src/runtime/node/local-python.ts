import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { refusalNote, screenSubmissionPaths } from '../../grading/index.ts';
import type { PythonRuntime, RunOptions, RunResult } from '../types.ts';
import { DEFAULT_SANDBOX_LIMITS, detectSandbox, pythonEnv, setupFrame, unsandboxedCommand } from './sandbox.ts';
import { inlineHarnessArgs } from './harness-preload.ts';
import { endedUnreaped, SandboxProcess, TailBuffer } from './sandbox-process.ts';
import type { SandboxPool } from './sandbox-process.ts';
import type { SandboxInfo, SandboxLimits } from './sandbox.ts';

export type SandboxMode = 'require' | 'auto' | 'off';

export interface LocalRuntimeOptions {
  /** require: fail to boot without bubblewrap; auto: use it when it works; off: plain python3. */
  sandbox?: SandboxMode;
  limits?: Partial<SandboxLimits>;
  /**
   * Sandboxes started in advance (sandbox-process.ts): a sandboxed run takes one (when its limits
   * are this runtime's) instead of starting its own. Each is used by one run only.
   */
  pool?: SandboxPool;
}

/** Thrown by boot() when a sandbox is required and this machine cannot provide one. */
export class SandboxUnavailableError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`no sandbox: ${reason}`);
    this.name = 'SandboxUnavailableError';
    this.reason = reason;
  }
}

/**
 * python3 on this machine. Sandboxed (the default when bubblewrap works): every run starts a fresh
 * bubblewrap sandbox whose working tree is a tmpfs copy of the files written so far (see
 * sandbox.ts), so nothing of the learner's touches the host's disk and no run sees another's
 * leftovers. Unsandboxed (visible tests on machines without bubblewrap, or `sandbox: 'off'`): a
 * temporary folder on the host and python3 with resource limits.
 */
export class LocalPythonRuntime implements PythonRuntime {
  readonly name = 'local-python';
  readonly supportsStdin = true;
  sandboxed = false;
  private readonly mode: SandboxMode;
  private readonly limits: SandboxLimits;
  private readonly pool: SandboxPool | null;
  private info: SandboxInfo | null = null;
  private booted = false;
  /** Unsandboxed runs only: the host folder the files are written to. */
  private dir: string | null = null;
  /** Sandboxed runs only: the working tree, copied into each sandbox. */
  private readonly files = new Map<string, string>();

  constructor(options: LocalRuntimeOptions = {}) {
    this.mode = options.sandbox ?? 'require';
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
    this.pool = options.pool ?? null;
  }

  async boot(): Promise<void> {
    if (this.booted) return;
    const info = detectSandbox();
    if (this.mode === 'require' && !info.available) throw new SandboxUnavailableError(info.reason ?? 'unknown reason');
    this.info = info;
    this.sandboxed = this.mode !== 'off' && info.available;
    if (!this.sandboxed) this.dir = await mkdtemp(join(tmpdir(), 'strata-run-'));
    this.booted = true;
  }

  /** Host folder of the working tree of an unsandboxed runtime (a sandboxed one has none). */
  get workDir(): string | null {
    return this.dir;
  }

  async writeFiles(files: Record<string, string>): Promise<void> {
    this.requireBoot();
    // The submission's paths were screened by the same rule (grading.prepareSubmission): this
    // only catches a caller that skipped it, with a message that names each path.
    const { refused } = screenSubmissionPaths({ ...Object.fromEntries(this.files), ...files });
    if (refused.length > 0) throw new Error(`refused paths: ${refused.map(refusalNote).join('; ')}`);
    if (this.sandboxed) {
      for (const [path, text] of Object.entries(files)) this.files.set(path, text);
      return;
    }
    const root = this.dir as string;
    const made = new Set<string>();
    for (const [path, text] of Object.entries(files)) {
      const target = join(root, path);
      const parent = dirname(target);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
      }
      await writeFile(target, text);
    }
  }

  run(argv: string[], opts: RunOptions & { stdin?: string }): Promise<RunResult> {
    this.requireBoot();
    const info = this.info as SandboxInfo;
    if (this.sandboxed) {
      // The harness runs in the bootstrap's interpreter, which imported it before the tree came.
      const inline = inlineHarnessArgs(argv);
      const pooled = inline && this.pool && sameLimits(this.pool.limits, this.limits) ? this.pool.take(info) : null;
      const sandbox = pooled ?? new SandboxProcess({ info, limits: this.limits, harness: inline !== null });
      const setup = setupFrame({ info, argv, files: Object.fromEntries(this.files), limits: this.limits, inline });
      return sandbox.run(setup, opts);
    }
    const { file, args } = unsandboxedCommand(info.python, argv, this.limits);
    const cwd = this.dir as string;
    const env = pythonEnv(cwd, process.env.PATH ?? '/usr/bin:/bin');
    const started = performance.now();
    return new Promise((resolve) => {
      const child = spawn(file, args, {
        cwd,
        env,
        detached: true, // own process group, so a timeout kills everything it started
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const stdout = new TailBuffer(this.limits.outputBytes);
      const stderr = new TailBuffer(64 * 1024);
      let timedOut = false;
      const kill = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      };
      const timer = setTimeout(() => {
        timedOut = !endedUnreaped(child.pid); // a late timer, after the program ended in time
        kill();
      }, opts.timeoutMs);
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout.push(chunk);
        opts.onOutput?.(chunk.toString('utf8'));
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr.push(chunk);
        opts.onOutput?.(chunk.toString('utf8'));
      });
      child.stdin?.on('error', () => {}); // the program may exit without reading its input
      child.stdin?.end(opts.stdin ?? '');
      const finish = (exitCode: number | null, extra = '') => {
        clearTimeout(timer);
        kill(); // anything the program left running in its group
        resolve({
          exitCode,
          stdout: stdout.text(),
          stderr: stderr.text() + extra,
          timedOut,
          durationMs: performance.now() - started,
        });
      };
      child.on('error', (error) => finish(null, `\n${error.message}`));
      child.on('close', (code, signal) => finish(code ?? null, signal ? `\nkilled by ${signal}` : ''));
    });
  }

  async dispose(): Promise<void> {
    const dir = this.dir;
    this.dir = null;
    this.files.clear();
    this.booted = false;
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  private requireBoot(): void {
    if (!this.booted) throw new Error('LocalPythonRuntime: call boot() first');
  }
}

function sameLimits(a: SandboxLimits, b: SandboxLimits): boolean {
  return (Object.keys(a) as (keyof SandboxLimits)[]).every((key) => a[key] === b[key]);
}
