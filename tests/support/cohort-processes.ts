// `strata serve` and `strata worker` as real child processes, for the fault drills and the scale
// benchmark: started from this checkout's CLI, killed with real signals.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface StrataProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  exited: Promise<number | string>;
  /** Sends the signal and waits for the process to be gone. */
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

function launch(
  args: string[],
  databaseUrl: string,
  ready: RegExp,
  env: Record<string, string> = {},
): Promise<StrataProcess & { ready: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/strata.mjs'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
  });
  let text = '';
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  const process_: StrataProcess = {
    child,
    output: () => text,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return new Promise((resolveStart, reject) => {
    const check = () => {
      const found = ready.exec(text);
      if (found) resolveStart({ ...process_, ready: found[0] });
    };
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      check();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    void exited.then((code) => reject(new Error(`strata ${args[0]} exited (${code}) before it was ready:\n${text}`)));
  });
}

export interface WebProcess extends StrataProcess {
  /** Where it listens (the origin it answers for is the one it was given). */
  url: string;
  /** The one-time setup link's token, when the database has no instructor yet. */
  token: string | null;
}

/** `strata serve --no-site` against `databaseUrl`, answering for `origin`. */
export async function startWeb(options: {
  databaseUrl: string;
  origin: string;
  workers?: number;
  extra?: string[];
  /** Added to this process's environment (STRATA_GRADE_EXPIRY_SECONDS…). */
  env?: Record<string, string>;
}): Promise<WebProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'strata-web-'));
  const started = await launch(
    [
      'serve',
      '--no-site',
      '--port',
      '0',
      '--origin',
      options.origin,
      '--workers',
      String(options.workers ?? 0),
      '--data-dir',
      dataDir,
      '--sign-in-per-minute',
      '100000',
      ...(options.extra ?? []),
    ],
    options.databaseUrl,
    /ready in \d+ ms\)\n(?:[\s\S]*#token=[\w-]+)?/,
    options.env,
  );
  // The setup link follows the ready line in the same write, or very soon after it.
  await new Promise((done) => setTimeout(done, 100));
  const output = started.output();
  return {
    ...started,
    url: /listening on (http:\/\/[^\s,)]+)/.exec(output)?.[1] ?? options.origin,
    token: /#token=([\w-]+)/.exec(output)?.[1] ?? null,
  };
}

/** `strata worker` against `databaseUrl`; resolves once it takes jobs. */
export async function startWorkerProcess(options: {
  databaseUrl: string;
  concurrency?: number;
  extra?: string[];
  env?: Record<string, string>;
}): Promise<StrataProcess> {
  return launch(
    ['worker', '--concurrency', String(options.concurrency ?? 1), ...(options.extra ?? [])],
    options.databaseUrl,
    /grading with \d+ worker/,
    options.env,
  );
}
