// The graph cache of `strata lint --cache-dir` (src/cli/graph-cache.ts): a run on an unchanged tree
// uses the cached graph and contract results; any change to a Python file, to the tree's shape or
// to the configuration gives the result a run without a cache gives; a damaged or foreign cache
// file is ignored and replaced. Every verdict is compared with a `--no-cache` run of the same tree.
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/strata.mjs');

const CONFIG = `[importlinter]
root_package = shop

[importlinter:contract:layers]
name = Shop layers
type = layers
layers =
    shop.api
    shop.services
    shop.domain
`;

const FILES: Record<string, string> = {
  '.importlinter': CONFIG,
  'shop/__init__.py': '',
  'shop/api/__init__.py': '',
  'shop/api/routes.py': 'from shop.services import orders\n',
  'shop/services/__init__.py': '',
  'shop/services/orders.py': 'from shop.domain import order\n',
  'shop/domain/__init__.py': '',
  'shop/domain/order.py': 'value = 1  # a domain module\n',
};

function project(files: Record<string, string> = FILES): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-graph-cache-'));
  for (const [path, text] of Object.entries(files)) write(dir, path, text);
  return dir;
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** Extra environment of the runs (one test has the stats taken by two threads). */
let runEnv: Record<string, string> = {};

// The racy window is 0 here: the trees are written just before the runs (see RACY_MS).
const run = (dir: string, args: string[], racyMs = '0') =>
  spawnSync(process.execPath, [BIN, 'lint', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, STRATA_CACHE_RACY_MS: racyMs, ...runEnv },
  });

/** A cached run (verbose: what the caches did) and the same tree without a cache: same report, same exit. */
function cachedRun(dir: string, cacheDir: string, extra: string[] = []) {
  const cached = run(dir, ['--cache-dir', cacheDir, '--verbose', ...extra]);
  const fresh = run(dir, ['--no-cache', ...extra]);
  const report = (stdout: string) => stdout.slice(stdout.indexOf('---------\nContracts'));
  expect(cached.stderr).toBe(fresh.stderr);
  expect(report(cached.stdout)).toBe(report(fresh.stdout));
  expect(cached.status).toBe(fresh.status);
  return cached;
}

const UNCHANGED = /Graph cache: \d+ files unchanged\.\nContract results: from the cache/;

describe('strata lint --cache-dir: the graph cache', () => {
  it('a second run on an unchanged tree uses the cached graph and results, with the same report (text and JSON)', () => {
    const dir = project();
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    const cold = cachedRun(dir, cacheDir);
    expect(cold.stdout).toContain('Graph cache: not used, no graph cache yet.');
    expect(cold.stdout).toContain('Graph cache written.');
    expect(readdirSync(cacheDir).sort()).toEqual([
      expect.stringMatching(/^strata-graph-\w+\.bin$/),
      expect.stringMatching(/^strata-report-\w+\.json$/),
      expect.stringMatching(/^strata-scan-\w+\.bin$/),
    ]);
    const warm = cachedRun(dir, cacheDir);
    expect(warm.stdout).toMatch(/Graph cache: 7 files unchanged\.\nContract results: from the cache/);
    expect(warm.status).toBe(0);
    const json = run(dir, ['--cache-dir', cacheDir, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(run(dir, ['--no-cache', '--format', 'json']).stdout));

    // --show-timings checks again (from the cached graph) to time the checks.
    const timed = run(dir, ['--cache-dir', cacheDir, '--verbose', '--show-timings']);
    expect(timed.stdout).toContain('Graph loaded from the cache.');
    expect(timed.stdout).toMatch(/\nShop layers KEPT \[\d+\.\d{3}s\]\n/);
  });

  it('a changed file gives a fresh result, even with its size and mtime as before', () => {
    const dir = project();
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    cachedRun(dir, cacheDir);
    const path = join(dir, 'shop', 'domain', 'order.py');
    const before = statSync(path);
    // Same size, mtime put back (as `cp -p` or a tool restoring times would): the ctime still moves.
    writeFileSync(path, `${'import shop.api  #'.padEnd(before.size - 1, '#')}\n`);
    expect(statSync(path).size).toBe(before.size);
    utimesSync(path, before.atime, before.mtime);
    const changed = cachedRun(dir, cacheDir);
    expect(changed.stdout).toContain('Graph cache: not used, shop/domain/order.py changed.');
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain('- shop.domain.order -> shop.api (l.1)');
    expect(cachedRun(dir, cacheDir).stdout).toMatch(UNCHANGED);
  });

  it('with the stats taken by two threads (stat-paths.ts), a changed, an added and a removed file are seen', () => {
    runEnv = { STRATA_CACHE_PARALLEL_FROM: '0' };
    try {
      const dir = project();
      const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
      cachedRun(dir, cacheDir);
      expect(cachedRun(dir, cacheDir).stdout).toMatch(UNCHANGED);
      const path = join(dir, 'shop', 'domain', 'order.py');
      const before = statSync(path);
      writeFileSync(path, `${'import shop.api  #'.padEnd(before.size - 1, '#')}\n`);
      utimesSync(path, before.atime, before.mtime);
      const changed = cachedRun(dir, cacheDir);
      expect(changed.stdout).toContain('Graph cache: not used, shop/domain/order.py changed.');
      expect(changed.stdout).toContain('- shop.domain.order -> shop.api (l.1)');
      write(dir, 'shop/domain/extra.py', 'from shop.services import orders\n');
      expect(cachedRun(dir, cacheDir).stdout).toContain('Graph cache: not used, a directory changed (shop/domain).');
      rmSync(join(dir, 'shop/services/orders.py'));
      expect(cachedRun(dir, cacheDir).stdout).toContain('Graph cache: not used, a directory changed (shop/services).');
      expect(cachedRun(dir, cacheDir).stdout).toMatch(UNCHANGED);
    } finally {
      runEnv = {};
    }
  });

  it('an added, a removed and a renamed file each give a fresh result', () => {
    const dir = project();
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    cachedRun(dir, cacheDir);

    write(dir, 'shop/domain/extra.py', 'from shop.services import orders\n');
    const added = cachedRun(dir, cacheDir);
    expect(added.stdout).toContain('Graph cache: not used, a directory changed (shop/domain).');
    expect(added.stdout).toContain('- shop.domain.extra -> shop.services.orders (l.1)');
    expect(cachedRun(dir, cacheDir).stdout).toMatch(UNCHANGED);

    renameSync(join(dir, 'shop/domain/extra.py'), join(dir, 'shop/domain/renamed.py'));
    const renamed = cachedRun(dir, cacheDir);
    expect(renamed.stdout).toContain('a directory changed (shop/domain)');
    expect(renamed.stdout).toContain('- shop.domain.renamed -> shop.services.orders (l.1)');
    expect(renamed.stdout).not.toContain('shop.domain.extra');

    // Moved to another package: both directories change.
    renameSync(join(dir, 'shop/domain/renamed.py'), join(dir, 'shop/api/moved.py'));
    const moved = cachedRun(dir, cacheDir);
    expect(moved.status).toBe(0);

    rmSync(join(dir, 'shop/api/moved.py'));
    rmSync(join(dir, 'shop/services/orders.py'));
    const removed = cachedRun(dir, cacheDir);
    expect(removed.stdout).toContain('Graph cache: not used, a directory changed');
    expect(removed.stdout).toMatch(/Analyzed 6 files, 1 dependencies\./);
  });

  it('a new package in a directory the walker skipped (build/ gaining an __init__.py) gives a fresh result', () => {
    const dir = project({ ...FILES, 'shop/build/helper.py': 'import shop.api.routes\n' });
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    expect(cachedRun(dir, cacheDir).stdout).not.toContain('shop.build');
    write(dir, 'shop/build/__init__.py', '');
    const result = cachedRun(dir, cacheDir);
    expect(result.stdout).toContain('a directory changed (shop/build)');
    expect(result.stdout).toMatch(/Analyzed 9 files/);
  });

  it('a touched file (same contents) is rehashed, not rebuilt; a directory changed too recently is not trusted', () => {
    const dir = project();
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    cachedRun(dir, cacheDir);
    const path = join(dir, 'shop', 'api', 'routes.py');
    const past = new Date(Date.now() - 60_000);
    utimesSync(path, past, past);
    expect(cachedRun(dir, cacheDir).stdout).toMatch(
      /Graph cache: 7 files unchanged \(1 touched, same contents\), cache written\.\nContract results: from the cache/,
    );
    expect(cachedRun(dir, cacheDir).stdout).toMatch(UNCHANGED);

    // A directory whose mtime is after the snapshot (racy) is recorded as unknown: listed again next run.
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'shop', 'domain'), future, future);
    cachedRun(dir, cacheDir);
    const again = run(dir, ['--cache-dir', cacheDir, '--verbose']);
    expect(again.stdout).toContain('Graph cache: not used, a directory changed (shop/domain).');
  });

  it('a changed configuration: new contracts are checked on the cached graph; a new root package rebuilds it', () => {
    const dir = project({ ...FILES, 'other/__init__.py': '', 'other/tool.py': 'import other\n' });
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    cachedRun(dir, cacheDir);
    write(
      dir,
      '.importlinter',
      `${CONFIG}\n[importlinter:contract:forbid]\nname = Domain forbids api\ntype = forbidden\nsource_modules =\n    shop.domain\nforbidden_modules =\n    shop.api\n`,
    );
    const contracts = cachedRun(dir, cacheDir);
    expect(contracts.stdout).toMatch(/Graph cache: 9 files unchanged\.\nGraph loaded from the cache\./);
    expect(contracts.stdout).toContain('Domain forbids api KEPT');
    // Selecting a contract is another result too.
    const selected = cachedRun(dir, cacheDir, ['--contract', 'forbid']);
    expect(selected.stdout).toContain('Contracts: 1 kept, 0 broken.');
    expect(cachedRun(dir, cacheDir, ['--contract', 'forbid']).stdout).toMatch(UNCHANGED);

    write(dir, '.importlinter', CONFIG.replace('root_package = shop', 'root_packages =\n    shop\n    other'));
    const roots = cachedRun(dir, cacheDir);
    expect(roots.stdout).toContain('Graph cache: not used, the configuration changed.');
    expect(roots.stdout).toMatch(/Analyzed 9 files/);
  });

  it('a damaged, truncated or foreign graph cache file, or a damaged results file, is ignored and replaced', () => {
    const dir = project();
    const cacheDir = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    cachedRun(dir, cacheDir);
    const files = readdirSync(cacheDir);
    const graphFile = join(
      cacheDir,
      files.find((file) => file.startsWith('strata-graph-'))!,
    );
    const reportFile = join(
      cacheDir,
      files.find((file) => file.startsWith('strata-report-'))!,
    );
    const scanFile = join(
      cacheDir,
      files.find((file) => file.startsWith('strata-scan-'))!,
    );
    const good = readFileSync(graphFile);

    const damaged = Buffer.from(good);
    damaged[damaged.length - 3] = damaged[damaged.length - 3]! ^ 0xff; // in the graph part: the tree part still checks out
    writeFileSync(graphFile, damaged);
    writeFileSync(reportFile, '{"format": 1, "report": ');
    const graphDamaged = cachedRun(dir, cacheDir);
    expect(graphDamaged.stdout).toContain('Graph cache: not used, the graph cache could not be read.');
    expect(cachedRun(dir, cacheDir).stdout).toMatch(UNCHANGED);

    for (const bytes of [
      good.subarray(0, good.length >> 1),
      Buffer.from('STRATA-GRAPH\nnot really'),
      readFileSync(scanFile),
    ]) {
      writeFileSync(graphFile, bytes);
      expect(cachedRun(dir, cacheDir).stdout).toContain('Graph cache: not used, the graph cache is damaged.');
      expect(cachedRun(dir, cacheDir).stdout).toMatch(UNCHANGED);
    }
  });

  it('--no-cache writes nothing, and a cached run of a project with a syntax error caches no graph', () => {
    const dir = project();
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'strata-cache-')), 'cache');
    expect(run(dir, ['--no-cache', '--cache-dir', cacheDir]).status).toBe(0);
    expect(() => readdirSync(cacheDir)).toThrow();

    write(dir, 'shop/api/bad.py', 'def broken(:\n');
    for (let index = 0; index < 2; index += 1) {
      const result = run(dir, ['--cache-dir', cacheDir]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/Syntax error in shop\/api\/bad\.py, line 1/);
    }
    expect(readdirSync(cacheDir).some((file) => file.startsWith('strata-graph-'))).toBe(false);
  });
});
