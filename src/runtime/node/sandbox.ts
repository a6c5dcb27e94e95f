import { spawnSync } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { release, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { seccompProgram, seccompSupported } from './seccomp.ts';

/** Outer limits for everything that runs in the sandbox (the harness sets tighter ones per test). */
export interface SandboxLimits {
  cpuSeconds: number;
  memoryBytes: number;
  /** Processes the sandbox may hold at once (counted in its own user namespace, whatever the grader's uid). */
  processes: number;
  fileBytes: number;
  openFiles: number;
  /** Bytes of stdout/stderr kept from the sandboxed process. */
  outputBytes: number;
  /** Size of the private /tmp. */
  tmpBytes: number;
  /** Size of the working folder (/work, a tmpfs holding a copy of the files). */
  workBytes: number;
  /** Size of /dev/shm; the rest of /dev is read-only. */
  shmBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  cpuSeconds: 60,
  memoryBytes: 1024 * 1024 * 1024,
  processes: 64,
  fileBytes: 16 * 1024 * 1024,
  openFiles: 256,
  outputBytes: 4 * 1024 * 1024,
  tmpBytes: 64 * 1024 * 1024,
  workBytes: 64 * 1024 * 1024,
  shmBytes: 1024 * 1024,
};

/** Where the working tree is inside the sandbox. */
export const SANDBOX_WORKDIR = '/work';
/** The uid and gid learner code has inside the sandbox (mapped to an unprivileged uid outside). */
export const SANDBOX_ID = 1000;

export interface SandboxInfo {
  available: boolean;
  /** Why the sandbox cannot be used, for the refusal message. */
  reason: string | null;
  bwrap: string | null;
  python: string;
  /** Read-only binds the interpreter needs beyond /usr. */
  pythonBinds: string[];
  /** When the grader is root: setpriv, which drops to a throw-away uid before bubblewrap starts. */
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

const SANDBOX_UIDS = { first: 200_000, count: 60_000 } as const;
/** The last uid handed out: from a random place, so that separate grader processes rarely meet. */
let lastSandboxUid = Math.floor(Math.random() * SANDBOX_UIDS.count);

/**
 * A uid no real account uses: the sandbox's processes are the only ones it owns. Handed out in turn
 * (not drawn at random each time), so two sandboxes this process runs at once (a batch's workers, a
 * pool's waiting sandboxes) never share one, nor its count of processes.
 */
export function sandboxUid(): number {
  lastSandboxUid = (lastSandboxUid + 1) % SANDBOX_UIDS.count;
  return SANDBOX_UIDS.first + lastSandboxUid;
}

/**
 * What the grader relies on, checked from inside the sandbox by Python code that calls
 * `missing(what)` for the first protection absent: not root, no way back to root, the seccomp
 * filter in force, no /proc or /sys, a read-only /usr, and the process limit set. The bootstrap
 * runs it before every program (a few system calls), so a grade never runs in a sandbox that lost
 * a protection, whatever the detection below concluded earlier or cached.
 */
const PROTECTIONS = `
if os.getuid() == 0 or os.geteuid() == 0: missing("an unprivileged uid inside the sandbox")
try:
    os.setuid(0); missing("a uid that cannot become root")
except OSError: pass  # EPERM, or EINVAL: root is not even mapped in the namespace
try:
    os.pidfd_open(os.getpid()); missing("the seccomp filter (pidfd_open was allowed)")
except PermissionError: pass
except OSError: missing("the seccomp filter (pidfd_open did not fail with EPERM)")
if os.path.exists("/proc/self") or os.path.exists("/sys/kernel"): missing("a sandbox without /proc and /sys")
try:
    open("/usr/strata-probe", "w"); missing("a read-only /usr")
except OSError: pass
if resource.getrlimit(resource.RLIMIT_NPROC)[0] == resource.RLIM_INFINITY: missing("a process limit")
`;

/**
 * Runs first inside the sandbox, as the unprivileged uid, and reads two frames from stdin (each a
 * length line, then JSON). The first may carry the grading harness (harness.py, runner.py): it is
 * imported right away, runner.py's imports (unittest and the rest) included, before the working
 * tree exists, so a sandbox started in advance (a SandboxProcess waiting for its submission) has
 * done that work by the time the second frame comes. The second frame is the working tree, the
 * resource limits and the program: the bootstrap writes the tree into the /work tmpfs, applies the
 * limits, checks every protection, then runs the program. The harness runs in this interpreter
 * (`inline`: its arguments), which then forks each suite's runner from itself; any other program
 * replaces this process (execv). Either way the program's stdin is what follows the frames. So
 * nothing of the learner's is ever written to the host's disk, and every writable mount has a size.
 */
export const SANDBOX_BOOTSTRAP = `
import json, os, resource, sys
start_path = list(sys.path)
def fail(message):
    os.write(2, ("strata sandbox: " + message + "\\n").encode("utf-8", "replace"))
    os._exit(125)
def missing(what):
    fail("the sandbox lacks " + what)
def read_exact(count):
    chunks = []
    while count > 0:
        chunk = os.read(0, min(count, 1 << 20))
        if not chunk:
            fail("the working tree was cut off")
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)
def read_frame():
    header = b""
    while not header.endswith(b"\\n"):
        byte = os.read(0, 1)
        if not byte or len(header) > 20:
            fail("no working tree on stdin")
        header += byte
    return json.loads(read_exact(int(header)))
if sys.argv[1:] == ["harness"]:
    # A sandbox for the grading harness: runner.py's heaviest imports now, while the grader may
    # still be loading the harness it will send.
    import ast, importlib.util, tokenize, unittest
preload = read_frame()
harness = runner = None
if preload.get("harness"):
    import types
    compiled = preload.get("compiled") or {}
    if compiled.get("version") != sys.version:
        compiled = {}
    def code(name, filename):
        if compiled.get(name):
            import binascii, marshal
            return marshal.loads(binascii.a2b_base64(compiled[name]))
        return compile(preload[name], filename, "exec")
    harness = types.ModuleType("strata_harness")
    harness.__file__ = "${SANDBOX_WORKDIR}/.strata/harness.py"
    exec(code("harness", harness.__file__), harness.__dict__)
    runner = harness.Preloaded(code("runner", "<string>"), start_path)
    del compiled
del preload
setup = read_frame()
for path, text in setup["files"].items():
    target = os.path.join("${SANDBOX_WORKDIR}", path)
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "xb") as handle:
            handle.write(text.encode("utf-8", "replace"))
    except OSError as error:
        fail("cannot write %s: %s" % (path, error.strerror or error))
for name, value in setup["limits"].items():
    kind = getattr(resource, name)
    resource.setrlimit(kind, (value, value))
${PROTECTIONS}
argv = setup["argv"]
inline = setup.get("inline")
del setup
if inline is not None:
    if harness is None:
        fail("the harness was not loaded")
    sys.argv = [harness.__file__] + inline
    try:
        status = harness.main(inline, preloaded=runner)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
        if not isinstance(stop.code, int) and stop.code is not None:
            os.write(2, (str(stop.code) + "\\n").encode("utf-8", "replace"))
    os._exit(status or 0)
try:
    os.execv(argv[0], argv)
except OSError as error:
    fail("cannot start %s: %s" % (argv[0], error))
`;

/** argv[0] as a path: `python3`/`python` (or nothing) is the resolved interpreter. */
function interpreter(program: string | undefined, python: string): string {
  return program === undefined || program === 'python3' || program === 'python' ? python : program;
}

export interface SandboxCommand {
  file: string;
  args: string[];
  /** Bytes to write to stdin before the program's own input (the preload frame, then the setup frame). */
  preamble: Buffer;
}

/** The environment Python runs with: inside the sandbox, or (with the host's PATH and a home) outside it. */
export function pythonEnv(home = '/tmp', path = '/usr/bin:/bin'): Record<string, string> {
  return {
    PATH: path,
    HOME: home,
    LANG: 'C.UTF-8',
    PYTHONHASHSEED: '0',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
  };
}

/** A frame of the bootstrap's stdin: a length line, then the JSON. */
function frame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}\n`, 'ascii'), body]);
}

/** The harness's sources, and optionally their code objects as compiledHarness made them. */
export interface HarnessPreload {
  harness: string;
  runner: string;
  compiled?: CompiledHarness | null;
}

/**
 * The bootstrap's first frame: the harness's sources (harness.py, runner.py) to import before the
 * working tree comes, or nothing to import. With their compiled code, the bootstrap skips
 * compiling ~70 kB of Python (~35 ms of CPU per sandbox) when the interpreter is the one that
 * compiled it (same sys.version); otherwise it compiles the sources.
 */
export function preloadFrame(harness: HarnessPreload | null): Buffer {
  return frame(harness ?? {});
}

/** harness.py and runner.py compiled and marshalled (base64) by the sandbox's interpreter. */
export interface CompiledHarness {
  version: string;
  harness: string;
  runner: string;
}

const COMPILE_HARNESS = `
import base64, json, marshal, sys
sources = json.loads(sys.stdin.read())
def code(text, filename):
    return base64.b64encode(marshal.dumps(compile(text, filename, "exec", dont_inherit=True))).decode("ascii")
print(json.dumps({"version": sys.version, "harness": code(sources["harness"], "${SANDBOX_WORKDIR}/.strata/harness.py"), "runner": code(sources["runner"], "<string>")}))
`;

const compiledCache = new Map<string, CompiledHarness | null>();

/**
 * The harness compiled once per process by `info.python` on the host (the grader's own code, not
 * the learner's: it runs no submission), for a process that starts many sandboxes (a batch). Null
 * when that fails: the bootstrap then compiles the sources.
 */
export function compiledHarness(
  info: SandboxInfo,
  sources: { harness: string; runner: string },
): CompiledHarness | null {
  const key = `${info.python}\0${sources.harness}\0${sources.runner}`;
  if (compiledCache.has(key)) return compiledCache.get(key) ?? null;
  let compiled: CompiledHarness | null = null;
  const result = spawnSync(info.python, ['-I', '-S', '-B', '-c', COMPILE_HARNESS], {
    input: JSON.stringify(sources),
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  try {
    const parsed = JSON.parse(result.stdout) as Partial<CompiledHarness>;
    if (typeof parsed.version === 'string' && typeof parsed.harness === 'string' && typeof parsed.runner === 'string') {
      compiled = { version: parsed.version, harness: parsed.harness, runner: parsed.runner };
    }
  } catch {
    compiled = null;
  }
  compiledCache.set(key, compiled);
  return compiled;
}

/**
 * The bootstrap's second frame: the working tree, the limits, and the program (`argv`, argv[0] =
 * python3), or, with `inline`, the arguments of the preloaded harness, run in the bootstrap's
 * interpreter.
 */
export function setupFrame(options: {
  info: SandboxInfo;
  argv: string[];
  files: Record<string, string>;
  limits: SandboxLimits;
  inline?: string[] | null;
}): Buffer {
  const { info, limits } = options;
  const [program, ...rest] = options.argv;
  return frame({
    files: options.files,
    argv: [interpreter(program, info.python), ...rest],
    ...(options.inline ? { inline: options.inline } : {}),
    limits: {
      RLIMIT_CPU: limits.cpuSeconds,
      RLIMIT_AS: limits.memoryBytes,
      RLIMIT_FSIZE: limits.fileBytes,
      RLIMIT_NOFILE: limits.openFiles,
      RLIMIT_NPROC: limits.processes,
      RLIMIT_CORE: 0,
    },
  });
}

/**
 * The command line of a sandbox (the bootstrap, which reads what to run from stdin; see
 * preloadFrame and setupFrame): bubblewrap with its own user namespace and an unprivileged uid (a
 * throw-away host uid when the grader is root), no capabilities, no new privileges, no further
 * namespaces, the seccomp filter, no network, no /proc or /sys, read-only /usr and /dev, and a
 * size on every writable mount (/work, /tmp, /dev/shm). The program runs as PID 1 of its
 * namespace, so nothing it starts can signal it, and everything it started dies with it. Nothing
 * in it depends on the submission, so a sandbox can be started before its submission is known.
 */
export function sandboxArgs(options: {
  info: SandboxInfo;
  limits: SandboxLimits;
  uid: number | null;
  /** A sandbox for the grading harness: the bootstrap imports unittest and the rest before the harness comes. */
  harness?: boolean;
}): {
  file: string;
  args: string[];
} {
  const { info, limits } = options;
  if (!info.bwrap) throw new Error('sandboxCommand: no bubblewrap');
  const bwrap = [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--uid',
    String(SANDBOX_ID),
    '--gid',
    String(SANDBOX_ID),
    '--die-with-parent',
    '--new-session',
    '--as-pid-1',
    '--cap-drop',
    'ALL',
    '--clearenv',
    ...Object.entries(pythonEnv()).flatMap(([key, value]) => ['--setenv', key, value]),
    ...systemBinds(),
    ...info.pythonBinds.flatMap((path) => ['--ro-bind', path, path]),
    '--dev',
    '/dev',
    '--size',
    String(limits.shmBytes),
    '--tmpfs',
    '/dev/shm',
    '--remount-ro',
    '/dev',
    '--size',
    String(limits.tmpBytes),
    '--tmpfs',
    '/tmp',
    '--size',
    String(limits.workBytes),
    '--tmpfs',
    SANDBOX_WORKDIR,
    '--chdir',
    SANDBOX_WORKDIR,
    '--seccomp',
    '3',
    '--',
    info.python,
    '-I',
    '-S',
    '-B',
    '-c',
    SANDBOX_BOOTSTRAP,
    ...(options.harness ? ['harness'] : []),
  ];
  const chain: string[] = [];
  if (options.uid !== null) {
    if (!info.setpriv) throw new Error('sandboxCommand: running as root needs setpriv');
    chain.push(
      info.setpriv,
      `--reuid=${options.uid}`,
      `--regid=${options.uid}`,
      '--clear-groups',
      '--no-new-privs',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--',
    );
  }
  chain.push(info.bwrap, ...bwrap);
  const [file = info.bwrap, ...args] = chain;
  return { file, args };
}

/** Runs `argv` (argv[0] = python3) in a sandbox with `files` as its working tree (see sandboxArgs). */
export function sandboxCommand(options: {
  info: SandboxInfo;
  argv: string[];
  files: Record<string, string>;
  limits: SandboxLimits;
  uid: number | null;
}): SandboxCommand {
  const { file, args } = sandboxArgs(options);
  return { file, args, preamble: Buffer.concat([preloadFrame(null), setupFrame(options)]) };
}

let seccompMaster: number | null = null;

/**
 * A fresh read descriptor on the seccomp program, for bubblewrap's `--seccomp 3` (each sandbox
 * reads its own copy to the end, so descriptors are not shared). The program sits in an unlinked
 * temporary file, reopened through /proc/self/fd; the caller closes the descriptor after spawning.
 */
export function openSeccompFd(): number {
  if (seccompMaster === null) {
    const dir = mkdtempSync(join(tmpdir(), 'strata-seccomp-'));
    const path = join(dir, 'filter.bpf');
    writeFileSync(path, seccompProgram());
    seccompMaster = openSync(path, 'r');
    rmSync(dir, { recursive: true, force: true });
  }
  return openSync(`/proc/self/fd/${seccompMaster}`, 'r');
}

/** Plain python3 with resource limits (prlimit), for visible-only runs on machines without a sandbox. */
export function unsandboxedCommand(
  python: string,
  argv: string[],
  limits: SandboxLimits,
): { file: string; args: string[] } {
  const [program, ...rest] = argv;
  const file = interpreter(program, python);
  const prlimit = which('prlimit');
  if (!prlimit) return { file, args: rest };
  return {
    file: prlimit,
    args: [
      `--cpu=${limits.cpuSeconds}`,
      `--as=${limits.memoryBytes}`,
      `--fsize=${limits.fileBytes}`,
      `--nofile=${limits.openFiles}`,
      '--',
      file,
      ...rest,
    ],
  };
}

/** The probe's program: the bootstrap has checked the protections by the time it runs. */
const PROBE = 'import sys; print("%d.%d" % sys.version_info[:2])';

let cached: SandboxInfo | null = null;

/**
 * What a passed probe depends on: the binaries (path, size, time), the kernel, the uid and the
 * checks themselves. Another process on this machine with the same key skips the probe, a fresh
 * sandbox that costs ~0.1 s of CPU and more of wall time per `strata grade`. Only a pass is kept;
 * trusting it is safe because the bootstrap checks every protection again in every sandbox, so a
 * stale or forged entry can only make the first grade fail with the missing protection's name.
 */
function probeKey(info: SandboxInfo): string {
  const stamp = (path: string | null) => {
    if (!path) return null;
    const { size, mtimeMs } = statSync(path);
    return [path, size, mtimeMs];
  };
  return createHash('sha256')
    .update(
      JSON.stringify([
        stamp(info.bwrap),
        stamp(info.setpriv),
        stamp(info.python),
        info.pythonBinds,
        release(),
        process.getuid?.() ?? null,
        SANDBOX_BOOTSTRAP,
        PROBE,
      ]),
    )
    .digest('hex');
}

/** The folder of this user's probe record, or null when it is not safely ours (created 0700, owned by us, not a link). */
function probeDir(): string | null {
  const dir = join(tmpdir(), `strata-sandbox-${process.getuid?.() ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    const mine = process.getuid === undefined || stat.uid === process.getuid();
    return stat.isDirectory() && mine && (stat.mode & 0o077) === 0 ? dir : null;
  } catch {
    return null;
  }
}

function probePassedBefore(key: string): boolean {
  const dir = probeDir();
  if (!dir) return false;
  try {
    return readFileSync(join(dir, 'probe'), 'utf8') === key;
  } catch {
    return false;
  }
}

function rememberProbePassed(key: string): void {
  const dir = probeDir();
  if (!dir) return;
  try {
    const temporary = join(dir, `probe.${process.pid}`);
    writeFileSync(temporary, key, { mode: 0o600 });
    renameSync(temporary, join(dir, 'probe'));
  } catch {
    // a read-only or full /tmp: the next process probes again
  }
}

/** How long detectSandbox waits for its probe sandbox to answer (unless told otherwise). */
const PROBE_TIMEOUT_MS = 30_000;

/**
 * detectSandbox's probe did not answer in time. Unlike a refusal, this says nothing about the
 * machine and is not remembered: a grading that meets it fails like any passing fault, so a queued
 * job is retried, where a SandboxUnavailableError would mark its submission as never gradable here.
 */
export class SandboxProbeTimeoutError extends Error {
  constructor(ms: number) {
    super(`the sandbox probe did not answer within ${ms / 1000} s (an overloaded or paused machine); try again`);
    this.name = 'SandboxProbeTimeoutError';
  }
}

/**
 * Finds out, once per process, whether the locked-down sandbox works here: bubblewrap with user
 * namespaces (some containers and hardened kernels disable them), a seccomp filter for this
 * architecture, setpriv when the grader is root, and every protection checked from inside.
 * $STRATA_BWRAP overrides the binary ("" disables). When anything is missing, `reason` names it
 * and hidden-test grading is refused. A probe that does not answer in time throws
 * SandboxProbeTimeoutError and is not remembered.
 */
export function detectSandbox(options: { probeTimeoutMs?: number } = {}): SandboxInfo {
  if (cached) return cached;
  const { python, binds } = resolvePython();
  const base: SandboxInfo = { available: false, reason: null, bwrap: null, python, pythonBinds: binds, setpriv: null };
  const refuse = (reason: string): SandboxInfo => (cached = { ...base, reason });
  const requested = process.env.STRATA_BWRAP;
  const bwrap = requested === undefined ? which('bwrap') : requested === '' ? null : which(requested);
  if (!bwrap) {
    return refuse(
      requested !== undefined
        ? `STRATA_BWRAP=${JSON.stringify(requested)} is not an executable`
        : 'bubblewrap (bwrap) is not installed; on Debian/Ubuntu: apt-get install bubblewrap',
    );
  }
  if (!seccompSupported()) return refuse(`no seccomp filter for the ${process.arch} architecture`);
  const root = process.getuid?.() === 0;
  const setpriv = root ? which('setpriv') : null;
  if (root && !setpriv) {
    return refuse('the grader runs as root and setpriv (util-linux) is missing to drop to an unprivileged uid');
  }
  const info: SandboxInfo = { ...base, available: true, bwrap, setpriv };
  const key = probeKey(info);
  if (probePassedBefore(key)) return (cached = info);
  const probeTimeoutMs = options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  const command = sandboxCommand({
    info,
    argv: ['python3', '-I', '-S', '-c', PROBE],
    files: {},
    limits: DEFAULT_SANDBOX_LIMITS,
    uid: root ? sandboxUid() : null,
  });
  const seccomp = openSeccompFd();
  let result;
  try {
    result = spawnSync(command.file, command.args, {
      encoding: 'utf8',
      timeout: probeTimeoutMs,
      input: command.preamble,
      stdio: ['pipe', 'pipe', 'pipe', seccomp],
    });
  } finally {
    closeSync(seccomp);
  }
  if (result.error && 'code' in result.error && result.error.code === 'ETIMEDOUT') {
    // Not an answer about this machine: it was overloaded, or this process was stopped (SIGSTOP)
    // while it waited. Nothing is remembered, and the caller's grading can be retried.
    throw new SandboxProbeTimeoutError(probeTimeoutMs);
  }
  const output = (result.stdout ?? '').trim();
  if (result.status === 0 && /^\d+\.\d+$/.test(output)) {
    const [major = 0, minor = 0] = output.split('.').map(Number);
    if (major < 3 || (major === 3 && minor < 10)) {
      return refuse(`${python} is Python ${output}; the grader needs Python >= 3.10`);
    }
    rememberProbePassed(key);
    return (cached = info);
  }
  const lacks = /strata sandbox: (the sandbox lacks .*)/.exec(result.stderr ?? '');
  if (lacks) return refuse(lacks[1]!);
  const why = (result.stderr || result.error?.message || `exit code ${result.status}`).trim();
  return refuse(`bubblewrap is installed but cannot create the sandbox here: ${why}`);
}

/** Forgets the cached detection (tests change STRATA_BWRAP). */
export function resetSandboxDetection(): void {
  cached = null;
}
