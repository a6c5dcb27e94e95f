// Runs every complete Python example of every lesson with the real python3 (see content/AUTHORING.md).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

interface Fence {
  lang: string;
  meta: string;
  body: string;
  line: number;
}

function fences(source: string): Fence[] {
  const found: Fence[] = [];
  const lines = source.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^```(\w+)\s*(.*)$/.exec(lines[index]!);
    if (!open) continue;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !lines[end]!.startsWith('```')) body.push(lines[end++]!);
    found.push({ lang: open[1]!, meta: open[2]!, body: `${body.join('\n')}\n`, line: index + 1 });
    index = end;
  }
  return found;
}

const title = (meta: string) => /title="([^"]+)"/.exec(meta)?.[1];
const has = (meta: string, word: string) => new RegExp(`(^|\\s)${word}(\\s|$)`).test(meta);

const LESSONS = 'content/lessons';
const lessons = readdirSync(LESSONS).filter((file) => file.endsWith('.mdx'));

describe('lesson examples run as the lessons say', () => {
  for (const lesson of lessons) {
    const all = fences(readFileSync(join(LESSONS, lesson), 'utf8'));
    const runs = all.filter((fence) => fence.lang === 'python' && has(fence.meta, 'run'));

    it(`${lesson} has runnable examples`, () => {
      expect(runs.length).toBeGreaterThan(0);
    });

    for (const example of runs) {
      it(`${lesson}:${example.line} ${title(example.meta) ?? ''}`, () => {
        const dir = mkdtempSync(join(tmpdir(), 'strata-lesson-'));
        onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
        for (const file of all.filter((fence) => fence.lang === 'python' && has(fence.meta, 'file'))) {
          const path = join(dir, title(file.meta) ?? 'unnamed.py');
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, file.body);
        }
        const script = join(dir, title(example.meta) ?? 'example.py');
        mkdirSync(dirname(script), { recursive: true });
        writeFileSync(script, example.body);
        const result = spawnSync('python3', [script], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
        expect(result.stderr, `${lesson}:${example.line} stderr`).toBe('');
        expect(result.status, `${lesson}:${example.line} exit code`).toBe(0);
        const next = all[all.indexOf(example) + 1];
        if (next && next.lang === 'text' && has(next.meta, 'output')) {
          const trim = (text: string) => text.replace(/[ \t]+$/gm, '').trimEnd();
          expect(trim(result.stdout)).toBe(trim(next.body));
        }
      });
    }
  }
});
