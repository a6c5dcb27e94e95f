// The incremental analyser re-runs only the layer searches (one per layer module of each container,
// for layers and independence contracts) whose last run looked at the edited module, and reuses the
// others. Every report must still equal a fresh analysis of the same files.
import { describe, expect, it } from 'vitest';
import { analyse, createAnalyser, parseConfig } from '../../../src/contracts/index.ts';
import type { PackageViolation, SourceFiles } from '../../../src/contracts/index.ts';

const LAYERS = ['api', 'services', 'domain'];
const DOMAINS = ['sales', 'stock', 'billing'];
const FEATURES = ['f0', 'f1', 'f2'];

/** app.<domain>.<feature>.<layer>.m<n>, each importing the layer below and the shared lib. */
function project(): SourceFiles {
  const files: SourceFiles = {
    'app/__init__.py': '',
    'app/lib/__init__.py': '',
    'app/lib/util.py': 'import os\n',
    'app/lib/hub.py': 'from app.lib import util\n',
  };
  for (const domain of DOMAINS) {
    files[`app/${domain}/__init__.py`] = '';
    for (const feature of FEATURES) {
      files[`app/${domain}/${feature}/__init__.py`] = '';
      LAYERS.forEach((layer, index) => {
        files[`app/${domain}/${feature}/${layer}/__init__.py`] = '';
        for (const module of ['m0', 'm1']) {
          const below = LAYERS[index + 1];
          files[`app/${domain}/${feature}/${layer}/${module}.py`] =
            (below ? `from app.${domain}.${feature}.${below} import ${module}\n` : '') + 'import app.lib.hub\n';
        }
      });
    }
  }
  return files;
}

const config = parseConfig({
  path: '.importlinter',
  text: [
    '[importlinter]',
    'root_package = app',
    '[importlinter:contract:layers]',
    'name = Layers',
    'type = layers',
    'containers =',
    '    app.sales.*',
    '    app.stock.*',
    '    app.billing.*',
    'layers =',
    '    api',
    '    services',
    '    domain',
    'ignore_imports =',
    '    app.stock.f1.domain.m0 -> app.stock.f1.api.m0',
    'unmatched_ignore_imports_alerting = none',
    '[importlinter:contract:domains]',
    'name = Domains',
    'type = independence',
    'modules =',
    '    app.sales',
    '    app.stock',
    '    app.billing',
  ].join('\n'),
});

const pairs = (report: ReturnType<typeof analyse>, index: number) =>
  (report.contracts[index]!.violations as PackageViolation[]).map((v) => `${v.importer} -> ${v.imported}`);

describe('incremental layer searches', () => {
  it('gives the report of a fresh analysis after every edit, the reused searches included', () => {
    const files = project();
    const analyser = createAnalyser(files, config);
    expect(analyser.report()).toEqual(analyse(files, config));
    const edits: [string, string][] = [
      // An upward import in one container: only that container's domain search sees it.
      ['app/sales/f0/domain/m0.py', 'import app.sales.f0.api.m1\n'],
      // Through the shared lib: every search that reaches app.lib.hub now reaches the api layer of
      // sales.f2 and the stock domain (a chain for the other containers' and domains' searches).
      ['app/lib/hub.py', 'from app.lib import util\nimport app.sales.f2.api.m0\nimport app.stock.f0.domain.m1\n'],
      // An ignored import (the contract's ignore_imports) appears, then goes.
      ['app/stock/f1/domain/m0.py', 'import app.stock.f1.api.m0\n'],
      ['app/stock/f1/domain/m0.py', 'import app.lib.hub\n'],
      // Domains importing each other, directly and through a module that is no layer.
      ['app/billing/f2/services/m1.py', 'from app.sales.f1.domain import m0\n'],
      ['app/lib/util.py', 'import app.billing.f0.api.m0\n'],
      // Back as they were, one by one.
      ['app/lib/util.py', 'import os\n'],
      ['app/billing/f2/services/m1.py', 'from app.billing.f2.domain import m1\nimport app.lib.hub\n'],
      ['app/lib/hub.py', 'from app.lib import util\n'],
      ['app/sales/f0/domain/m0.py', 'import app.lib.hub\n'],
    ];
    const current: SourceFiles = { ...files };
    const seen = new Set<string>();
    for (const [path, text] of edits) {
      current[path] = text;
      const report = analyser.update(path, text);
      expect(report, `${path} <- ${text}`).toEqual(analyse(current, config));
      for (const pair of [...pairs(report, 0), ...pairs(report, 1)]) seen.add(pair);
    }
    // The edits did break both contracts on the way (the comparison is not between two empty reports).
    expect(seen).toContain('app.sales.f0.domain -> app.sales.f0.api');
    expect(seen).toContain('app.sales.f2.domain -> app.sales.f2.api');
    expect(seen).toContain('app.billing.f0.services -> app.billing.f0.api');
    expect(seen).not.toContain('app.stock.f1.domain -> app.stock.f1.api'); // ignored
    expect(seen).toContain('app.billing -> app.sales');
    expect(seen).toContain('app.sales -> app.billing');
    expect(analyser.report().contracts.map((contract) => contract.kept)).toEqual([true, true]);
  });
});
