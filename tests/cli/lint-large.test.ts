import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateProject } from '../../scripts/lib/generate-python-project.mjs';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'strata-lint-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lint = (...args: string[]) =>
  spawnSync(join(root, 'node_modules', '.bin', 'node'), [join(root, 'bin', 'strata.mjs'), 'lint', dir, ...args], {
    encoding: 'utf8',
  });

describe('strata lint on a project large enough to scan in worker threads', () => {
  it('gives the same verdict as the engine: modules, dependencies, a broken layers contract', () => {
    const made = generateProject(dir, 2500, 7) as { modules: number };
    const result = lint('--format', 'json');
    expect(result.status, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as {
      analyzed_files: number;
      dependencies: number;
      contracts: { kept: boolean }[];
    };
    expect(report.analyzed_files).toBeGreaterThanOrEqual(made.modules);
    expect(report.dependencies).toBeGreaterThan(made.modules);
    expect(report.contracts.map((contract) => contract.kept)).toEqual([false, true, true]);
  });

  it('with --cache-dir (the listed tree scanned in worker threads, then the cached graph): the same report', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-lint-large-cache-'));
    try {
      const fresh = lint('--no-cache', '--format', 'json');
      for (let run = 0; run < 2; run += 1) {
        const cached = lint('--cache-dir', cacheDir, '--format', 'json');
        expect(cached.status, cached.stderr).toBe(fresh.status);
        expect(JSON.parse(cached.stdout)).toEqual(JSON.parse(fresh.stdout));
      }
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('a syntax error found by a worker still names the file and line, exit 2', () => {
    writeFileSync(join(dir, 'bigco', 'platform', 'lib3', 'util4.py'), 'import os\n\ndef broken(:\n    pass\n');
    const result = lint();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('bigco/platform/lib3/util4.py, line 3');
  });
});
