// A throw-away Postgres cluster for tests: initdb in a temp folder, pg_ctl on a free loopback port,
// removed after. Postgres refuses to run as root, so as root both run as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  /** postgres://… of a fresh database in the cluster. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: open connections are cut) and keeps its data, for fault drills. */
  pause(): void;
  /** Starts it again on the same port after pause(). */
  resume(): void;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'Postgres is not installed: the cohort server is tested on a real Postgres too. ' +
        'Install Debian\'s "postgresql" package (apt-get install postgresql); .ci/run does.',
    );
  }
  return join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `durable: true` keeps fsync on, as a production cluster has it (benchmarks); tests turn it off,
 * since a throw-away cluster need not survive a power cut.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const folder = mkdtempSync(join(tmpdir(), 'strata-pg-'));
  const data = join(folder, 'data');
  const ids = asRoot ? execFileSync('id', ['-u', 'postgres']).toString().trim() : null;
  const gid = asRoot ? execFileSync('id', ['-g', 'postgres']).toString().trim() : null;
  if (asRoot) chownSync(folder, Number(ids), Number(gid));
  const run = (command: string, args: string[]) => {
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, command), ...args] : args;
    const result = spawnSync(asRoot ? 'runuser' : join(bin, command), argv, { encoding: 'utf8', cwd: folder });
    if (result.status !== 0) {
      throw new Error(
        `${command} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`,
      );
    }
    return result.stdout;
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(folder, 'log'),
      '-w',
      '-t',
      '120',
      '-o',
      `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=${options.durable ? 'on' : 'off'} -c max_connections=200`,
      'start',
    ]);
  start();
  let running = true;
  const base = `postgres://postgres@127.0.0.1:${port}`;
  return {
    async createDatabase(name) {
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      await client.query(`create database "${name.replace(/"/g, '')}"`);
      await client.end();
      return `${base}/${name}`;
    },
    pause() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '120', 'stop']);
      running = false;
    },
    resume() {
      start();
      running = true;
    },
    stop() {
      try {
        if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
