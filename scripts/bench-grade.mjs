// Grading benchmark: `npm run bench:grade`. Prints medians; asserts nothing.
//   single: one submission (contracts + visible + hidden tests of exercise 01), end to end in-process
//   cli:    the same through `strata grade` (includes Node start-up)
//   batch:  `strata grade --batch` over 200 submissions, one worker per core
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    spawnSync(node, [bin, 'grade', '01-import-side-effects', join(work, 'one'), ...flags], { cwd: root });
    cli.push(performance.now() - started);
  }
  console.log(`single submission, \`strata grade\` process end to end: median ${ms(median(cli))}`);

  const batch = join(work, 'batch');
  mkdirSync(batch);
  for (let i = 0; i < 200; i++) {
    const source = i % 2 === 0 ? 'solution' : 'starter';
    const dir = join(batch, `learner-${String(i).padStart(3, '0')}`);
    cpSync(join(root, 'exercises/01-import-side-effects', source), dir, { recursive: true });
    writeFileSync(join(dir, 'reports', 'notes.py'), `LEARNER = ${i}\n`);
  }
  const rates = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const result = spawnSync(
      node,
      [bin, 'grade', '01-import-side-effects', '--batch', batch, '--out', join(work, 'gradebook.csv'), ...flags],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) console.log(result.stderr);
    rates.push(200 / seconds);
    console.log(`  batch run ${run + 1}: 200 submissions in ${seconds.toFixed(1)} s = ${(200 / seconds).toFixed(1)}/s`);
  }
  console.log(`batch of 200, \`strata grade --batch\`: median ${median(rates).toFixed(1)} submissions/s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
