import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeReportSchema } from '../../src/schemas/index.ts';
import type { GradeReport } from '../../src/schemas/index.ts';
import { makeZip } from '../grader/zip-helper.ts';
import type { ZipEntry } from '../grader/zip-helper.ts';

const ROOT = resolve('.');
const NODE = join(ROOT, 'node_modules/.bin/node');
const BIN = join(ROOT, 'bin/strata.mjs');
const EXERCISE = join(ROOT, 'exercises/01-import-side-effects');

let work = '';

function strata(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(NODE, [BIN, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function treeZip(dir: string, prefix = ''): ZipEntry[] {
  const files = spawnSync('find', ['.', '-type', 'f'], { cwd: dir, encoding: 'utf8' }).stdout.trim().split('\n');
  return files.map((file) => ({
    name: prefix + file.slice(2),
    data: readFileSync(join(dir, file), 'utf8'),
    deflate: true,
  }));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'strata-cli-grade-'));
  cpSync(join(EXERCISE, 'solution'), join(work, 'solution'), { recursive: true });
  writeFileSync(join(work, 'starter.zip'), makeZip(treeZip(join(EXERCISE, 'starter'), 'my-work/')));
  writeFileSync(
    join(work, 'evil.zip'),
    makeZip([
      { name: 'reports/__init__.py', data: '' },
      { name: '../../escape.py', data: 'x' },
    ]),
  );
  writeFileSync(
    join(work, 'hostile.zip'),
    makeZip([
      ...treeZip(join(EXERCISE, 'solution'), 'my-work/'),
      { name: 'my-work/reports/./extra.py', data: 'x = 1\n' },
      { name: 'my-work/notes', data: 'a stray file named like the folder below' },
      { name: 'my-work/notes/todo.txt', data: 'finish' },
      { name: `my-work/${'a'.repeat(5000)}.py`, data: 'x = 1\n' },
      { name: 'my-work/reports/\u001b[31mred.py', data: 'x = 1\n' },
    ]),
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('strata grade', () => {
  it('grades the solution folder: 100%, exit 0, text report', () => {
    const { code, stdout } = strata(['grade', '01-import-side-effects', 'solution']);
    expect(stdout).toContain('Score: 100.0 / 100 (pass)');
    expect(stdout).toMatch(/Hidden tests: 6\/6/);
    expect(code).toBe(0);
  });

  it('grades a zipped starter (wrapped in a folder) as JSON valid against the schema, exit 1', () => {
    const { code, stdout } = strata(['grade', EXERCISE, 'starter.zip', '--format', 'json']);
    const report = gradeReportSchema.parse(JSON.parse(stdout));
    expect(report.status).toBe('fail');
    expect(report.score).toBeLessThan(100);
    expect(report.tests.find((t) => t.name === 'ImportTimeTest.test_import_has_no_side_effects')?.status).toBe('fail');
    expect(report.feedback.some((f) => f.href === '/lessons/what-import-does/#keep-import-time-boring')).toBe(true);
    expect(code).toBe(1);
  });

  it('writes Gradescope, Exercism and JUnit reports', () => {
    const gs = JSON.parse(strata(['grade', '01-import-side-effects', 'starter.zip', '--format=gradescope']).stdout) as {
      score: unknown;
      tests: { visibility: string }[];
    };
    expect(typeof gs.score).toBe('number');
    expect(gs.tests.some((t) => t.visibility === 'after_published')).toBe(true);
    const ex = JSON.parse(
      strata(['grade', '01-import-side-effects', 'starter.zip', '--format', 'exercism']).stdout,
    ) as {
      tests: { name: string; test_code?: string }[];
    };
    expect(ex).toMatchObject({ version: 3, status: 'fail' });
    expect(ex.tests.find((t) => t.name.endsWith('test_main_prints_one_line_per_region'))?.test_code).toContain(
      'app.main()',
    );
    strata(['grade', '01-import-side-effects', 'solution', '--format', 'junit', '--out', 'junit.xml']);
    const xml = readFileSync(join(work, 'junit.xml'), 'utf8');
    // Two contracts, the no-dynamic-imports structure rule and five tests.
    expect(xml).toMatch(/<testsuites name="strata 01-import-side-effects" tests="10" failures="0" errors="0"/);
  });

  it('grades a zip without the entry that climbs out of the folder, and names it', () => {
    const { code, stdout } = strata(['grade', '01-import-side-effects', 'evil.zip']);
    expect(stdout).toContain('submission: refused ../../escape.py: it climbs out of the folder with ".."');
    expect(code).toBe(1);
  });

  it('grades a zip with hostile paths as usual, naming each refused file and why', () => {
    const { code, stdout, stderr } = strata(['grade', '01-import-side-effects', 'hostile.zip', '--format', 'json']);
    expect(stderr).not.toMatch(/Error|ENAMETOOLONG|ENOTDIR/);
    const report = gradeReportSchema.parse(JSON.parse(stdout));
    expect(report.errors).toEqual([
      'submission: refused my-work/reports/./extra.py: it has "." as a folder name',
      expect.stringMatching(
        /^submission: refused my-work\/a+…a+\.py \(5011 characters\): it is 5011 bytes long; the limit is 1024$/,
      ),
      'submission: refused my-work/reports/\\u001b[31mred.py: it contains a control character (U+001B)',
      'submission: refused my-work/notes: it is also the name of a folder of files',
    ]);
    expect(report.score).toBe(100);
    expect(code).toBe(0);
    const text = strata(['grade', '01-import-side-effects', 'hostile.zip']);
    expect(text.stdout).toContain('refused my-work/notes: it is also the name of a folder of files');
    expect(text.stdout).not.toContain('\u001b');
    expect(text.code).toBe(0);
  });

  it('refuses hidden tests without a sandbox, and says how to proceed', () => {
    const none = { STRATA_BWRAP: '' };
    const refused = strata(['grade', '01-import-side-effects', 'solution'], none);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to run hidden tests without a sandbox/);
    expect(refused.stderr).toMatch(/--no-hidden/);
    expect(refused.stderr).toMatch(/--unsafe-no-sandbox/);
    const visible = strata(['grade', '01-import-side-effects', 'solution', '--no-hidden'], none);
    expect(visible.stdout).toContain('Score: 100.0 / 100 (pass, hidden tests skipped)');
    expect(visible.stdout).toContain(
      'Hidden tests: skipped (--no-hidden); the score above covers the contracts and visible tests only',
    );
    expect(visible.stderr).toMatch(/without a sandbox/);
    const unsafe = strata(
      ['grade', '01-import-side-effects', 'solution', '--unsafe-no-sandbox', '--format', 'json'],
      none,
    );
    expect((JSON.parse(unsafe.stdout) as GradeReport).runtime.sandboxed).toBe(false);
    expect(unsafe.code).toBe(0);
  });

  it('explains bad usage with exit 2', () => {
    expect(strata(['grade', '01-import-side-effects']).code).toBe(2);
    const bad = strata(['grade', '01-import-side-effects', 'solution', '--format', 'xml']);
    expect(bad.stderr).toContain('--format must be one of text, json, gradescope, exercism, junit');
    expect(strata(['grade', 'no-such-exercise', 'solution']).stderr).toMatch(/exercise "no-such-exercise" not found/);
    const typo = strata(['grade', '01-import-side-effects', 'solution', '--formt', 'json']);
    expect(typo.stderr).toMatch(/^strata grade: Unknown option '--formt'\nUsage: /);
    expect(typo.code).toBe(2);
    expect(strata(['grade', '01-import-side-effects', '--batch', 'b', '--jobs', '0']).stderr).toContain(
      '--jobs must be a positive whole number (got "0")',
    );
    expect(strata(['grade', '01-import-side-effects', 'solution', '--site-url', 'course']).stderr).toContain(
      '--site-url must be an http(s) address',
    );
  });

  it('--batch grades every submission, one row per learner, a broken one does not stop the rest', () => {
    const batch = join(work, 'batch');
    mkdirSync(batch);
    cpSync(join(EXERCISE, 'solution'), join(batch, 'ada'), { recursive: true });
    cpSync(join(work, 'starter.zip'), join(batch, 'bob.zip'));
    cpSync(join(work, 'evil.zip'), join(batch, 'eve.zip'));
    writeFileSync(join(batch, 'mallory.zip'), 'not a zip at all');
    mkdirSync(join(batch, 'carol'));
    writeFileSync(join(batch, 'carol', 'notes.txt'), 'I did not finish');
    const { code, stderr } = strata([
      'grade',
      '01-import-side-effects',
      '--batch',
      'batch',
      '--out',
      'gradebook.csv',
      '--jobs',
      '2',
    ]);
    // mallory.zip could not be graded: the gradebook has a hole, and the exit code says so.
    expect(code).toBe(2);
    expect(stderr).toMatch(/\[#+\] 5\/5/);
    expect(stderr).toMatch(/could not be graded, see the notes column/);
    const csv = readFileSync(join(work, 'gradebook.csv'), 'utf8');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe(
      'learner,score,status,contracts_kept,contracts_total,visible_passed,visible_total,hidden_passed,hidden_total,duration_ms,notes',
    );
    expect(rows.map((row) => row.split(',').slice(0, 3).join(','))).toEqual([
      'learner,score,status',
      'ada,100,pass',
      expect.stringMatching(/^bob,\d+(\.\d+)?,fail$/),
      expect.stringMatching(/^carol,\d+(\.\d+)?,(fail|error)$/),
      expect.stringMatching(/^eve,\d+(\.\d+)?,fail$/),
      'mallory,0,error',
    ]);
    expect(rows[4]).toContain('refused ../../escape.py: it climbs out of the folder');
    expect(rows[5]).toContain('not a zip archive');
  });

  it('--batch --excel: a byte order mark first; every submission graded exits 0', () => {
    const batch = join(work, 'batch-excel');
    mkdirSync(batch);
    cpSync(join(EXERCISE, 'solution'), join(batch, '=cmd|calc'), { recursive: true });
    const { code } = strata([
      'grade',
      '01-import-side-effects',
      '--batch',
      'batch-excel',
      '--out',
      'excel.csv',
      '--excel',
    ]);
    const csv = readFileSync(join(work, 'excel.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFlearner,score,')).toBe(true);
    expect(csv.split('\r\n')[1]).toMatch(/^'=cmd\|calc,100,pass,/);
    expect(code).toBe(0);
  });
});

describe('strata exercises', () => {
  it('lists the exercises', () => {
    const { code, stdout } = strata(['exercises', 'list']);
    expect(stdout).toMatch(
      /^01-import-side-effects\s+what-import-does\s+intro\s+15 min\s+Imports without side effects$/m,
    );
    expect(code).toBe(0);
  });

  it('checks an exercise: solution 100%, starter fails, runs identical', () => {
    const { code, stdout } = strata(['exercises', 'check', '01-import-side-effects']);
    expect(stdout).toMatch(/^ok {3}01-import-side-effects {2}solution 100%, starter [\d.]+%/m);
    expect(code).toBe(0);
  });

  it('names the folder, file and field of a malformed exercise, and a solution that does not pass', () => {
    const root = join(work, 'course');
    cpSync(EXERCISE, join(root, 'exercises', '01-import-side-effects'), { recursive: true });
    cpSync(EXERCISE, join(root, 'exercises', '02-broken'), { recursive: true });
    const meta = JSON.parse(readFileSync(join(EXERCISE, 'exercise.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(
      join(root, 'exercises', '02-broken', 'exercise.json'),
      JSON.stringify({ ...meta, id: '02-broken', minutes: 0 }),
    );
    cpSync(join(EXERCISE, 'starter'), join(root, 'exercises', '01-import-side-effects', 'solution'), {
      recursive: true,
    });
    const result = spawnSync(NODE, [BIN, 'exercises', 'check'], { cwd: root, encoding: 'utf8' });
    expect(result.stdout).toContain('02-broken/exercise.json (minutes): minutes:');
    expect(result.stdout).toMatch(
      /FAIL 01-import-side-effects[\s\S]*01-import-side-effects\/solution\/ scores [\d.]+%, not 100%/,
    );
    expect(result.stdout).toContain('0/2 exercises pass the check');
    expect(result.status).toBe(1);
  });
});
