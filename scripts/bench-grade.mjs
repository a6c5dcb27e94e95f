// Grading benchmark: `npm run bench:grade`. Prints medians; asserts nothing.
//   single: one submission (contracts + visible + hidden tests of exercise 01), end to end in-process
//   cli:    the same through `strata grade` (includes Node start-up)
//   batch:  `strata grade --batch` over 200 submissions, one worker per core, with its peak memory:
//           the strata process's own (VmHWM) and its whole process tree's (sandboxes included),
//           sampled every 50 ms from /proc
// The CLI and batch runs also print their CPU time per submission (user + system, the sandboxes
// included, from /usr/bin/time when it exists): on a machine shared with other work, wall-time
// rates follow the load, CPU time much less.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { gradeWithLocalPython, loadExercise, detectSandbox } = await import(join(root, 'src/runtime/node.ts'));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => `${value.toFixed(0)} ms`;

/** Resident memory (kB) of `pid` and every process below it, and `pid`'s first child, from /proc. */
function treeRssKb(pid) {
  const children = new Map();
  const rss = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(Number(entry));
      rss.set(Number(entry), Number(fields[21]) * 4); // pages of 4 kB
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const next = stack.pop();
    total += rss.get(next) ?? 0;
    stack.push(...(children.get(next) ?? []));
  }
  return { total, child: children.get(pid)?.[0] ?? null };
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const CPU_MARK = 'strata-bench-cpu';

/** The command under /usr/bin/time, which prints its CPU seconds (children included) last on stderr. */
function timed(command, args) {
  return TIME ? [TIME, ['-f', `${CPU_MARK} %U %S`, command, ...args]] : [command, args];
}

/** CPU seconds (user + system) that timed() printed, or null. */
function cpuSeconds(stderr) {
  const found = new RegExp(`${CPU_MARK} ([\\d.]+) ([\\d.]+)`).exec(stderr);
  return found ? Number(found[1]) + Number(found[2]) : null;
}

/** Runs a command; resolves with its exit, stderr, own peak RSS (VmHWM) and the sampled peak of its process tree. */
function runSampled(command, args, options) {
  return new Promise((done) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let ownKb = 0;
    let treeKb = 0;
    const sample = setInterval(() => {
      const tree = treeRssKb(child.pid);
      treeKb = Math.max(treeKb, tree.total);
      // Under /usr/bin/time, strata is its child.
      const strata = command === TIME ? tree.child : child.pid;
      try {
        const hwm = readFileSync(`/proc/${strata}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)?.[1];
        ownKb = Math.max(ownKb, Number(hwm ?? 0));
      } catch {
        // ended, or not started yet
      }
    }, 50);
    child.on('close', (status) => {
      clearInterval(sample);
      done({ status, stderr, ownMb: ownKb / 1024, treeMb: treeKb / 1024 });
    });
  });
}

const sandbox = detectSandbox();
const exercise = await loadExercise(join(root, 'exercises'), '01-import-side-effects');
console.log(
  `sandbox: ${sandbox.available ? 'bubblewrap' : `none (${sandbox.reason})`}; cores: ${availableParallelism()}`,
);
const unsafe = !sandbox.available;

for (const which of ['solution', 'starter']) {
  await gradeWithLocalPython({ exercise, files: exercise[which], unsafeNoSandbox: unsafe }); // warm-up
  const times = [];
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    await gradeWithLocalPython({ exercise, files: exercise[which], unsafeNoSandbox: unsafe });
    times.push(performance.now() - started);
  }
  console.log(
    `single submission (${which}), in-process: median ${ms(median(times))} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})`,
  );
}

const work = mkdtempSync(join(tmpdir(), 'strata-bench-'));
try {
  const node = process.execPath;
  const bin = join(root, 'bin/strata.mjs');
  const flags = unsafe ? ['--unsafe-no-sandbox'] : [];
  cpSync(join(root, 'exercises/01-import-side-effects/solution'), join(work, 'one'), { recursive: true });
  const cli = [];
  const cliCpu = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    const [command, args] = timed(node, [bin, 'grade', '01-import-side-effects', join(work, 'one'), ...flags]);
    const run = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
    cli.push(performance.now() - started);
    const cpu = cpuSeconds(run.stderr ?? '');
    if (cpu !== null) cliCpu.push(cpu * 1000);
  }
  console.log(
    `single submission, \`strata grade\` process end to end: median ${ms(median(cli))}` +
      (cliCpu.length ? ` (CPU median ${ms(median(cliCpu))})` : ''),
  );

  const batch = join(work, 'batch');
  mkdirSync(batch);
  for (let i = 0; i < 200; i++) {
    const source = i % 2 === 0 ? 'solution' : 'starter';
    const dir = join(batch, `learner-${String(i).padStart(3, '0')}`);
    cpSync(join(root, 'exercises/01-import-side-effects', source), dir, { recursive: true });
    writeFileSync(join(dir, 'reports', 'notes.py'), `LEARNER = ${i}\n`);
  }
  const rates = [];
  const peaks = [];
  const cpus = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const result = await runSampled(
      ...timed(node, [
        bin,
        'grade',
        '01-import-side-effects',
        '--batch',
        batch,
        '--out',
        join(work, 'gradebook.csv'),
        ...flags,
      ]),
      { cwd: root },
    );
    const cpu = cpuSeconds(result.stderr);
    if (cpu !== null) cpus.push((cpu * 1000) / 200);
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) console.log(result.stderr);
    rates.push(200 / seconds);
    peaks.push(result);
    console.log(
      `  batch run ${run + 1}: 200 submissions in ${seconds.toFixed(1)} s = ${(200 / seconds).toFixed(1)}/s; ` +
        `peak RSS ${result.ownMb.toFixed(0)} MB (strata), ${result.treeMb.toFixed(0)} MB (with its sandboxes)` +
        (cpu !== null ? `; CPU ${ms((cpu * 1000) / 200)} per submission` : ''),
    );
  }
  console.log(
    `batch of 200, \`strata grade --batch\`: median ${median(rates).toFixed(1)} submissions/s` +
      (cpus.length ? ` (CPU median ${ms(median(cpus))} per submission)` : ''),
  );
  console.log(
    `batch of 200, peak RSS: median ${median(peaks.map((peak) => peak.ownMb)).toFixed(0)} MB (strata), ` +
      `${median(peaks.map((peak) => peak.treeMb)).toFixed(0)} MB (with its sandboxes)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
