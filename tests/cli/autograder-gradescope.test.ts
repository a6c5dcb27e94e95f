import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradescopeResults } from '../../src/grading/index.ts';

// `strata autograder gradescope` writes the zip; each case unpacks it into a fake /autograder root
// (source/ as Gradescope extracts it, submission/ as it downloads it) and runs run_autograder there.
const ROOT = resolve('.');
const NODE = join(ROOT, 'node_modules/node/bin/node');
const BIN = join(ROOT, 'bin/strata.mjs');
const EXERCISE = join(ROOT, 'exercises/01-import-side-effects');
const ENV = { ...process.env, PATH: `${dirname(NODE)}:${process.env.PATH ?? ''}` };

let work = '';
let zip = '';

function autograder(args: string[]) {
  const result = spawnSync(NODE, [BIN, 'autograder', ...args], { cwd: work, encoding: 'utf8', env: ENV });
  return { code: result.status, stderr: result.stderr };
}

/** A fresh fake /autograder with the zip extracted and `submit` filling submission/; runs it. */
function gradescope(name: string, submit: (dir: string) => void, env: Record<string, string> = {}) {
  const root = join(work, name);
  mkdirSync(join(root, 'source'), { recursive: true });
  mkdirSync(join(root, 'submission'));
  expect(spawnSync('unzip', ['-q', zip, '-d', join(root, 'source')]).status).toBe(0);
  submit(join(root, 'submission'));
  const result = spawnSync(join(root, 'source/run_autograder'), [], {
    cwd: root,
    encoding: 'utf8',
    env: { ...ENV, STRATA_AUTOGRADER_ROOT: root, STRATA_BIN: BIN, ...env },
    timeout: 120_000,
  });
  const results = JSON.parse(readFileSync(join(root, 'results/results.json'), 'utf8')) as GradescopeResults;
  return { code: result.status, results };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'strata-gradescope-'));
  zip = join(work, 'autograder.zip');
  const { code, stderr } = autograder([
    'gradescope',
    '01-import-side-effects',
    '--out',
    zip,
    '--site-url',
    'https://course.example.org/',
    '--package',
    'strata-course@1.2.3',
  ]);
  expect(stderr).toContain(`wrote ${zip}`);
  expect(code).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('strata autograder gradescope', () => {
  it('writes setup.sh and run_autograder at the root of the zip, executable, with the exercise beside them', () => {
    const root = join(work, 'listing');
    expect(spawnSync('unzip', ['-q', zip, '-d', root]).status).toBe(0);
    for (const script of ['setup.sh', 'run_autograder']) {
      expect(statSync(join(root, script)).mode & 0o111).toBe(0o111);
    }
    const setup = readFileSync(join(root, 'setup.sh'), 'utf8');
    expect(setup).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(setup).toContain('apt-get install -y --no-install-recommends python3 bubblewrap util-linux');
    expect(setup).toContain('npm install --global strata-course@1.2.3');
    expect(readFileSync(join(root, '01-import-side-effects/exercise.json'), 'utf8')).toBe(
      readFileSync(join(EXERCISE, 'exercise.json'), 'utf8'),
    );
    expect(readFileSync(join(root, '01-import-side-effects/hidden/test_hidden.py'), 'utf8')).toContain('class');
  });

  it('grades the package folder as uploaded: full marks, hidden tests after publication, exit 0', () => {
    const { code, results } = gradescope('solution', (dir) =>
      cpSync(join(EXERCISE, 'solution'), dir, { recursive: true }),
    );
    expect(results.score).toBe(100);
    expect(results.tests.filter((test) => test.visibility === 'after_published').length).toBeGreaterThan(0);
    expect(results.output).not.toMatch(/Score|100/);
    expect(code).toBe(0);
  });

  it('places loose files uploaded without their folder, and says so', () => {
    const { results } = gradescope('loose', (dir) =>
      cpSync(join(EXERCISE, 'solution/reports'), dir, { recursive: true }),
    );
    expect(results.score).toBe(100);
    expect(results.output).toContain('placed __init__.py, app.py, db.py, summary.py in reports/');
  });

  it('the starter: below full marks, no total or hidden hint in the visible output, absolute lesson links', () => {
    const { results } = gradescope('starter', (dir) => cpSync(join(EXERCISE, 'starter'), dir, { recursive: true }));
    expect(results.score).toBeLessThan(100);
    expect(results.output).not.toContain(String(results.score));
    expect(results.output).toContain('(https://course.example.org/lessons/what-import-does/');
    // Exercise 01's first hint names only hidden tests: it shows with them, after publication.
    const hiddenOnly = 'runs `sqlite3.connect(...)` at the top level';
    expect(results.output).not.toContain(hiddenOnly);
    const withHint = results.tests.filter((test) => test.output.includes(hiddenOnly));
    expect(withHint.length).toBeGreaterThan(0);
    expect(withHint.every((test) => test.visibility === 'after_published')).toBe(true);
  });

  it('a grader that cannot run still leaves a results.json with a reason, exit 0', () => {
    const { code, results } = gradescope('broken', (dir) => writeFileSync(join(dir, 'app.py'), 'print(1)\n'), {
      STRATA_BIN: '/bin/false',
    });
    expect(results).toMatchObject({ score: 0, tests: [] });
    expect(results.output).toContain('could not grade this submission');
    expect(code).toBe(0);
  });

  it('explains bad usage with exit 2', () => {
    expect(autograder(['moodle', '01-import-side-effects']).stderr).toContain('unknown platform "moodle"');
    expect(autograder(['gradescope']).code).toBe(2);
    expect(autograder(['gradescope', '01-import-side-effects', '--zip', 'x']).stderr).toContain(
      "Unknown option '--zip'",
    );
  });
});
