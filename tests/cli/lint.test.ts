import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(result.stderr).toMatch(/No import-linter configuration/);
  });
});
