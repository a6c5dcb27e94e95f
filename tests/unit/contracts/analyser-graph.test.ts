import { describe, expect, it } from 'vitest';
import { analyse, createAnalyser, parseConfig } from '../../../src/contracts/index.ts';
import type { GraphSnapshot, SourceFiles } from '../../../src/contracts/index.ts';

const config = parseConfig({
  path: '.importlinter',
  text: '[importlinter]\nroot_package = shop\ninclude_external_packages = True\n[importlinter:contract:l]\nname = L\ntype = layers\nlayers =\n    shop.api\n    shop.domain\n',
});
const files: SourceFiles = {
  'shop/__init__.py': '',
  'shop/api.py': 'import os\nfrom shop import domain\n\nfrom shop.domain import Order\n',
  'shop/domain.py': 'class Order: ...\n',
};
const sorted = (graph: GraphSnapshot) => ({
  modules: [...graph.modules].sort((a, b) => a.name.localeCompare(b.name)),
  imports: [...graph.imports].sort((a, b) =>
    `${a.importer} ${a.imported}`.localeCompare(`${b.importer} ${b.imported}`),
  ),
});

describe('Analyser.graph', () => {
  it('lists every module with its file (externals squashed, without one) and every import with its lines', () => {
    const analyser = createAnalyser(files, config);
    expect(sorted(analyser.graph())).toEqual({
      modules: [
        { name: 'os', path: undefined, external: true },
        { name: 'shop', path: 'shop/__init__.py', external: false },
        { name: 'shop.api', path: 'shop/api.py', external: false },
        { name: 'shop.domain', path: 'shop/domain.py', external: false },
      ],
      imports: [
        { importer: 'shop.api', imported: 'os', line_numbers: [1] },
        { importer: 'shop.api', imported: 'shop.domain', line_numbers: [2, 4] },
      ],
    });
    expect(analyser.graph().imports).toHaveLength(analyse(files, config).dependencies);
  });

  it('follows edits, new files and deletions without a fresh analysis', () => {
    const analyser = createAnalyser(files, config);
    analyser.update('shop/domain.py', 'from shop import api\n');
    analyser.update('shop/extra.py', 'import shop.domain\n');
    expect(sorted(analyser.graph()).imports).toEqual([
      { importer: 'shop.api', imported: 'os', line_numbers: [1] },
      { importer: 'shop.api', imported: 'shop.domain', line_numbers: [2, 4] },
      { importer: 'shop.domain', imported: 'shop.api', line_numbers: [1] },
      { importer: 'shop.extra', imported: 'shop.domain', line_numbers: [1] },
    ]);
    analyser.update('shop/extra.py', null);
    expect(analyser.graph().modules.map((module) => module.name)).not.toContain('shop.extra');
  });
});
