import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'astro';
import { afterEach, describe, expect, it } from 'vitest';

// Builds a copy of the site with one broken lesson and checks the error names the file and field.
const ROOT = resolve('.');
let dir = '';

function copySite(): string {
  dir = mkdtempSync(join(tmpdir(), 'strata-site-'));
  for (const entry of ['src', 'content', 'exercises', 'public', 'astro.config.mjs', 'tsconfig.json', 'package.json']) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('site build', () => {
  it('fails on bad lesson front matter with a message naming the file and the field', async () => {
    const site = copySite();
    writeFileSync(
      join(site, 'content/lessons/broken.mdx'),
      '---\ntitle: Broken lesson\nsummary: A lesson whose front matter forgets its module number.\norder: 99\nminutes: 5\nobjectives: [Fail the build]\n---\n\nText.\n',
    );
    const failure = await build({ root: site, logLevel: 'silent' }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure).toBeInstanceOf(Error);
    const text = `${failure!.message}\n${(failure as { hint?: string }).hint ?? ''}`;
    expect(text).toContain('broken');
    expect(text).toMatch(/module/);
  }, 120_000);
});
