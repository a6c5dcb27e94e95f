import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Exercism's test-runner interface, run end to end: exercism/bin/run.sh <slug> <solution> <output>.
const ROOT = resolve('.');
const RUN = join(ROOT, 'exercism/bin/run.sh');
const EXERCISE = join(ROOT, 'exercises/01-import-side-effects');
const NODE_DIR = dirname(join(ROOT, 'node_modules/node/bin/node'));

interface Results {
  version: number;
  status: 'pass' | 'fail' | 'error';
  message?: string;
  tests: { name: string; status: string; message?: string; test_code: string }[];
}

let work = '';

/** A solution folder as Exercism hands it over: the learner's files plus its own metadata. */
function solution(name: string, edit?: (dir: string) => void): string {
  const dir = join(work, name);
  cpSync(join(EXERCISE, 'solution'), dir, { recursive: true });
  mkdirSync(join(dir, '.exercism'));
  writeFileSync(join(dir, '.exercism/config.json'), '{"files":{"solution":["reports/summary.py"]}}\n');
  writeFileSync(join(dir, 'HELP.md'), '# Help\n');
  edit?.(dir);
  return dir;
}

function run(slug: string, dir: string, env: Record<string, string> = {}) {
  const output = join(work, `out-${slug}-${dir.split('/').pop()}`);
  const result = spawnSync(RUN, [slug, dir, output], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${NODE_DIR}:${process.env.PATH ?? ''}`, ...env },
    timeout: 120_000,
  });
  const file = join(output, 'results.json');
  return {
    code: result.status,
    stderr: result.stderr,
    results: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Results) : null,
  };
}

const runaway = (dir: string) => {
  const file = join(dir, 'reports/summary.py');
  writeFileSync(file, `while True:\n    pass\n${readFileSync(file, 'utf8')}`);
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'strata-exercism-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('exercism/bin/run.sh', () => {
  it('grades a passing solution by its slug without the number: status pass, exit 0', () => {
    const { code, results } = run('import-side-effects', solution('good'));
    expect(results).toMatchObject({ version: 3, status: 'pass' });
    expect(results?.tests.every((test) => test.status === 'pass')).toBe(true);
    expect(code).toBe(0);
  });

  it('a failing solution: status fail, exit 0, tests in the order their file defines them', () => {
    const { code, results } = run(
      '01-import-side-effects',
      solution('bad', (dir) => cpSync(join(EXERCISE, 'starter'), dir, { recursive: true })),
    );
    expect(results?.status).toBe('fail');
    expect(code).toBe(0);
    const hidden = readFileSync(join(EXERCISE, 'hidden/test_hidden.py'), 'utf8');
    const defined = [...hidden.matchAll(/def (test_\w+)/g)].map(([, name]) => name);
    const listed = (results?.tests ?? [])
      .filter((test) => test.test_code === '# hidden test')
      .map((test) => test.name.split(':')[0]?.split('.')[1]);
    expect(listed).toEqual(defined);
    expect(JSON.stringify(results)).not.toMatch(/\.strata\/|strata-run-|\/work\//);
  });

  it('a syntax error: status error with a message naming the file and line', () => {
    const { code, results } = run(
      'import-side-effects',
      solution('syntax', (dir) => writeFileSync(join(dir, 'reports/summary.py'), 'def total_by_region(rows:\n')),
    );
    expect(results?.status).toBe('error');
    expect(results?.message).toMatch(/^Your code does not compile: Syntax error in reports\/summary\.py, line 1/);
    expect(code).toBe(0);
  });

  it('a runaway solution ends within its time: the looping tests time out, or the cut-off says so', () => {
    const { code, results } = run('import-side-effects', solution('loop', runaway));
    expect(code).toBe(0);
    if (results?.status === 'error' && results.message?.includes('did not finish')) {
      expect(results.message).toContain('Exercism allows 20');
    } else {
      expect(results?.status).toBe('fail');
      expect(results?.tests.find((test) => test.name.includes('test_main'))?.message).toMatch(/^Timed out: /);
    }
  });

  it('cuts off a run that outlasts STRATA_EXERCISM_SECONDS with an error results.json, exit 0', () => {
    const { code, results } = run('import-side-effects', solution('cut', runaway), { STRATA_EXERCISM_SECONDS: '2' });
    expect(results).toMatchObject({ version: 3, status: 'error', tests: [] });
    expect(results?.message).toMatch(/^The tests did not finish within 2 seconds/);
    expect(code).toBe(0);
  });

  it('an unknown slug or a missing folder: an error results.json naming it, exit 0', () => {
    const unknown = run('no-such-exercise', solution('any'));
    expect(unknown.results?.message).toBe('This test runner has no exercise named "no-such-exercise".');
    expect(unknown.code).toBe(0);
    const missing = run('import-side-effects', join(work, 'nowhere'));
    expect(missing.results?.status).toBe('error');
    expect(missing.results?.message).toContain('does not exist');
    expect(missing.code).toBe(0);
  });
});
