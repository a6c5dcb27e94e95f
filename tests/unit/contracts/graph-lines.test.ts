// The graph keeps each import's line numbers beside its adjacency arrays (a number, or an array
// once there are several) and finds an existing import through a per-module hint before scanning.
// These cases check the bookkeeping that replaced a Map per module: repeated imports, their line
// order, a module importing many others, and imports cleared and re-added by incremental updates.
import { describe, expect, it } from 'vitest';
import { analyse, createAnalyser, parseConfig } from '../../../src/contracts/index.ts';
import type { GraphSnapshot, SourceFiles } from '../../../src/contracts/index.ts';

const config = parseConfig({
  path: '.importlinter',
  text: '[importlinter]\nroot_package = app\n[importlinter:contract:f]\nname = F\ntype = forbidden\nsource_modules = app.low\nforbidden_modules = app.high\n',
});
const lines = (graph: GraphSnapshot) =>
  Object.fromEntries(graph.imports.map((link) => [`${link.importer} -> ${link.imported}`, link.line_numbers]));

describe('import graph: lines of each import', () => {
  it('merges repeated imports of one module into sorted, distinct lines', () => {
    const files: SourceFiles = {
      'app/__init__.py': '',
      'app/high.py': '',
      'app/low.py': [
        'def late():',
        '    import app.high',
        'import app.high',
        'from app import high',
        'from app.high import x, y; import app.high',
      ].join('\n'),
    };
    const analyser = createAnalyser(files, config);
    // `from app import high` is app.high (a module), not app.
    expect(lines(analyser.graph())).toEqual({ 'app.low -> app.high': [2, 3, 4, 5] });
    const report = analyse(files, config);
    expect(report.dependencies).toBe(1);
    expect(report.contracts[0]!.kept).toBe(false);
  });

  it('keeps every import of a module that imports many others apart', () => {
    const count = 300;
    const files: SourceFiles = { 'app/__init__.py': '', 'app/high.py': '', 'app/low.py': '' };
    const body: string[] = [];
    for (let index = 0; index < count; index += 1) {
      files[`app/m${index}.py`] = '';
      body.push(`import app.m${index}`);
    }
    // The same modules again, in reverse, each on a second line.
    for (let index = count - 1; index >= 0; index -= 1) body.push(`from app import m${index}`);
    files['app/hub.py'] = body.join('\n');
    const graph = createAnalyser(files, config).graph();
    const found = lines(graph);
    expect(graph.imports.filter((link) => link.importer === 'app.hub')).toHaveLength(count);
    for (let index = 0; index < count; index += 1) {
      expect(found[`app.hub -> app.m${index}`]).toEqual([index + 1, 2 * count - index]);
    }
  });

  it('clears and re-adds a module’s imports on update, other importers of the same modules untouched', () => {
    const files: SourceFiles = {
      'app/__init__.py': '',
      'app/high.py': '',
      'app/low.py': 'import app.high\nimport app.mid\n',
      'app/mid.py': 'import app.high\n',
    };
    const analyser = createAnalyser(files, config);
    expect(analyser.report().contracts[0]!.kept).toBe(false);
    analyser.update('app/low.py', 'import app.mid\n\n\nimport app.mid\n');
    expect(lines(analyser.graph())).toEqual({ 'app.low -> app.mid': [1, 4], 'app.mid -> app.high': [1] });
    expect(analyser.report().contracts[0]!.kept).toBe(false); // still indirect, through app.mid
    analyser.update('app/mid.py', 'x = 1\n');
    expect(analyser.report().contracts[0]!.kept).toBe(true);
    analyser.update('app/low.py', 'import app.high\nimport app.high\n');
    expect(lines(analyser.graph())).toEqual({ 'app.low -> app.high': [1, 2] });
    expect(analyser.report().dependencies).toBe(1);
  });
});

describe('import graph: relative imports', () => {
  const edges = (files: SourceFiles, root: string, external = false) =>
    createAnalyser(
      files,
      parseConfig({
        path: '.importlinter',
        text: `[importlinter]\nroot_package = ${root}\ninclude_external_packages = ${external ? 'True' : 'False'}\n[importlinter:contract:i]\nname = I\ntype = independence\nmodules =\n    ${root}.*\n`,
      }),
    )
      .graph()
      .imports.map((link) => `${link.importer} -> ${link.imported} ${link.line_numbers.join(',')}`)
      .sort();

  it('starts from the package (a package’s own __init__ is level one) and climbs one package per dot', () => {
    const files: SourceFiles = {
      'app/__init__.py': 'from . import a\nfrom .b import c\n',
      'app/a.py': 'from . import b\nfrom .b.c import thing\nfrom .. import beyond\n',
      'app/b/__init__.py': 'from .. import a\nfrom . import c\nfrom ... import beyond\n',
      'app/b/c.py': 'from .. import a\nfrom ..b import c\nfrom ... import beyond\nfrom . import missing\n',
    };
    expect(edges(files, 'app')).toEqual([
      'app -> app.a 1',
      'app -> app.b.c 2',
      'app.a -> app.b 1',
      'app.a -> app.b.c 2',
      'app.b -> app.a 1',
      'app.b -> app.b.c 2',
      'app.b.c -> app.a 1',
      'app.b.c -> app.b 4',
      'app.b.c -> app.b.c 2',
    ]);
  });

  it('climbs above a dotted root package by name (its parents are not modules)', () => {
    const files: SourceFiles = {
      'ns/app/__init__.py': '',
      'ns/app/one.py': 'from .. import other\nfrom ... import too_far\nfrom . import two\n',
      'ns/app/two.py': '',
    };
    expect(edges(files, 'ns.app')).toEqual(['ns.app.one -> ns.app.two 3']);
    // ns.other is outside the root package: with externals included it is squashed to ns.
    expect(edges(files, 'ns.app', true)).toEqual(['ns.app.one -> ns 1', 'ns.app.one -> ns.app.two 3']);
  });
});
