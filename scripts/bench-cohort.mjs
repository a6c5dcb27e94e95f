// Cohort server benchmark: `npm run bench:cohort` (after a build: the script builds first).
// Prints medians and percentiles; asserts nothing.
//   start:    `strata serve` process start → ready line, cold (empty data folder: PGlite runs
//             initdb) and warm (the same folder again)
//   accepted: 50 learners submit at once, 3 rounds after a first one (printed on its own: the first
//             burst after a start pays once for cold code paths), then 3 more as if each learner
//             had been idle for over a minute (their browsers have dropped the session's signed
//             copy, so the server reads each session from the database, and their connections,
//             closed by the server, are opened again): HTTP latency of each accepted submission,
//             p50/p95, on the embedded PGlite and (when Debian's postgresql is installed) on a
//             Postgres cluster started for the run with fsync on. Each learner sends with node:http over its own
//             keep-alive connection, timed from the call that sends it to the answer's last byte.
//             The burst's client shares the server's 2 cores: with fetch (undici) it spent ~40 ms
//             of each round building 50 requests before the last one left, which the latencies
//             counted; a last round with fetch is printed for comparison.
//   graded:   submit → graded with the in-process worker, one submission at a time, p50/p95
//   rss:      the server process's peak resident memory (VmHWM)
// `npm run bench:cohort -- --scale` instead: a burst of 200 submissions from 200 learners against a
// local Postgres (fsync on), graded by 1, 2 and 4 `strata worker` processes (concurrency 1 each):
// throughput, submit → graded p50/p95 (from the database's own timestamps), lost and duplicated
// grades, the load average around each run (the machine may be shared). `--learners N`,
// `--workers 1,2,4` and `--runs R` change the burst, the worker counts and the repeats per count.
// Parts (for measuring one change; `node scripts/bench-cohort.mjs` skips the site build):
//   --start-only   only the start-up rows; `--cold N` data folders (default 3), `--warm N` warm
//                  starts on each (default 2)
//   --accept-only  only the 50-learner burst, on the embedded PGlite and (when installed) on Postgres;
//                  no grading timed. `--database pglite` or `--database postgres`: only that one
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const site = process.env.STRATA_BENCH_SITE ?? join(root, 'dist');
const { loadExercise } = await import(join(root, 'src/runtime/node.ts'));
const { startPostgres } = await import(join(root, 'tests/support/postgres.ts'));
const { CookieJar } = await import(join(root, 'tests/support/cookie-jar.ts'));
const exercise = await loadExercise(join(root, 'exercises'), '01-import-side-effects');

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const median = (values) => percentile(values, 50);
const ms = (value) => `${value.toFixed(0)} ms`;

/** Starts `strata serve` on a free port; resolves when it prints its ready line. */
function startServer(dataDir, extra = [], databaseUrl = '') {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(root, 'bin/strata.mjs'), 'serve', '--port', '0', '--site', site, '--data-dir', dataDir, ...extra],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  let output = '';
  let readyMs = null;
  return new Promise((resolveStart, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const url = /serving the course on (http:\/\/[^/\s]+)\//.exec(output)?.[1];
      if (!url || !/ready in/.test(output) || readyMs !== null) return;
      readyMs = performance.now() - started;
      // The setup link (a new data folder) is a separate write after the ready line.
      setTimeout(() => {
        const token = /#token=([\w-]+)/.exec(output)?.[1];
        resolveStart({ child, url, token, readyMs, output });
      }, 300);
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`strata serve exited ${code}: ${output}`)));
  });
}

async function stop(server) {
  const hwm = readFileSync(`/proc/${server.child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)?.[1];
  server.child.removeAllListeners('exit');
  const exited = new Promise((done) => server.child.once('exit', done));
  server.child.kill('SIGTERM');
  await exited;
  return Number(hwm ?? 0) / 1024;
}

class Client {
  /** `origin`: the origin the server answers for, when it listens elsewhere (`--origin`). */
  constructor(url, origin = url) {
    this.url = url;
    this.origin = origin;
    this.cookies = new CookieJar();
  }
  /**
   * POSTs JSON with node:http over this learner's own keep-alive connection: the burst's load
   * generator, lighter than fetch on the 2 cores it shares with the server.
   */
  post(path, body) {
    this.agent ??= new http.Agent({ keepAlive: true, maxSockets: 1 });
    const data = Buffer.from(JSON.stringify(body));
    const { hostname, port } = new URL(this.url);
    return new Promise((resolvePost, reject) => {
      const headers = {
        origin: this.origin,
        'content-type': 'application/json',
        'content-length': data.length,
        ...(this.cookie ? { cookie: this.cookie } : {}),
      };
      const request = http.request({ hostname, port, path, method: 'POST', agent: this.agent, headers }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = text;
          }
          this.cookies.keep(response.headers['set-cookie'] ?? []);
          resolvePost({ status: response.statusCode, json });
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(data);
    });
  }
  /** What a browser's connection does after the server's keep-alive time: the next request opens a new one. */
  disconnect() {
    this.agent?.destroy();
    this.agent = undefined;
  }
  get cookie() {
    return this.cookies.header();
  }
  async call(method, path, body) {
    const response = await fetch(this.url + path, {
      method,
      headers: {
        origin: this.origin,
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.cookies.keep(response.headers.getSetCookie());
    return { status: response.status, json: await response.json().catch(() => null) };
  }
}

if (process.argv.includes('--scale')) {
  await scale();
  process.exit(0);
}

const startOnly = process.argv.includes('--start-only');
const acceptOnly = process.argv.includes('--accept-only');
const work = mkdtempSync(join(tmpdir(), 'strata-bench-cohort-'));
try {
  // ── start-up ──
  const cold = [];
  const warm = [];
  const colds = acceptOnly ? 0 : Number(flag('--cold', '3'));
  const warms = Number(flag('--warm', '2'));
  for (let run = 0; run < colds; run++) {
    const dataDir = join(work, `cold-${run}`);
    const server = await startServer(dataDir);
    cold.push(server.readyMs);
    await stop(server);
    for (let again = 0; again < warms; again++) {
      const reopened = await startServer(dataDir);
      warm.push(reopened.readyMs);
      await stop(reopened);
    }
  }
  if (colds > 0) {
    console.log(
      `server start → ready, cold (new data folder, initdb): median ${ms(median(cold))} of ${cold.map(ms).join(', ')}`,
    );
    console.log(
      `server start → ready, warm (existing data folder): median ${ms(median(warm))} of ${warm.length} runs (${warm.map(ms).join(', ')})`,
    );
  }

  // ── load ──
  const only = flag('--database', null);
  if (!startOnly && only !== 'postgres') {
    const server = await startServer(join(work, 'load'), ['--workers', '1', '--sign-in-per-minute', '1000']);
    await measureLoad(server, 'embedded PGlite', { graded: !acceptOnly });
    const rss = await stop(server);
    console.log(`server peak RSS: ${rss.toFixed(0)} MB`);
  }

  // The same burst on a real Postgres (fsync on), when this machine has one to start.
  let postgres = null;
  if (!startOnly && only !== 'pglite') {
    try {
      postgres = await startPostgres({ durable: true });
    } catch (error) {
      console.log(`(no Postgres run: ${error.message.split('.')[0]})`);
    }
  }
  if (postgres) {
    try {
      const url = await postgres.createDatabase('strata_bench');
      const onPostgres = await startServer(
        join(work, 'unused'),
        ['--workers', '1', '--sign-in-per-minute', '1000'],
        url,
      );
      await measureLoad(onPostgres, 'Postgres', { graded: false });
      await stop(onPostgres);
    } finally {
      postgres.stop();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** 50 learners join a cohort and submit at once (a first round, then three); then, optionally, submit → graded one at a time. */
async function measureLoad(server, label, { graded: timeGrading }) {
  const instructor = new Client(server.url);
  const setup = await instructor.call('POST', '/api/setup', {
    token: server.token,
    name: 'Ines',
    email: 'ines@example.org',
    password: 'bench password',
  });
  if (setup.status !== 200) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.json)}`);
  const created = await instructor.call('POST', '/api/cohorts', {
    name: 'Bench',
    assignments: [{ exercise: exercise.meta.id }],
  });
  if (created.status !== 201) throw new Error(`create cohort: ${created.status} ${JSON.stringify(created.json)}`);
  const cohort = created.json;
  const learners = [];
  for (let i = 0; i < 50; i++) {
    const learner = new Client(server.url);
    const signUp = await learner.call('POST', '/api/auth/sign-up/email', {
      name: `Learner ${i}`,
      email: `learner${i}@example.org`,
      password: 'bench password',
    });
    if (signUp.status !== 200) throw new Error(`sign-up: ${signUp.status} ${JSON.stringify(signUp.json)}`);
    const joined = await learner.call('POST', '/api/join', { code: cohort.joinCode });
    if (joined.status !== 200) throw new Error(`join: ${joined.status} ${JSON.stringify(joined.json)}`);
    learners.push(learner);
  }
  const path = `/api/cohorts/${cohort.id}/exercises/${exercise.meta.id}/submissions`;
  const accepted = [];
  const ids = [];
  // The server's main thread's CPU time (ns, /proc/<pid>/schedstat): what the bursts cost the one
  // thread that answers every request, a figure the machine's other load moves less than latency.
  const mainThreadNs = () => Number(readFileSync(`/proc/${server.child.pid}/schedstat`, 'utf8').split(' ')[0]);
  const burst = async (round, send, latencies) =>
    Promise.all(
      learners.map(async (learner, i) => {
        const files = { ...(i % 2 ? exercise.solution : exercise.starter), 'reports/notes.py': `ROUND = ${round}\n` };
        const started = performance.now();
        const response = await send(learner, { files });
        latencies.push(performance.now() - started);
        if (response.status !== 202) throw new Error(`submit: ${response.status} ${JSON.stringify(response.json)}`);
        ids.push([learner, response.json.id]);
      }),
    );
  // The first burst after the server started pays once for what nothing before it ran: the
  // database's first submissions (the embedded PGlite compiles its WebAssembly lazily, and its
  // catalogue caches are cold) and each learner's first session read. It is printed on its own;
  // the figure is over the bursts after it, as at a deadline on a server that has been up, each
  // more than 10 s after the one before.
  const first = [];
  await burst(0, (learner, body) => learner.post(path, body), first);
  const rounds = 3;
  // Two kinds of deadline:
  // - active: the learners have been submitting every 11 s over their open connections, and their
  //   browsers send the session's signed copy (the cookie cache, 50 s). The server remembers its
  //   answer for a Cookie header with a copy until the copy expires (auth.ts); a copy that has
  //   expired meanwhile is dropped by the browser, and that learner's session is read from the
  //   database once and sent back renewed;
  // - idle: every learner's last request was longer ago than a minute: their browser has dropped
  //   the copy at its Max-Age, so the server reads each session from the database, and the server
  //   has closed their connection (after KEEP_ALIVE_MS, serve.ts), so each submission opens one.
  const deadline = async (kind, latencies) => {
    const cpuBefore = mainThreadNs();
    for (let round = 1; round <= rounds; round++) {
      await new Promise((done) => setTimeout(done, 11_000));
      if (kind === 'idle') {
        for (const learner of learners) {
          learner.cookies.forgetSessionCopy();
          learner.disconnect();
        }
      }
      await burst(round, (learner, body) => learner.post(path, body), latencies);
    }
    const cpuMs = (mainThreadNs() - cpuBefore) / 1e6;
    console.log(
      `submission accepted (HTTP 202) on ${label}, 50 ${kind} learners at once x ${rounds} rounds: p50 ${ms(median(latencies))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}; ` +
        `server main thread CPU ${(cpuMs / latencies.length).toFixed(2)} ms per submission, the gaps' grading included (load average ${loadavg()[0].toFixed(2)})`,
    );
  };
  await deadline('active', accepted);
  await deadline('idle', []);
  console.log(
    `  the first burst after start: p50 ${ms(median(first))}, p95 ${ms(percentile(first, 95))}, max ${ms(Math.max(...first))}`,
  );
  const withFetch = [];
  await burst(rounds + 1, (learner, body) => learner.call('POST', path, body), withFetch);
  console.log(
    `  the same burst sent with fetch (undici), one round: p50 ${ms(median(withFetch))}, p95 ${ms(percentile(withFetch, 95))}`,
  );
  if (!timeGrading) return;
  // Let the burst drain before timing single gradings.
  const drainStarted = performance.now();
  for (const [learner, id] of ids) {
    for (;;) {
      const { json } = await learner.call('GET', `/api/submissions/${id}`);
      if (json.status === 'graded' || json.status === 'failed') break;
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  const drained = (performance.now() - drainStarted) / 1000;
  console.log(
    `burst of ${ids.length} graded by 1 in-process worker in ${drained.toFixed(0)} s after the last was accepted`,
  );

  const graded = [];
  for (let i = 0; i < 10; i++) {
    const learner = learners[i];
    const started = performance.now();
    const { json } = await learner.call('POST', path, { files: exercise.solution });
    for (;;) {
      const poll = await learner.call('GET', `/api/submissions/${json.id}`);
      if (poll.json.status === 'graded' || poll.json.status === 'failed') break;
      await new Promise((done) => setTimeout(done, 50));
    }
    graded.push(performance.now() - started);
  }
  console.log(
    `submit → graded, in-process worker, queue empty: p50 ${ms(median(graded))}, p95 ${ms(percentile(graded, 95))}`,
  );
}

function flag(name, fallback) {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
}

/** The --scale run: many learners, one burst, 1/2/4 worker processes on a local Postgres. */
async function scale() {
  const { startWeb, startWorkerProcess } = await import(join(root, 'tests/support/cohort-processes.ts'));
  const { availableParallelism } = await import('node:os');
  const pg = (await import('pg')).default;
  const learnersCount = Number(flag('--learners', '200'));
  const workerCounts = flag('--workers', '1,2,4').split(',').map(Number);
  const runs = Number(flag('--runs', '1'));
  const origin = 'http://127.0.0.1:4321';
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
  console.log(`cores: ${availableParallelism()}; load average before: ${load()}`);
  // One session secret for every web server of the run: the learners' sessions, made once in the
  // template database, stay valid in each copy of it (sign-in hashes passwords: not measured here).
  process.env.STRATA_SECRET ??= 'bench-secret-'.padEnd(48, 'x');
  const postgres = await startPostgres({ durable: true });
  const results = [];
  const learners = [];
  try {
    // Accounts once, in a template database: sign-up (scrypt) is not what is measured here.
    const template = await postgres.createDatabase('scale_template');
    const web = await startWeb({ databaseUrl: template, origin });
    const instructor = new Client(web.url, origin);
    const setup = await instructor.call('POST', '/api/setup', {
      token: web.token,
      name: 'Ines',
      email: 'ines@example.org',
      password: 'bench password',
    });
    if (setup.status !== 200) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.json)}`);
    const created = await instructor.call('POST', '/api/cohorts', {
      name: 'Scale',
      assignments: [{ exercise: exercise.meta.id }],
    });
    const cohort = created.json;
    const signUp = async (i) => {
      const learner = new Client(web.url, origin);
      const made = await learner.call('POST', '/api/auth/sign-up/email', {
        name: `Learner ${i}`,
        email: `learner${i}@example.org`,
        password: 'bench password',
      });
      if (made.status !== 200) throw new Error(`sign-up: ${made.status} ${JSON.stringify(made.json)}`);
      await learner.call('POST', '/api/join', { code: cohort.joinCode });
      learners[i] = learner;
    };
    for (let i = 0; i < learnersCount; i += 10) {
      await Promise.all(Array.from({ length: Math.min(10, learnersCount - i) }, (_, k) => signUp(i + k)));
    }
    await web.kill('SIGTERM');

    let database = 0;
    for (const workers of workerCounts) {
      for (let run = 0; run < runs; run++) {
        database += 1;
        const client = new pg.Client({ connectionString: template.replace(/\/[^/]+$/, '/postgres') });
        await client.connect();
        await client.query(`create database scale_${database} template scale_template`);
        await client.end();
        const url = template.replace(/\/[^/]+$/, `/scale_${database}`);
        results.push({ workers, run, ...(await burst(url, workers)) });
        const last = results.at(-1);
        console.log(
          `${workers} worker process(es), run ${run + 1}: ${last.graded} graded in ${last.seconds.toFixed(1)} s = ` +
            `${last.throughput.toFixed(2)} graded/s; submit → graded p50 ${ms(last.p50)}, p95 ${ms(last.p95)}; ` +
            `accepted HTTP p50 ${ms(last.acceptedP50)}; lost ${last.lost}, duplicated ${last.duplicated}; ` +
            `load average after: ${last.load}`,
        );
      }
    }
  } finally {
    postgres.stop();
  }
  console.log('\nmedians per worker count:');
  for (const workers of workerCounts) {
    const mine = results.filter((r) => r.workers === workers);
    console.log(
      `  ${workers} worker(s): ${median(mine.map((r) => r.throughput)).toFixed(2)} graded/s, ` +
        `p50 ${ms(median(mine.map((r) => r.p50)))}, p95 ${ms(median(mine.map((r) => r.p95)))}, ` +
        `grade cost ${ms(median(mine.map((r) => r.perGrade)))} per worker-grade, ` +
        `lost ${Math.max(...mine.map((r) => r.lost))}, duplicated ${Math.max(...mine.map((r) => r.duplicated))}`,
    );
  }

  /** Web server (no in-process worker) + `workers` worker processes; all learners submit at once. */
  async function burst(url, workers) {
    const web = await startWeb({ databaseUrl: url, origin });
    const processes = [web];
    try {
      for (let i = 0; i < workers; i++) processes.push(await startWorkerProcess({ databaseUrl: url, concurrency: 1 }));
      for (const learner of learners) learner.url = web.url;
      const me = await learners[0].call('GET', '/api/me');
      if (!me.json?.user) throw new Error('the template database’s sessions are not valid on this web server');
      const path = `/api/cohorts/${me.json.cohorts[0].id}/exercises/${exercise.meta.id}/submissions`;
      const accepted = [];
      const ids = await Promise.all(
        learners.map(async (learner, i) => {
          const started = performance.now();
          const response = await learner.call('POST', path, { files: i % 2 ? exercise.solution : exercise.starter });
          accepted.push(performance.now() - started);
          if (response.status !== 202) throw new Error(`submit: ${response.status} ${JSON.stringify(response.json)}`);
          return response.json.id;
        }),
      );
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        for (;;) {
          const { rows } = await db.query(
            `select count(*) filter (where status in ('graded', 'failed'))::int as done from submission`,
          );
          if (rows[0].done >= ids.length) break;
          await new Promise((done) => setTimeout(done, 500));
        }
        const { rows } = await db.query(`
          select s.id, s.status,
            extract(epoch from s.submitted_at) * 1000 as submitted,
            (select extract(epoch from min(g.graded_at)) * 1000 from grade g where g.submission_id = s.id) as graded,
            (select count(*)::int from grade g where g.submission_id = s.id) as grades
          from submission s`);
        const byId = new Map(rows.map((row) => [row.id, row]));
        const lost = ids.filter((id) => byId.get(id)?.status !== 'graded').length;
        const duplicated = rows.filter((row) => row.grades > 1).length;
        const latencies = rows.filter((row) => row.graded !== null).map((row) => row.graded - row.submitted);
        const first = Math.min(...rows.map((row) => Number(row.submitted)));
        const last = Math.max(...rows.map((row) => Number(row.graded ?? 0)));
        const seconds = (last - first) / 1000;
        const graded = rows.filter((row) => row.status === 'graded').length;
        return {
          graded,
          seconds,
          throughput: graded / seconds,
          perGrade: (seconds * 1000 * workers) / graded,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          acceptedP50: median(accepted),
          lost,
          duplicated,
          load: load(),
        };
      } finally {
        await db.end();
      }
    } finally {
      for (const p of processes.reverse()) await p.kill('SIGTERM');
    }
  }
}
