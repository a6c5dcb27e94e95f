// The A/B half of `npm run bench:contracts`: `strata lint` against import-linter on the same pip
// source tree and the same five contracts (scripts/lib/pip.importlinter: layers, containers,
// forbidden with an external-looking vendored target, independence; all that import-linter 1.10
// understands), run alternately in separate processes, medians of wall time. The verdicts of the
// two must agree contract by contract, or the speed-up means nothing: a disagreement is printed.
//
// PyPI is unreachable here, so the reference is run from source folders:
//   --reference IMPORT_LINTER_SRC,GRIMP_SRC   (each the folder holding the package, e.g. src/)
// or STRATA_BENCH_IMPORT_LINTER with the same value. import-linter 1.10 needs click and
// typing-extensions on the python3 that runs it; grimp 2.5 is pure Python (grimp 3 builds its
// graph in Rust and cannot run from a source folder).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The interpreter python3 resolves to: a version manager's shim (pyenv) is a shell script that
 * would add its own start-up to every timed run of the reference.
 */
const python = () => execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

/** Copies the machine's pip into .bench/pip-reference once (a fixed tree for every run). */
function pipProject(root) {
  const dir = join(root, '.bench', 'pip-reference');
  const source = execFileSync(python(), ['-c', 'import os, pip; print(os.path.dirname(pip.__file__))'], {
    encoding: 'utf8',
  }).trim();
  const stamp = join(dir, '.source');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== source) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(source, join(dir, 'pip'), { recursive: true, filter: (path) => !path.includes('__pycache__') });
    writeFileSync(stamp, source);
  }
  cpSync(join(root, 'scripts', 'lib', 'pip.importlinter'), join(dir, '.importlinter'));
  return dir;
}

/** "name KEPT|BROKEN" lines, the layout both tools print. */
function verdicts(output) {
  return new Map([...output.matchAll(/^(.+?) (KEPT|BROKEN)$/gm)].map((match) => [match[1].trim(), match[2]]));
}

function timed(command, args, options) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 2000)}`);
  }
  return { ms, output: result.stdout };
}

/**
 * Runs the comparison, or says why it cannot. `reference` is "IMPORT_LINTER_SRC,GRIMP_SRC" or empty;
 * `cli` is node's arguments that run strata (bench-cli-copy.mjs's launcher and its build).
 * Returns nothing; prints the medians, the ratio and any verdict that differs.
 */
export function compareWithImportLinter({ root, node, cli, reference, runs }) {
  console.log('\nA/B against import-linter on pip (same config, separate processes, alternating):');
  if (!reference) {
    console.log(
      '  skipped: pass --reference IMPORT_LINTER_SRC,GRIMP_SRC (or STRATA_BENCH_IMPORT_LINTER) to run import-linter from its sources',
    );
    return;
  }
  const [linterSrc, grimpSrc] = reference.split(',');
  if (!linterSrc || !grimpSrc || !existsSync(join(linterSrc, 'importlinter')) || !existsSync(join(grimpSrc, 'grimp'))) {
    console.log(
      `  skipped: "${reference}" is not IMPORT_LINTER_SRC,GRIMP_SRC (folders holding importlinter/ and grimp/)`,
    );
    return;
  }
  const project = pipProject(root);
  const modules = Number(
    execFileSync('find', [join(project, 'pip'), '-name', '*.py'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean).length,
  );
  const env = { ...process.env, PYTHONPATH: `${linterSrc}:${grimpSrc}`, PYTHONDONTWRITEBYTECODE: '1' };
  const interpreter = python();
  const reference_ = () =>
    timed(
      interpreter,
      // --no-cache: import-linter keeps each file's imports in .import_linter_cache; strata runs
      // with --no-cache too, so both read and parse every file on every run.
      [
        '-c',
        'import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())',
        '--no-cache',
      ],
      { cwd: project, env },
    );
  // `cli`: node's arguments for the CLI copy bench-contracts built (lib/bench-cli-copy.mjs).
  const strata = () => timed(node, [...cli, 'lint', '--no-cache'], { cwd: project });
  const version = execFileSync(
    interpreter,
    [
      '-c',
      'import importlinter, grimp; print(getattr(importlinter, "__version__", "?"), getattr(grimp, "__version__", "?"))',
    ],
    { encoding: 'utf8', env },
  ).trim();
  // One untimed run each: Python's bytecode is not written (PYTHONDONTWRITEBYTECODE), so every
  // timed run compiles as a first run in CI would; this warms the disk cache for both.
  const first = { reference: reference_(), strata: strata() };
  const times = { reference: [], strata: [] };
  for (let run = 0; run < runs; run++) {
    times.reference.push(reference_().ms);
    times.strata.push(strata().ms);
  }
  const [referenceMs, strataMs] = [median(times.reference), median(times.strata)];
  const [theirs, ours] = [verdicts(first.reference.output), verdicts(first.strata.output)];
  const differ = [...theirs].filter(([name, verdict]) => ours.get(name) !== verdict);
  console.log(`  pip: ${modules} files, ${theirs.size} contracts; import-linter/grimp ${version.replace(' ', '/')}`);
  console.log(`  import-linter: median ${referenceMs.toFixed(0)} ms of ${runs}`);
  console.log(`  strata lint:   median ${strataMs.toFixed(0)} ms of ${runs}`);
  console.log(`  strata is x${(referenceMs / strataMs).toFixed(1)} faster`);
  console.log(
    differ.length === 0 && theirs.size > 0
      ? `  verdicts agree on all ${theirs.size} contracts`
      : `  VERDICTS DIFFER: ${differ.map(([name, verdict]) => `${name} (import-linter ${verdict}, strata ${ours.get(name) ?? 'missing'})`).join('; ') || 'no contracts read'}`,
  );
}
