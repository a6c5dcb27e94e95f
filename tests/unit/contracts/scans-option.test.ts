// `strata lint` scans in worker threads and hands the engine the scans alone: a path in
// options.scans is a file of the project even when `files` has no text for it.
import { describe, expect, it } from 'vitest';
import { ReportWriter } from '../../../src/cli/scan-project.ts';
import {
  analyse,
  CompactScans,
  CompactWriter,
  ContractsError,
  createAnalyser,
  parseConfig,
  scanSource,
  scanSourceInto,
  skipEntry,
} from '../../../src/contracts/index.ts';
import type { CompactGraph, ScannedImport, SourceFiles } from '../../../src/contracts/index.ts';

const config = parseConfig({
  path: '.importlinter',
  text: '[importlinter]\nroot_package = shop\n[importlinter:contract:l]\nname = L\ntype = layers\nlayers =\n    shop.api\n    shop.domain\n',
});
const files: SourceFiles = {
  'shop/__init__.py': '',
  'shop/api.py': 'from shop import domain\n',
  'shop/domain.py': 'import shop.api\n',
  'shop/util.py': 'def f():\n    import shop.domain\n',
};
const scansOf = (source: SourceFiles) =>
  new Map<string, ScannedImport[]>(Object.entries(source).map(([path, text]) => [path, scanSource(path, text)]));

describe('analyse with scans and no texts', () => {
  it('gives the same report as with the texts', () => {
    expect(analyse({}, config, { scans: scansOf(files) })).toEqual(analyse(files, config));
    // Some texts, some scans only: still the whole project.
    const { 'shop/util.py': util, ...rest } = files;
    expect(analyse({ 'shop/util.py': util! }, config, { scans: scansOf(rest) })).toEqual(analyse(files, config));
  });

  it('lets the incremental analyser edit a file it only knew by its scan', () => {
    const analyser = createAnalyser({}, config, { scans: scansOf(files) });
    expect(analyser.report().contracts[0]!.kept).toBe(false);
    const report = analyser.update('shop/domain.py', 'x = 1\n');
    expect(report.contracts[0]!.kept).toBe(true);
    expect(report.analyzed_files).toBe(4);
    expect(analyser.update('shop/util.py', null).analyzed_files).toBe(3);
  });
});

// The graph builder reads CompactScans' encoded entries without decoding them into objects, resolving
// each distinct name once: the same graph (every list in the same order) and report as from objects.
describe('analyse with compact scans', () => {
  const project: SourceFiles = {
    'shop/__init__.py': '',
    'shop/api/__init__.py': 'from . import views\nfrom .views import render, missing\n',
    'shop/api/views.py':
      'import shop.domain.model.Thing\nfrom shop.domain import model, repo as r\nfrom ..domain.model import x\nimport requests.adapters\nfrom django.db import models\nimport shop\n',
    'shop/domain/__init__.py': 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shop.api import views\n',
    'shop/domain/model.py':
      'from . import *\nfrom ... import outside\nimport shop.domain.model\nimport shop.api.views, shop.api\n',
    'shop/domain/repo.py': 'from shop.domain.model import Thing\nfrom shop.domain.model import Thing as T\n',
  };
  const configs = [
    '[importlinter]\nroot_package = shop\n',
    '[importlinter]\nroot_package = shop\ninclude_external_packages = True\nexclude_type_checking_imports = True\n',
  ].map((head) =>
    parseConfig({
      path: '.importlinter',
      text: `${head}[importlinter:contract:l]\nname = L\ntype = layers\nlayers =\n    shop.api\n    shop.domain\n`,
    }),
  );

  it.each(configs.map((config, index) => [index, config] as const))('config %i: same graph and report', (_, config) => {
    const objects = scansOf(project);
    const writer = new ReportWriter();
    const paths = [...objects.keys()];
    writer.unit(0, paths);
    for (const path of paths) writer.file(objects.get(path)!);
    const report = writer.finish();
    const compact = new CompactScans();
    const index = compact.addReport(report.data, report.strings.split('\0'));
    let at = 0;
    for (const path of paths) {
      compact.addEncoded(path, index, at);
      at = skipEntry(report.data, at);
    }
    const graphs: CompactGraph[] = [];
    const fromCompact = analyse({}, config, { scans: compact, onGraph: (graph) => graphs.push(graph) });
    const fromObjects = analyse({}, config, { scans: objects, onGraph: (graph) => graphs.push(graph) });
    expect(fromCompact).toEqual(fromObjects);
    expect(graphs[0]).toEqual(graphs[1]);
    expect(fromCompact.dependencies).toBeGreaterThan(5);
  });
});

// strata lint's scan threads scan straight into the compact form (ASCII names interned by their bytes).
describe('scanSourceInto', () => {
  it('appends what scanSource returns, each distinct string once, through table growth', () => {
    const sources: [string, string][] = [
      ['a.py', 'import os, os.path\nfrom . import x\nfrom ..pkg.mod import (a, b as c)\nimport ｏｓ\n'],
      ['b.py', 'from café import thé\nimport os\n'],
      ['c.py', 'x = 1\n'],
      // Enough distinct names to grow the byte table several times.
      ['d.py', Array.from({ length: 5000 }, (_, index) => `import pkg${index % 3000}.mod${index}\n`).join('')],
      ['e.py', 'from os import path\nfrom os.path import join\n'],
    ];
    const writer = new CompactWriter();
    const starts: number[] = [];
    for (const [path, text] of sources) {
      starts.push(writer.length);
      scanSourceInto(path, new TextEncoder().encode(text), writer);
    }
    expect(() => scanSourceInto('bad.py', 'import (\n', writer)).toThrow(ContractsError);
    const { data, strings } = writer.finish();
    expect(new Set(strings).size).toBe(strings.length);
    const scans = new CompactScans();
    const report = scans.addReport(data, strings);
    sources.forEach(([path], index) => scans.addEncoded(path, report, starts[index]!));
    for (const [path, text] of sources) expect(scans.get(path)).toEqual(scanSource(path, text));
    // Nothing was appended for the file that did not scan.
    expect(skipEntry(data, starts.at(-1)!)).toBe(data.length);
  });
});
