// The npm package as published: its name, bins, exports and files (npm pack's own file list).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

type BinOf = (manifest: { name: string; bin?: Record<string, string> }) => string;
/**
 * How `npx <package>` picks the command to run: npm's own libnpmexec/get-bin-from-manifest.js,
 * loaded from the npm on PATH. Its rule (npm 7 to 11): the only bin, or all bins one file, or the
 * bin named like the package; else "could not determine executable to run".
 */
function npmBinOf(): BinOf {
  const npmRoot = join(
    execFileSync('npm', ['root', '--global'], { encoding: 'utf8' }).trim(),
    'npm',
    'node_modules',
    'libnpmexec',
    'lib',
  );
  const npmCli = execFileSync('sh', ['-c', 'readlink -f "$(command -v npm)"'], { encoding: 'utf8' }).trim();
  for (const dir of [npmRoot, join(dirname(npmCli), '..', 'node_modules', 'libnpmexec', 'lib')]) {
    const file = join(dir, 'get-bin-from-manifest.js');
    if (existsSync(file)) return createRequire(import.meta.url)(file) as BinOf;
  }
  throw new Error(`npm's libnpmexec was not found under ${npmRoot} or beside ${npmCli}`);
}

describe('the npm package', () => {
  it('is publishable under its own name, with the strata and lint-imports commands', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.name).not.toBe('strata');
    expect(Object.keys(pkg.bin).sort()).toEqual(['lint-imports', 'strata', 'strata-course']);
    expect(pkg.bin['strata-course']).toBe(pkg.bin.strata);
    for (const bin of Object.values(pkg.bin)) {
      expect(existsSync(bin), bin).toBe(true);
      expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'), bin).toBe(true);
      expect(shipped(bin), bin).toBe(true);
    }
  });

  it("`npx strata-course` runs the strata command, by npm's own rule for choosing a bin", () => {
    const binOf = npmBinOf();
    expect(binOf(pkg)).toBe(pkg.name);
    expect(pkg.bin[binOf(pkg)]).toBe(pkg.bin.strata);
    // Without the bin named after the package, npx could not choose between strata and lint-imports.
    const { [pkg.name]: _named, ...others } = pkg.bin;
    expect(() => binOf({ name: pkg.name, bin: others })).toThrow(/could not determine executable/);
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
