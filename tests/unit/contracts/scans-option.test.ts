// `strata lint` scans in worker threads and hands the engine the scans alone: a path in
// options.scans is a file of the project even when `files` has no text for it.
import { describe, expect, it } from 'vitest';
import { analyse, createAnalyser, parseConfig, scanSource } from '../../../src/contracts/index.ts';
import type { ScannedImport, SourceFiles } from '../../../src/contracts/index.ts';

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
