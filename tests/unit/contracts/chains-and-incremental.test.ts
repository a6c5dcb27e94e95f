import { describe, expect, it } from 'vitest';
import { analyse, ContractsError, createAnalyser, parseConfig } from '../../../src/contracts/index.ts';
import type { LinterConfig, PackageViolation, SourceFiles } from '../../../src/contracts/index.ts';

const ini = (text: string): LinterConfig => parseConfig({ path: '.importlinter', text });
const packages = (...names: string[]) =>
  Object.fromEntries(names.map((name) => [`${name.replace(/\./g, '/')}/__init__.py`, '']));
const chains = (violation: PackageViolation) =>
  violation.routes.map((route) =>
    route.chain
      .map((link) => link.importer)
      .concat(route.chain.at(-1)!.imported)
      .join(' > '),
  );

describe('forbidden: edge-disjoint shortest chains, as grimp >= 3.10', () => {
  it('reports one chain through a shared import, and none through other members', () => {
    const files: SourceFiles = {
      ...packages('app', 'app.src', 'app.mid', 'app.bad'),
      'app/src/one.py': 'import app.mid.hub\n',
      'app/src/two.py': 'import app.mid.hub\nimport app.src.one\n',
      'app/mid/hub.py': 'import app.bad.target\n',
      'app/bad/target.py': 'x = 1\n',
    };
    const config = ini(
      '[importlinter]\nroot_package = app\n[importlinter:contract:f]\nname = F\ntype = forbidden\nsource_modules = app.src\nforbidden_modules = app.bad\n',
    );
    const [violation] = analyse(files, config).contracts[0]!.violations as PackageViolation[];
    // Both sources reach hub -> target; once one chain uses that import, the other cannot.
    expect(chains(violation!)).toHaveLength(1);
    expect(['app.src.one > app.mid.hub > app.bad.target', 'app.src.two > app.mid.hub > app.bad.target']).toContain(
      chains(violation!)[0],
    );
  });

  it('keeps searching after a direct import and reports the indirect chain too', () => {
    const files: SourceFiles = {
      ...packages('app', 'app.domain', 'app.infra'),
      'app/domain/model.py': 'import sqlite3\nfrom app.infra import db\n',
      'app/infra/db.py': 'import sqlite3\n',
    };
    const config = ini(
      '[importlinter]\nroot_package = app\ninclude_external_packages = True\n[importlinter:contract:f]\nname = F\ntype = forbidden\nsource_modules = app.domain\nforbidden_modules = sqlite3\n',
    );
    const [violation] = analyse(files, config).contracts[0]!.violations as PackageViolation[];
    expect(chains(violation!).sort()).toEqual([
      'app.domain.model > app.infra.db > sqlite3',
      'app.domain.model > sqlite3',
    ]);
  });
});

describe('layers: routes with extra heads and tails, edge-disjoint chains', () => {
  it('collapses several importers and imported modules of one middle into one route', () => {
    const files: SourceFiles = {
      ...packages('p', 'p.high', 'p.low', 'p.util'),
      'p/low/a.py': 'import p.util.bridge\n',
      'p/low/b.py': '\n\nimport p.util.bridge\n',
      'p/util/bridge.py': 'import p.high.x\nimport p.high.y\n',
      'p/high/x.py': '',
      'p/high/y.py': '',
    };
    const config = ini(
      '[importlinter]\nroot_package = p\n[importlinter:contract:l]\nname = L\ntype = layers\nlayers =\n    p.high\n    p.low\n',
    );
    const report = analyse(files, config);
    const [violation] = report.contracts[0]!.violations as PackageViolation[];
    expect(violation!.routes).toHaveLength(1);
    const [route] = violation!.routes;
    expect(route!.chain.map((link) => [link.importer, link.imported, link.line_numbers])).toEqual([
      ['p.low.a', 'p.util.bridge', [1]],
      ['p.util.bridge', 'p.high.x', [1]],
    ]);
    expect(route!.extra_firsts).toEqual([{ importer: 'p.low.b', imported: 'p.util.bridge', line_numbers: [3] }]);
    expect(route!.extra_lasts).toEqual([{ importer: 'p.util.bridge', imported: 'p.high.y', line_numbers: [2] }]);
  });
});

describe('configuration errors name the contract and the field', () => {
  const base = '[importlinter]\nroot_package = p\n[importlinter:contract:c]\nname = C\n';
  it.each([
    ['type = layers\nlayers =\n    p.a | p.b : p.c\n', 'layers'],
    ['type = layers\nlayers =\n    a\n    b\nexhaustive = true\n', 'exhaustive'],
    ['type = forbidden\nsource_modules = p.a\nforbidden_modules = django\n', 'forbidden_modules'],
    ['type = layers\nlayers = p.a\nunmatched_ignore_imports_alerting = loud\n', 'unmatched_ignore_imports_alerting'],
    ['type = layers\nlayers = p.a\nignore_imports = p.a p.b\n', 'ignore_imports'],
    ['type = nonsense\n', 'type'],
    ['type = forbidden\nsource_modules = p.a\n', 'forbidden_modules'],
  ])('%j', (contract, field) => {
    let caught: unknown;
    try {
      ini(base + contract);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractsError);
    expect((caught as ContractsError).contract).toBe('C');
    expect((caught as ContractsError).field).toBe(field);
    expect(String(caught)).toContain(field);
  });
});

describe('createAnalyser', () => {
  const files: SourceFiles = {
    ...packages('shop', 'shop.api', 'shop.services', 'shop.domain'),
    'shop/api/views.py': 'from shop.services import orders\n',
    'shop/services/orders.py': 'from shop.domain import model\n',
    'shop/domain/model.py': 'x = 1\n',
  };
  const config = ini(
    '[importlinter]\nroot_package = shop\n[importlinter:contract:l]\nname = L\ntype = layers\nlayers =\n    shop.api\n    shop.services\n    shop.domain\n[importlinter:contract:p]\nname = P\ntype = protected\nprotected_modules = shop.domain\nallowed_importers = shop.services\n',
  );
  const edits: [string, string | null][] = [
    ['shop/domain/model.py', 'from shop.api import views\n'],
    ['shop/domain/model.py', 'import os\nfrom shop import services\n'],
    ['shop/api/views.py', 'from shop.domain import model\n'],
    ['shop/domain/extra.py', 'import shop.services.orders\n'],
    ['shop/domain/extra.py', null],
    ['shop/domain/model.py', 'x = 1\n'],
    ['shop/api/views.py', 'from shop.services import orders\n'],
  ];

  it('gives the same report as a fresh analysis after every edit', () => {
    const analyser = createAnalyser(files, config);
    expect(analyser.report()).toEqual(analyse(files, config));
    const current: SourceFiles = { ...files };
    for (const [path, text] of edits) {
      if (text === null) delete current[path];
      else current[path] = text;
      expect(analyser.update(path, text), `${path} <- ${text}`).toEqual(analyse(current, config));
    }
  });

  it('raises a syntax error for the edited file, and recovers when it is fixed', () => {
    const analyser = createAnalyser(files, config);
    expect(() => analyser.update('shop/api/views.py', 'def broken(:\n')).toThrow(/shop\/api\/views.py, line 1/);
    expect(() => analyser.report()).toThrow(ContractsError);
    expect(analyser.update('shop/api/views.py', 'from shop.services import orders\n')).toEqual(analyse(files, config));
  });
});
