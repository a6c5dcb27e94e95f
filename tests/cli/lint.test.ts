import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/strata.mjs');

/** The part of `strata lint --format json` these tests read. */
interface JsonReport {
  contracts: { name: string; violations: unknown[] }[];
}

function project(caseName: string, patch: Record<string, string> = {}): string {
  const data = JSON.parse(readFileSync(`tests/conformance/cases/${caseName}.json`, 'utf8')) as {
    files: Record<string, string>;
    config: { path: string; text: string };
  };
  const dir = mkdtempSync(join(tmpdir(), 'strata-lint-'));
  const files = { ...data.files, [data.config.path]: data.config.text, ...patch };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const lint = (args: string[], cwd = process.cwd()) =>
  spawnSync(process.execPath, [BIN, 'lint', ...args], { cwd, encoding: 'utf8' });
const lintImports = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [resolve('bin/lint-imports.mjs'), ...args], { cwd, encoding: 'utf8' });

describe('strata lint', () => {
  it('prints the lint-imports report with the chain and line numbers, exit 1 when broken', () => {
    const result = lint([project('layers-indirect-via-utility')]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Shop layers BROKEN');
    expect(result.stdout).toContain('shop.domain is not allowed to import shop.api:');
    expect(result.stdout).toContain('- shop.domain.order -> shop.utils.helpers (l.1)');
    expect(result.stdout).toContain('  shop.utils.helpers -> shop.api.routes (l.1)');
  });

  it('runs in the current directory by default and exits 0 when every contract is kept', () => {
    const result = lint([], project('layers-kept'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Contracts: 1 kept, 0 broken.');
  });

  it('--format json gives the conformance shape', () => {
    const result = lint([project('protected'), '--format', 'json']);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report).toMatchObject({ exit_code: 1, analyzed_files: 7, dependencies: 2 });
    expect(report.contracts[0]?.violations).toEqual([
      {
        importer: 'bank.reports.monthly',
        imported: 'bank.ledger.entries',
        line_numbers: [1],
        protected: 'bank.ledger',
      },
    ]);
  });

  it('--contract selects contracts by id; an unknown id exits 2', () => {
    const dir = project('toml-config');
    const only = lint([dir, '--contract', '2', '--format', 'json']);
    expect((JSON.parse(only.stdout) as JsonReport).contracts.map((c) => c.name)).toEqual(['Domain forbids services']);
    const unknown = lint([dir, '--contract', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('nope');
  });

  it('a syntax error names the file and line and exits 2', () => {
    const result = lint([project('syntax-error-reported')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/SourceSyntaxError: Syntax error in pkg\/low\/bad\.py, line 1/);
  });

  it('a missing layer and an unmatched ignore exit 2 naming them', () => {
    const missing = lint([project('layers-required-missing-error')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Missing layer 'svc.services'");
    const unmatched = lint([project('ignore-imports-unmatched-error')]);
    expect(unmatched.status).toBe(2);
    expect(unmatched.stderr).toContain('No matches for ignored import shop.domain.order -> shop.api.routes');
  });

  it('--config points at a configuration outside the project', () => {
    const dir = project('layers-kept');
    const config = join(mkdtempSync(join(tmpdir(), 'strata-config-')), 'contracts.ini');
    writeFileSync(config, readFileSync(join(dir, '.importlinter'), 'utf8').replace('Shop layers', 'Outside'));
    const result = lint([dir, '--config', config]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Outside KEPT');
  });

  it('without any configuration exits 2 and says where it looked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-empty-'));
    const result = lint([dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Could not read any configuration: no \[importlinter\] section in .*setup.cfg/);
  });

  it('--show-timings prints the graph time before the contracts and each contract time, as lint-imports', () => {
    const result = lint([project('layers-kept'), '--show-timings']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\nBuilding graph took \d+\.\d{3}s\.\n\n---------\nContracts\n---------\n/);
    expect(result.stdout).toMatch(/\nShop layers KEPT \[\d+\.\d{3}s\]\n/);
  });

  it('--verbose prints progress after the title, then the report', () => {
    const result = lint([project('layers-kept'), '--verbose', '--no-cache']);
    const lines = result.stdout.split('\n');
    expect(lines.slice(4, 7)).toEqual(['Verbose mode.', 'Building import graph (with caching disabled)...', lines[6]]);
    expect(lines[6]).toMatch(/^Built graph in \d+\.\d{3}s\.$/);
    expect(lines.slice(7, 9)).toEqual(['Checking Shop layers...', expect.stringMatching(/^Shop layers KEPT \[/)]);
    expect(result.stdout).toContain('Contracts: 1 kept, 0 broken.');
  });

  it('--cache-dir reuses the imports of unchanged files and rescans a changed one, with the same verdict', () => {
    const dir = project('layers-kept');
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    // Trust stats taken right after the tree was written (the graph cache's racy window, 2 s, is 0).
    const run = () =>
      spawnSync(process.execPath, [BIN, 'lint', dir, '--cache-dir', cacheDir, '--verbose'], {
        encoding: 'utf8',
        env: { ...process.env, STRATA_CACHE_RACY_MS: '0' },
      });
    const cold = run();
    expect(cold.stdout).toMatch(/Scan cache: 0 files unchanged, \d+ scanned, cache written\./);
    // The scan cache, the graph cache and the contract results (tests/cli/lint-graph-cache.test.ts).
    expect(readdirSync(cacheDir)).toHaveLength(3);
    const warm = run();
    expect(warm.stdout).toMatch(/Graph cache: \d+ files unchanged\./);
    const report = (stdout: string) => stdout.slice(stdout.indexOf('---------\nContracts'));
    expect(report(warm.stdout)).toBe(report(cold.stdout));

    // Touched, same contents: found by its hash, not scanned again.
    const domain = join(dir, 'shop', 'domain', 'order.py');
    const later = new Date(Date.now() + 5000);
    utimesSync(domain, later, later);
    expect(run().stdout).toMatch(/Graph cache: \d+ files unchanged \(1 touched, same contents\)\./);
    // A new file: the graph is built again, from the cached imports of the unchanged files.
    writeFileSync(join(dir, 'shop', 'domain', 'extra.py'), 'x = 1\n');
    expect(run().stdout).toMatch(/Scan cache: \d+ files unchanged, 1 scanned, cache written\./);

    // Changed contents: scanned, and the new import breaks the contract in the cached run too.
    writeFileSync(domain, 'import shop.api.routes\n');
    const changed = run();
    expect(changed.stdout).toMatch(/Scan cache: \d+ files unchanged, 1 scanned, cache written\./);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain('- shop.domain.order -> shop.api.routes (l.1)');
    expect(lint([dir, '--no-cache']).status).toBe(1);
  });

  it('a file that does not scan is not cached: the warm run reports the error again', () => {
    const dir = project('syntax-error-reported');
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    for (let run = 0; run < 2; run += 1) {
      const result = lint([dir, '--cache-dir', cacheDir]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/Syntax error in pkg\/low\/bad\.py, line 1/);
    }
  });

  it('a damaged cache file is ignored and replaced', () => {
    const dir = project('layers-kept');
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    lint([dir, '--cache-dir', cacheDir]);
    for (const file of readdirSync(cacheDir)) writeFileSync(join(cacheDir, file), 'STRATA-SCAN\nnot really');
    const result = lint([dir, '--cache-dir', cacheDir, '--verbose']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Scan cache: 0 files unchanged, \d+ scanned, cache written\./);
  });

  it('--debug adds the stack trace of an error; --version prints the version from package.json', () => {
    const debug = lint([project('layers-required-missing-error'), '--debug']);
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/ContractsError: Missing layer 'svc.services'[^]*\n {4}at /);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(lint(['--version']).stdout).toBe(`strata ${version}\n`);
  });
});

describe('lint-imports (the bin)', () => {
  it('runs in the current directory, caches in .import_linter_cache, and exits 1 when broken', () => {
    const dir = project('layers-indirect-via-utility');
    const result = lintImports([], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Shop layers BROKEN');
    expect(readdirSync(join(dir, '.import_linter_cache'))).toHaveLength(3);
  });

  it('--no-cache writes no cache; --contract selects', () => {
    const dir = project('toml-config');
    const result = lintImports(['--no-cache', '--contract', '2'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Domain forbids services BROKEN');
    expect(result.stdout).toContain('Contracts: 0 kept, 1 broken.');
    expect(existsSync(join(dir, '.import_linter_cache'))).toBe(false);
  });

  it('exits 1, as lint-imports does, when the configuration is missing or wrong, with the error on stdout', () => {
    const empty = mkdtempSync(join(tmpdir(), 'strata-empty-'));
    const none = lintImports(['--no-cache'], empty);
    expect(none.status).toBe(1);
    expect(none.stdout).toContain('Could not read any configuration');
    const missing = lintImports(['--config', 'nope.toml'], empty);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain('Could not find nope.toml.');
    const layer = lintImports(['--no-cache'], project('layers-required-missing-error'));
    expect(layer.status).toBe(1);
    expect(layer.stdout).toContain("Missing layer 'svc.services'");
  });

  it('takes no DIR, like lint-imports (a usage error exits 2)', () => {
    const result = lintImports(['somewhere'], mkdtempSync(join(tmpdir(), 'strata-empty-')));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unexpected argument 'somewhere'");
  });
});
