import { spawn } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PythonRuntime, RunOptions, RunResult } from '../types.ts';
import { DEFAULT_SANDBOX_LIMITS, detectSandbox, sandboxCommand, sandboxUid } from './sandbox.ts';
import type { SandboxInfo, SandboxLimits } from './sandbox.ts';

export type SandboxMode = 'require' | 'auto' | 'off';

export interface LocalRuntimeOptions {
  /** require: fail to boot without bubblewrap; auto: use it when it works; off: plain python3. */
  sandbox?: SandboxMode;
  limits?: Partial<SandboxLimits>;
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

/** A relative POSIX path that stays inside the working tree. */
export function assertSafeRelativePath(path: string): void {
  const bad =
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.includes('\0') ||
    /^[a-zA-Z]:/.test(path) ||
    path.split('/').some((part) => part === '..' || part === '.' || part === '');
  if (bad) throw new Error(`unsafe path in the working tree: ${JSON.stringify(path)}`);
}

/** Keeps the last `limit` bytes of a stream: the harness report is written last. */
class TailBuffer {
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

/**
 * python3 on this machine, in a fresh temporary tree, inside bubblewrap when available: no network
 * (all namespaces unshared), read-only /usr, private size-limited /tmp, nothing else of the host
 * visible, killed with its parent; plus CPU, memory, process, file-size and open-file limits.
 */
export class LocalPythonRuntime implements PythonRuntime {
  readonly name = 'local-python';
  readonly supportsStdin = true;
  sandboxed = false;
  private readonly mode: SandboxMode;
  private readonly limits: SandboxLimits;
  private info: SandboxInfo | null = null;
  private dir: string | null = null;
  private uid: number | null = null;

  constructor(options: LocalRuntimeOptions = {}) {
    this.mode = options.sandbox ?? 'require';
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
  }

  async boot(): Promise<void> {
    if (this.dir) return;
    const info = detectSandbox();
    if (this.mode === 'require' && !info.available) throw new SandboxUnavailableError(info.reason ?? 'unknown reason');
    this.info = info;
    this.sandboxed = this.mode !== 'off' && info.available;
    this.uid = this.sandboxed && info.setpriv ? sandboxUid() : null;
    this.dir = await mkdtemp(join(tmpdir(), 'strata-run-'));
    if (this.uid !== null) await chown(this.dir, this.uid, this.uid);
  }

  /** Host folder of the working tree (for tests that inspect what learner code left behind). */
  get workDir(): string | null {
    return this.dir;
  }

  async writeFiles(files: Record<string, string>): Promise<void> {
    const root = this.requireDir();
    const made = new Set<string>();
    for (const [path, text] of Object.entries(files)) {
      assertSafeRelativePath(path);
      const target = join(root, path);
      const parent = dirname(target);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
        if (this.uid !== null) {
          for (let dir = parent; dir !== root && dir.startsWith(root); dir = dirname(dir)) {
            await chown(dir, this.uid, this.uid);
          }
        }
      }
      await writeFile(target, text);
      if (this.uid !== null) await chown(target, this.uid, this.uid);
    }
  }

  run(argv: string[], opts: RunOptions & { stdin?: string }): Promise<RunResult> {
    const workDir = this.requireDir();
    const info = this.info as SandboxInfo;
    const command = sandboxCommand({
      info,
      workDir,
      argv,
      limits: this.limits,
      sandboxed: this.sandboxed,
      uid: this.uid,
    });
    const started = performance.now();
    return new Promise((resolve) => {
      const env = this.sandboxed
        ? { PATH: '/usr/bin:/bin' }
        : {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            HOME: workDir,
            LANG: 'C.UTF-8',
            PYTHONHASHSEED: '0',
            PYTHONDONTWRITEBYTECODE: '1',
            PYTHONIOENCODING: 'utf-8',
          };
      const child = spawn(command.file, command.args, {
        cwd: workDir,
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
        timedOut = true;
        kill();
      }, opts.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout.push(chunk);
        opts.onOutput?.(chunk.toString('utf8'));
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr.push(chunk);
        opts.onOutput?.(chunk.toString('utf8'));
      });
      child.stdin.on('error', () => {}); // the program may exit without reading its input
      child.stdin.end(opts.stdin ?? '');
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
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  private requireDir(): string {
    if (!this.dir) throw new Error('LocalPythonRuntime: call boot() first');
    return this.dir;
  }
}
