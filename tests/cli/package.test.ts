// The npm package as published: its name, bins, exports and files (npm pack's own file list).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  files: string[];
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
const shipped = (path: string) => pkg.files.some((entry) => path.replace(/^\.\//, '').startsWith(entry));

describe('the npm package', () => {
  it('is publishable under its own name, with the strata and lint-imports commands', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.name).not.toBe('strata');
    expect(Object.keys(pkg.bin).sort()).toEqual(['lint-imports', 'strata']);
    for (const bin of Object.values(pkg.bin)) {
      expect(existsSync(bin), bin).toBe(true);
      expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'), bin).toBe(true);
      expect(shipped(bin), bin).toBe(true);
    }
  });

  it('exports built ES modules (no type stripping under node_modules), with the sources as types', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      expect(target.default, subpath).toMatch(/^\.\/build\/lib\/\w+\.mjs$/);
      expect(shipped(target.default) && shipped(target.types), subpath).toBe(true);
      expect(existsSync(target.types), target.types).toBe(true);
    }
  });

  it("npm pack's file list has the prebuilt CLI's entry, the exercises and the pre-commit hooks", () => {
    const [report] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
    ) as [{ name: string; files: { path: string }[] }];
    const paths = new Set(report.files.map((file) => file.path));
    expect(report.name).toBe(pkg.name);
    for (const path of ['bin/strata.mjs', 'bin/lint-imports.mjs', '.pre-commit-hooks.yaml', 'src/cli/index.ts']) {
      expect(paths.has(path), path).toBe(true);
    }
    expect([...paths].some((path) => path.startsWith('exercises/01-import-side-effects/'))).toBe(true);
    // build/ is made by the build (the test gate runs build-cli first); when present, it ships.
    if (existsSync('build/cli/index.mjs')) expect(paths.has('build/cli/index.mjs')).toBe(true);
    expect([...paths].some((path) => path.startsWith('tests/') || path.startsWith('node_modules/'))).toBe(false);
  });
});
