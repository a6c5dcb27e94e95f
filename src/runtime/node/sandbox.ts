import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, lstatSync, mkdtempSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** Outer limits for everything that runs in the sandbox (the harness sets tighter ones per test). */
export interface SandboxLimits {
  cpuSeconds: number;
  memoryBytes: number;
  processes: number;
  fileBytes: number;
  openFiles: number;
  /** Bytes of stdout/stderr kept from the sandboxed process. */
  outputBytes: number;
  /** Size of the private /tmp. */
  tmpBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  cpuSeconds: 60,
  memoryBytes: 1024 * 1024 * 1024,
  processes: 64,
  fileBytes: 16 * 1024 * 1024,
  openFiles: 256,
  outputBytes: 4 * 1024 * 1024,
  tmpBytes: 64 * 1024 * 1024,
};

export interface SandboxInfo {
  available: boolean;
  /** Why the sandbox cannot be used, for the refusal message. */
  reason: string | null;
  bwrap: string | null;
  python: string;
  /** Read-only binds the interpreter needs beyond /usr. */
  pythonBinds: string[];
  /** Run the sandbox as a throw-away uid (when we are root), so process-count limits apply. */
  setpriv: string | null;
}

function which(name: string): string | null {
  if (name.includes('/')) return existsSync(name) ? name : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The interpreter to run: $STRATA_PYTHON, else a system python3 under /usr, else python3 on PATH. */
export function resolvePython(): { python: string; binds: string[] } {
  const preferred = process.env.STRATA_PYTHON;
  const candidates = preferred ? [preferred] : ['/usr/bin/python3', '/usr/local/bin/python3'];
  for (const candidate of candidates) {
    const found = which(candidate);
    if (found) return withBinds(found);
  }
  const onPath = which('python3');
  if (!onPath) throw new Error('python3 was not found: install Python >= 3.10 or set STRATA_PYTHON');
  return withBinds(onPath);
}

function withBinds(python: string): { python: string; binds: string[] } {
  const real = realpathSync(python);
  if (real.startsWith('/usr/')) return { python: real, binds: [] };
  // e.g. pyenv: ~/.pyenv/versions/3.11.7/bin/python3 needs its prefix inside the sandbox.
  return { python: real, binds: [dirname(dirname(real))] };
}

/** Root-level paths of the system binds: merged-/usr symlinks are recreated, real folders bound. */
function systemBinds(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const path of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
      else if (stat.isDirectory()) args.push('--ro-bind', path, path);
    } catch {
      // absent on this system
    }
  }
  return args;
}

export interface SandboxCommand {
  file: string;
  args: string[];
}

/** A uid no real account uses, so RLIMIT_NPROC counts only this sandbox's processes. */
export function sandboxUid(): number {
  return 200_000 + Math.floor(Math.random() * 60_000);
}

/** Builds the command line that runs `argv` (argv[0] = python3) in `workDir`, sandboxed or not. */
export function sandboxCommand(options: {
  info: SandboxInfo;
  workDir: string;
  argv: string[];
  limits: SandboxLimits;
  sandboxed: boolean;
  uid: number | null;
}): SandboxCommand {
  const { info, limits } = options;
  const [program, ...rest] = options.argv;
  const python = program === 'python3' || program === 'python' ? info.python : (program ?? info.python);
  const prlimit = which('prlimit');
  const limitArgs = [
    `--cpu=${limits.cpuSeconds}`,
    `--as=${limits.memoryBytes}`,
    `--fsize=${limits.fileBytes}`,
    `--nofile=${limits.openFiles}`,
    ...(options.uid !== null ? [`--nproc=${limits.processes}`] : []),
  ];
  if (!options.sandboxed || !info.bwrap) {
    const inner = [python, ...rest];
    return prlimit ? { file: prlimit, args: [...limitArgs, '--', ...inner] } : { file: python, args: rest };
  }
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: '/tmp',
    LANG: 'C.UTF-8',
    PYTHONHASHSEED: '0',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
  };
  const bwrap = [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    ...Object.entries(env).flatMap(([key, value]) => ['--setenv', key, value]),
    ...systemBinds(),
    ...info.pythonBinds.flatMap((path) => ['--ro-bind', path, path]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(limits.tmpBytes),
    '--tmpfs',
    '/tmp',
    '--bind',
    options.workDir,
    '/work',
    '--chdir',
    '/work',
    '--',
    python,
    ...rest,
  ];
  const chain: string[] = [];
  if (options.uid !== null && info.setpriv) {
    chain.push(info.setpriv, `--reuid=${options.uid}`, `--regid=${options.uid}`, '--clear-groups', '--');
  }
  if (prlimit) chain.push(prlimit, ...limitArgs, '--');
  chain.push(info.bwrap, ...bwrap);
  const [file = info.bwrap, ...args] = chain;
  return { file, args };
}

let cached: SandboxInfo | null = null;

/**
 * Finds out, once per process, whether bubblewrap works here: it needs user namespaces, which
 * some containers and hardened kernels disable. $STRATA_BWRAP overrides the binary ("" disables).
 */
export function detectSandbox(): SandboxInfo {
  if (cached) return cached;
  const { python, binds } = resolvePython();
  const base: SandboxInfo = { available: false, reason: null, bwrap: null, python, pythonBinds: binds, setpriv: null };
  const requested = process.env.STRATA_BWRAP;
  const bwrap = requested === undefined ? which('bwrap') : requested === '' ? null : which(requested);
  if (!bwrap) {
    cached = {
      ...base,
      reason:
        requested !== undefined
          ? `STRATA_BWRAP=${JSON.stringify(requested)} is not an executable`
          : 'bubblewrap (bwrap) is not installed; on Debian/Ubuntu: apt-get install bubblewrap',
    };
    return cached;
  }
  const setpriv = process.getuid?.() === 0 ? which('setpriv') : null;
  const attempts = setpriv ? [setpriv, null] : [null];
  let reason = '';
  const probeDir = mkdtempSync(join(tmpdir(), 'strata-probe-'));
  for (const drop of attempts) {
    const info: SandboxInfo = { ...base, available: true, bwrap, setpriv: drop };
    const command = sandboxCommand({
      info,
      workDir: probeDir,
      argv: ['python3', '-S', '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
      limits: DEFAULT_SANDBOX_LIMITS,
      sandboxed: true,
      uid: drop ? sandboxUid() : null,
    });
    const probe = spawnSync(command.file, command.args, { encoding: 'utf8', timeout: 10_000 });
    const version = probe.stdout?.trim() ?? '';
    if (probe.status === 0 && /^\d+\.\d+$/.test(version)) {
      const [major = 0, minor = 0] = version.split('.').map(Number);
      if (major < 3 || (major === 3 && minor < 10)) {
        cached = { ...base, reason: `${python} is Python ${version}; the grader needs Python >= 3.10` };
        return cached;
      }
      cached = info;
      rmSync(probeDir, { recursive: true, force: true });
      return cached;
    }
    reason = (probe.stderr || probe.error?.message || `exit code ${probe.status}`).trim();
  }
  rmSync(probeDir, { recursive: true, force: true });
  cached = { ...base, reason: `bubblewrap is installed but cannot create a sandbox here: ${reason}` };
  return cached;
}

/** Forgets the cached detection (tests change STRATA_BWRAP). */
export function resetSandboxDetection(): void {
  cached = null;
}
