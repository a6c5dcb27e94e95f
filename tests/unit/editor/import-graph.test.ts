import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { createAnalyser, parseConfig } from '../../../src/contracts/index.ts';
import { toContractResults } from '../../../src/grading/index.ts';
import { brokenImports } from '../../../src/islands/editor/analysis/broken-imports.ts';
import { buildGraphData } from '../../../src/islands/editor/analysis/import-graph-data.ts';
import {
  MONO_CHAR_WIDTH,
  NETWORK_SIMPLEX_MAX_NODES,
  displayName,
  roundedPath,
  shortNames,
  toElkGraph,
  toGraphModel,
} from '../../../src/islands/editor/graph/import-graph-layout.ts';
import type { GraphModel, GraphNodeModel } from '../../../src/islands/editor/graph/import-graph-layout.ts';
import type { Diagnostic, ImportGraphData } from '../../../src/islands/editor/types.ts';
import { fiftyModuleProject } from '../../e2e/support/fifty-module-project.ts';

const elk = new ELK();

const LAYERS = (importer: string, imported: string) => ({ contract: 'Layers', summary: `${importer} -> ${imported}` });

function graphOf(files: Record<string, string>, importlinter: string): ImportGraphData {
  const config = parseConfig({ path: '.importlinter', text: importlinter });
  const analyser = createAnalyser(files, config);
  return buildGraphData(analyser.graph(), config);
}

const bandOf = (data: ImportGraphData, name: string) => data.bands[data.modules.find((m) => m.name === name)!.band]!;

const diagnostic = (importer: string, imported: string, line = 1): Diagnostic => ({
  contract: 'Layers',
  summary: `${importer} -> ${imported}`,
  file: `${importer.replace(/\./g, '/')}.py`,
  line,
  importer,
  imported,
});

async function layOut(data: ImportGraphData, diagnostics: Diagnostic[] = [], placement?: string): Promise<GraphModel> {
  const input = toElkGraph(data);
  if (placement) input.layoutOptions = { ...input.layoutOptions, 'elk.layered.nodePlacement.strategy': placement };
  return toGraphModel(data, await elk.layout(input), diagnostics);
}

describe('buildGraphData: modules in the bands of their layers', () => {
  const config = `[importlinter]
root_package = shop
include_external_packages = True

[importlinter:contract:layers]
name = Layers
type = layers
layers =
    shop.api
    shop.services | shop.jobs
    (shop.legacy)
    shop.domain
`;
  const files = {
    'shop/__init__.py': '',
    'shop/api/__init__.py': 'import json\n',
    'shop/api/routes.py': 'from shop.services import orders\nimport shop.api.routes\n',
    'shop/services/__init__.py': '',
    'shop/services/orders.py': 'from shop.domain import model\n',
    'shop/jobs.py': 'from shop.api import routes\n',
    'shop/domain/__init__.py': '',
    'shop/domain/model.py': '',
    'shop/util.py': '',
  };

  it('reads the bands from the layers contract, top to bottom, then the modules in no layer and externals', () => {
    const data = graphOf(files, config);
    expect(data.bands).toEqual([
      { label: 'shop.api', kind: 'layer' },
      { label: 'shop.services | shop.jobs', kind: 'layer' },
      { label: 'shop.legacy', kind: 'layer' },
      { label: 'shop.domain', kind: 'layer' },
      { label: 'in no layer', kind: 'unlayered' },
      { label: 'external packages', kind: 'external' },
    ]);
    expect(bandOf(data, 'shop.api.routes').label).toBe('shop.api');
    expect(bandOf(data, 'shop.services.orders').label).toBe('shop.services | shop.jobs');
    expect(bandOf(data, 'shop.jobs').label).toBe('shop.services | shop.jobs');
    expect(bandOf(data, 'shop.util').kind).toBe('unlayered');
    expect(bandOf(data, 'shop').kind).toBe('unlayered');
    expect(data.modules.find((m) => m.name === 'json')).toEqual({ name: 'json', path: null, band: 5 });
    expect(data.modules.find((m) => m.name === 'shop.jobs')?.path).toBe('shop/jobs.py');
  });

  it('lists each import once with its lines, without a module importing itself', () => {
    const data = graphOf(files, config);
    expect(data.imports).toContainEqual({ importer: 'shop.api.routes', imported: 'shop.services.orders', lines: [1] });
    expect(data.imports.some((link) => link.importer === link.imported)).toBe(false);
    expect(data.imports).toContainEqual({ importer: 'shop.api', imported: 'json', lines: [1] });
  });

  it('puts a module in its deepest layer, repeats layers inside containers, and draws a repeated layer once', () => {
    const data = graphOf(
      {
        'app/__init__.py': '',
        'app/web/__init__.py': '',
        'app/web/views.py': '',
        'app/web/views/__init__.py': '',
        'app/web/views/admin.py': '',
        'app/billing/__init__.py': '',
        'app/billing/views.py': '',
        'app/billing/data.py': '',
      },
      `[importlinter]
root_package = app
[importlinter:contract:outer]
name = Outer
type = layers
layers =
    app.web
    app.billing
[importlinter:contract:inner]
name = Inner
type = layers
containers = app.*
layers =
    views
    (data)
[importlinter:contract:again]
name = Again
type = layers
layers =
    app.web
    app.billing
`,
    );
    expect(data.bands.map((band) => band.label)).toEqual(['app.web', 'app.billing', 'views', 'data', 'in no layer']);
    expect(bandOf(data, 'app.web.views.admin').label).toBe('views');
    expect(bandOf(data, 'app.billing.views').label).toBe('views');
    expect(bandOf(data, 'app.billing.data').label).toBe('data');
    expect(bandOf(data, 'app.web').label).toBe('app.web');
  });

  it('without a layers contract, every module shares one band', () => {
    const data = graphOf(
      { 'a/__init__.py': '', 'a/b.py': 'import a.c\n', 'a/c.py': '' },
      '[importlinter]\nroot_package = a\n[importlinter:contract:f]\nname = F\ntype = forbidden\nsource_modules = a.b\nforbidden_modules = a.c\n',
    );
    expect(data.bands).toEqual([{ label: 'modules', kind: 'unlayered' }]);
    expect(new Set(data.modules.map((module) => module.band))).toEqual(new Set([0]));
  });
});

describe('drawing helpers', () => {
  it('names modules relative to a single root package only', () => {
    expect(displayName('reports.summary', ['reports'])).toBe('summary');
    expect(displayName('reports', ['reports'])).toBe('reports');
    expect(displayName('reportsx.a', ['reports'])).toBe('reportsx.a');
    expect(displayName('pricing.tax', ['pricing', 'checkout'])).toBe('pricing.tax');
  });

  it('labels boxes with the shortest tail of the name that no other module shares', () => {
    const labels = shortNames(['reports', 'reports.app', 'shop.api.routes', 'shop.web.routes', 'json', 'shop.json']);
    expect(Object.fromEntries(labels)).toEqual({
      reports: 'reports',
      'reports.app': 'app',
      'shop.api.routes': 'api.routes',
      'shop.web.routes': 'web.routes',
      json: 'json',
      'shop.json': 'shop.json',
    });
  });

  it('lists each broken import once, by file and line, with every contract it breaks', () => {
    const twice = diagnostic('a.low', 'a.high', 3);
    expect(
      brokenImports([
        diagnostic('b.x', 'b.y', 2),
        twice,
        { ...twice, contract: 'Other' },
        twice,
        diagnostic('a.low', 'a.high', 1),
      ]),
    ).toEqual([
      { importer: 'a.low', imported: 'a.high', file: 'a/low.py', line: 1, reasons: [LAYERS('a.low', 'a.high')] },
      {
        importer: 'a.low',
        imported: 'a.high',
        file: 'a/low.py',
        line: 3,
        reasons: [LAYERS('a.low', 'a.high'), { contract: 'Other', summary: 'a.low -> a.high' }],
      },
      { importer: 'b.x', imported: 'b.y', file: 'b/x.py', line: 2, reasons: [LAYERS('b.x', 'b.y')] },
    ]);
  });

  it('counts the capstone starter’s broken imports once each: the problems list and the graph agree', () => {
    const root = join(process.cwd(), 'exercises', '12-order-hexagon-capstone');
    const files: Record<string, string> = {};
    const walk = (folder: string) => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (statSync(path).isDirectory()) walk(path);
        else files[relative(join(root, 'starter'), path).split('\\').join('/')] = readFileSync(path, 'utf8');
      }
    };
    walk(join(root, 'starter'));
    const config = parseConfig({ path: '.importlinter', text: readFileSync(join(root, '.importlinter'), 'utf8') });
    const report = createAnalyser(files, config).report();
    const diagnostics = toContractResults(report.contracts, files).flatMap((contract) =>
      contract.violations.flatMap((violation) =>
        violation.lines.map((line) => ({
          contract: contract.name,
          summary: violation.summary,
          file: line.file,
          line: line.line ?? 1,
          importer: line.importer,
          imported: line.imported,
        })),
      ),
    );
    const broken = brokenImports(diagnostics);
    // Several contracts (and several chains of one) name the same import line.
    expect(diagnostics.length).toBeGreaterThan(broken.length);
    expect(broken.map((entry) => `${entry.file}:${entry.line} ${entry.imported}`)).toEqual([
      'orders/adapters/http.py:3 orders.application',
      'orders/adapters/http.py:4 orders.adapters.memory',
      'orders/application.py:1 logging',
      'orders/application.py:4 orders.adapters.memory',
      'orders/application.py:5 orders.domain',
      'orders/domain.py:1 logging',
      'orders/domain.py:5 orders.payments_client',
    ]);
    const both = broken.find((entry) => entry.file === 'orders/application.py' && entry.line === 4)!;
    expect(both.reasons.map((reason) => reason.contract)).toEqual([
      'Bootstrap above adapters above use cases and handlers (apart) above the bus above the domain',
      'Adapters do not know each other',
    ]);
  });

  it('rounds the corners of an orthogonal route', () => {
    expect(
      roundedPath([
        { x: 0, y: 0 },
        { x: 0, y: 20 },
        { x: 30, y: 20 },
        { x: 30, y: 24 },
      ]),
    ).toBe('M 0 0 L 0 14 Q 0 20 6 20 L 28 20 Q 30 20 30 22 L 30 24');
  });
});

describe('the layout of exercise 01 (a forbidden import drawn dashed)', () => {
  it('stacks app, summary, db and the root package, with only summary → db illegal', async () => {
    const data = graphOf(
      {
        'reports/__init__.py': '',
        'reports/app.py': 'from reports import summary\n',
        'reports/summary.py': 'from reports import db\n',
        'reports/db.py': 'import sqlite3\n',
      },
      '[importlinter]\nroot_package = reports\n[importlinter:contract:layers]\nname = L\ntype = layers\nlayers =\n    reports.app\n    reports.summary\n    reports.db\n',
    );
    const model = await layOut(data, [diagnostic('reports.summary', 'reports.db')]);
    expect(model.bands.map((band) => band.labelLines)).toEqual([['app'], ['summary'], ['db'], ['in no layer']]);
    const y = (name: string) => model.nodes.find((node) => node.name === name)!.y;
    expect(y('reports.app')).toBeLessThan(y('reports.summary'));
    expect(y('reports.summary')).toBeLessThan(y('reports.db'));
    expect(y('reports.db')).toBeLessThan(y('reports'));
    expect(model.edges.map((edge) => [edge.importer, edge.imported, edge.illegal])).toEqual([
      ['reports.app', 'reports.summary', false],
      ['reports.summary', 'reports.db', true],
    ]);
  });
});

describe('band labels', () => {
  it('break at | and shorten a long layer name from the left, keeping its end', async () => {
    const data = graphOf(
      {
        'shop/__init__.py': '',
        'shop/infrastructure/__init__.py': '',
        'shop/infrastructure/persistence/__init__.py': '',
        'shop/infrastructure/persistence/sqlalchemy_repositories.py': '',
        'shop/web.py': '',
        'shop/cli.py': '',
      },
      '[importlinter]\nroot_package = shop\n[importlinter:contract:l]\nname = L\ntype = layers\nlayers =\n    shop.web | shop.cli\n    shop.infrastructure.persistence.sqlalchemy_repositories\n',
    );
    const model = await layOut(data);
    expect(model.bands.map((band) => band.labelLines)).toEqual([
      ['web |', 'cli'],
      ['…tence.sqlalchemy_repositories'],
      ['in no layer'],
    ]);
    expect(model.gutter).toBeGreaterThanOrEqual(30 * 7);
  });
});

const overlaps = (a: GraphNodeModel, b: GraphNodeModel, gap: number) =>
  a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;

describe('a 50-module project stays readable', () => {
  const { files, config, upward } = fiftyModuleProject();
  const data = graphOf(files, config);
  const diagnostics = upward.map(([from, to]) => diagnostic(from, to));

  it('has 50 modules in the bands of the contract', () => {
    expect(data.modules).toHaveLength(50);
    expect(data.bands.map((band) => band.label)).toEqual([
      'shop.main',
      'shop.api',
      'shop.services',
      'shop.adapters.db | shop.adapters.mail',
      'shop.legacy',
      'shop.domain',
      'in no layer',
    ]);
    expect(data.imports.length).toBeGreaterThan(60);
  });

  it('picks the faster box placement above NETWORK_SIMPLEX_MAX_NODES boxes', () => {
    expect(toElkGraph(data).layoutOptions?.['elk.layered.nodePlacement.strategy']).toBe('LINEAR_SEGMENTS');
    const small = { ...data, modules: data.modules.slice(0, NETWORK_SIMPLEX_MAX_NODES - data.bands.length) };
    expect(toElkGraph(small).layoutOptions?.['elk.layered.nodePlacement.strategy']).toBe('NETWORK_SIMPLEX');
  });

  it.each(['LINEAR_SEGMENTS', 'NETWORK_SIMPLEX'])(
    'lays the boxes out without overlaps, each inside its band, bands stacked top to bottom (%s)',
    async (placement) => {
      const model = await layOut(data, diagnostics, placement);
      const modules = model.nodes.filter((node) => node.kind === 'module');
      expect(modules).toHaveLength(50);
      // One placeholder box keeps the empty optional layer visible.
      expect(
        model.nodes.filter((node) => node.kind === 'placeholder').map((node) => model.bands[node.band]!.label),
      ).toEqual(['shop.legacy']);
      for (const [index, a] of model.nodes.entries()) {
        for (const b of model.nodes.slice(index + 1)) {
          expect(overlaps(a, b, 8), `${a.name || a.label} overlaps ${b.name || b.label}`).toBe(false);
        }
      }
      // Bands tile the drawing from top to bottom in the contract's order.
      expect(model.bands[0]!.y).toBe(0);
      for (const [index, band] of model.bands.entries()) {
        expect(band.index).toBe(index);
        expect(band.height).toBeGreaterThan(0);
        const next = model.bands[index + 1];
        if (next) expect(next.y).toBeCloseTo(band.y + band.height, 0);
        else expect(band.y + band.height).toBeCloseTo(model.height, 0);
      }
      for (const node of model.nodes) {
        const band = model.bands[node.band]!;
        expect(node.y, node.name).toBeGreaterThanOrEqual(band.y);
        expect(node.y + node.height, node.name).toBeLessThanOrEqual(band.y + band.height);
      }
      // Every box of a higher band lies entirely above every box of a lower one.
      const bottom = (band: number) =>
        Math.max(...model.nodes.filter((n) => n.band === band).map((n) => n.y + n.height));
      const top = (band: number) => Math.min(...model.nodes.filter((n) => n.band === band).map((n) => n.y));
      for (let band = 1; band < model.bands.length; band += 1) expect(bottom(band - 1)).toBeLessThan(top(band));
    },
  );

  it('keeps the labels readable: names fit their boxes, band labels fit the gutter, nothing runs off the drawing', async () => {
    const model = await layOut(data, diagnostics);
    for (const node of model.nodes) {
      expect(node.label.length * MONO_CHAR_WIDTH + 12, node.label).toBeLessThanOrEqual(node.width);
      expect(node.x).toBeGreaterThanOrEqual(model.gutter);
      expect(node.x + node.width).toBeLessThanOrEqual(model.width);
      expect(node.y + node.height).toBeLessThanOrEqual(model.height);
    }
    expect(model.bands[3]!.labelLines).toEqual(['adapters.db |', 'adapters.mail']);
    for (const line of model.bands.flatMap((band) => band.labelLines)) {
      expect(line.length * 7 + 12, line).toBeLessThanOrEqual(model.gutter);
    }
  });

  it('draws every import from its importer to the module it imports, and marks exactly the illegal ones', async () => {
    const model = await layOut(data, diagnostics);
    expect(model.edges).toHaveLength(data.imports.length);
    const box = new Map(model.nodes.map((node) => [node.name, node]));
    const onBorder = (x: number, y: number, node: GraphNodeModel) =>
      x >= node.x - 1 && x <= node.x + node.width + 1 && y >= node.y - 1 && y <= node.y + node.height + 1;
    for (const edge of model.edges) {
      const numbers = edge.d.match(/-?\d+(\.\d+)?/g)!.map(Number);
      const [sx, sy] = numbers;
      const [ex, ey] = numbers.slice(-2);
      expect(onBorder(sx!, sy!, box.get(edge.importer)!), `${edge.importer} → ${edge.imported} starts`).toBe(true);
      expect(onBorder(ex!, ey!, box.get(edge.imported)!), `${edge.importer} → ${edge.imported} ends`).toBe(true);
    }
    expect(
      model.edges
        .filter((edge) => edge.illegal)
        .map((edge) => [edge.importer, edge.imported])
        .sort(),
    ).toEqual([...upward].sort());
    // Drawn last, so legal arrows never cover them.
    expect(model.edges.slice(-upward.length).every((edge) => edge.illegal)).toBe(true);
  });

  it('gives the same layout for the same graph (no jumping between keystrokes)', async () => {
    expect(await layOut(data, diagnostics)).toEqual(await layOut(data, diagnostics));
  });
});
