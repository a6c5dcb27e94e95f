// `strata exercises check` fails an exercise whose untouched starter scores above its ceiling,
// naming the exercise, its score and what the starter already gets credit for.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve('.');
const NODE = join(ROOT, 'node_modules/.bin/node');
const BIN = join(ROOT, 'bin/strata.mjs');
const EXERCISE = join(ROOT, 'exercises/01-import-side-effects');
const ID = '01-import-side-effects';

let work = '';

function course(ceiling: number | undefined): string {
  const root = mkdtempSync(join(work, 'course-'));
  const folder = join(root, 'exercises', ID);
  cpSync(EXERCISE, folder, { recursive: true });
  const meta = JSON.parse(readFileSync(join(folder, 'exercise.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(folder, 'exercise.json'), JSON.stringify({ ...meta, starterCeiling: ceiling }));
  return root;
}

function check(root: string) {
  const result = spawnSync(NODE, [BIN, 'exercises', 'check'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'strata-ceiling-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('exercises check: the starter ceiling', () => {
  it('fails a starter that scores above the ceiling set in exercise.json, naming its score and the credit it gets', () => {
    const { code, stdout } = check(course(20));
    expect(stdout).toMatch(
      /FAIL 01-import-side-effects[\s\S]*01-import-side-effects\/starter\/ scores [\d.]+% untouched, above the ceiling of 20% \(01-import-side-effects\/exercise\.json, starterCeiling\)/,
    );
    expect(stdout).toContain('contract "Entry point above logic above data"');
    expect(stdout).toContain('0/1 exercises pass the check');
    expect(code).toBe(1);
  });

  it('passes the same starter under the default ceiling of 40%', () => {
    const { code, stdout } = check(course(undefined));
    expect(stdout).toMatch(/^ok {3}01-import-side-effects {2}solution 100%, starter [\d.]+%/m);
    expect(code).toBe(0);
  });
});

describe('exercises check: the lesson it practises names it back', () => {
  // The site places an exercise by its lesson's order: a lesson that names another exercise (or
  // none) means the exercise and its card are in different places in the course.
  function withLesson(front: string): string {
    const root = course(undefined);
    mkdirSync(join(root, 'content', 'lessons'), { recursive: true });
    writeFileSync(join(root, 'content', 'lessons', 'what-import-does.mdx'), `---\n${front}---\n\nText.\n`);
    return root;
  }

  it('fails when the lesson names another exercise or none, naming the file and field', () => {
    const other = check(withLesson('title: What import does\nexercise: 02-public-api\n'));
    expect(other.stdout).toContain(
      '01-import-side-effects/exercise.json (lesson): content/lessons/what-import-does.mdx names exercise 02-public-api in its front matter (exercise:), not 01-import-side-effects',
    );
    expect(other.code).toBe(1);
    const none = check(withLesson('title: What import does\n'));
    expect(none.stdout).toContain('content/lessons/what-import-does.mdx names no exercise in its front matter');
  });

  it('passes when it names the exercise', () => {
    const { code, stdout } = check(withLesson('title: What import does\nexercise: 01-import-side-effects\n'));
    expect(stdout).toMatch(/^ok {3}01-import-side-effects /m);
    expect(code).toBe(0);
  });
});
