// The graph cache stores the built graph in its compact form (ImportGraph.toCompact) and checks
// contracts on ImportGraph.fromCompact of it: the same report as building the graph, for every
// contract type, with repeated lines and externals; and a
// compact graph whose arrays do not fit together is refused rather than used.
import { describe, expect, it } from 'vitest';
import { analyse, parseConfig } from '../../../src/contracts/index.ts';
import type { CompactGraph, SourceFiles } from '../../../src/contracts/index.ts';
import { ImportGraph } from '../../../src/contracts/graph.ts';

const config = parseConfig({
  path: '.importlinter',
  text: [
    '[importlinter]',
    'root_package = app',
    'include_external_packages = True',
    '[importlinter:contract:l]',
    'name = Layers',
    'type = layers',
    'layers =',
    '    app.high',
    '    app.low',
    '[importlinter:contract:f]',
    'name = No requests below',
    'type = forbidden',
    'source_modules = app.low',
    'forbidden_modules = requests',
    '[importlinter:contract:i]',
    'name = Independent',
    'type = independence',
    'modules =',
    '    app.high',
    '    app.low',
    '[importlinter:contract:a]',
    'name = Acyclic',
    'type = acyclic_siblings',
    'ancestors = app',
    '',
  ].join('\n'),
});

const files: SourceFiles = {
  'app/__init__.py': '',
  'app/low/__init__.py': 'from app.low import b\n',
  'app/low/b.py':
    'import requests.adapters\ndef f():\n    import app.high.x\nimport app.high.x\nfrom app.high import x, y\n',
  'app/high/__init__.py': '',
  'app/high/x.py': 'from ..low import b\nimport os\n',
  'app/high/y.py': 'from . import x\n',
};

describe('the compact graph (graph cache)', () => {
  it('gives the report of the built graph for every contract type', () => {
    let compact: CompactGraph | undefined;
    const built = analyse(files, config, { onGraph: (graph) => (compact = graph) });
    expect(built.contracts.map((contract) => contract.kept)).toEqual([false, false, false, false]);
    // Through a copy of every array, as the cache reads them from a file.
    const copy = Object.fromEntries(
      Object.entries(compact!).map(([name, value]: [string, string | Int32Array | Uint8Array]) => [
        name,
        typeof value === 'string' ? value : value.slice(),
      ]),
    ) as unknown as CompactGraph;
    expect(analyse({ '.importlinter': '' }, config, { graph: copy })).toEqual(built);
    expect(ImportGraph.fromCompact(copy).toCompact()).toEqual(compact);
  });

  it('refuses arrays that do not fit together', () => {
    let compact: CompactGraph | undefined;
    analyse(files, config, { onGraph: (graph) => (compact = graph) });
    const broken: Partial<CompactGraph>[] = [
      { out: compact!.out.map((id) => id + 100) },
      { parent: compact!.parent.subarray(1) },
      { lineStart: compact!.lineStart.subarray(1) },
      { names: `${compact!.names}\0extra` },
    ];
    for (const change of broken)
      expect(() => ImportGraph.fromCompact({ ...compact!, ...change })).toThrow(/inconsistent/);
  });
});
