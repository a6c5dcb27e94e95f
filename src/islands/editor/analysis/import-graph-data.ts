// The analysed import graph → what the graph view draws: each module placed in the band of its
// layer, read from the layers contracts the way the engine reads them (a layer is a package: its
// submodules belong to it; with containers, the layer repeats inside each container).
import { expressionPattern, parseLayerLine } from '../../../contracts/index.ts';
import type { ContractConfig, GraphSnapshot, LinterConfig } from '../../../contracts/index.ts';
import type { GraphBand, ImportGraphData } from '../types.ts';

interface LayerBand extends GraphBand {
  members: string[];
}

function containersOf(contract: ContractConfig, names: string[]): (string | undefined)[] {
  const expressions = contract.options.containers ?? [];
  if (expressions.length === 0) return [undefined];
  const patterns = expressions.map(expressionPattern);
  return names.filter((name) => patterns.some((pattern) => pattern.test(name)));
}

function layerBands(config: LinterConfig, names: string[]): LayerBand[] {
  const bands: LayerBand[] = [];
  for (const contract of config.contracts) {
    if (contract.type !== 'layers') continue;
    const containers = containersOf(contract, names);
    for (const raw of contract.options.layers ?? []) {
      const line = parseLayerLine(raw, contract);
      const label = line.tails.map((tail) => tail.name).join(line.independent ? ' | ' : ' : ');
      const members = containers.flatMap((container) =>
        line.tails.map((tail) => (container ? `${container}.${tail.name}` : tail.name)),
      );
      // Two contracts repeating the same layer draw it once.
      if (bands.some((band) => band.members.join() === members.join())) continue;
      bands.push({ label, kind: 'layer', members });
    }
  }
  return bands;
}

/** The deepest layer a module belongs to (a layer package's submodules are in it); -1 for none. */
function bandOf(name: string, bands: LayerBand[]): number {
  let best = -1;
  let depth = -1;
  bands.forEach((band, index) => {
    for (const member of band.members) {
      if ((name === member || name.startsWith(`${member}.`)) && member.length > depth) {
        best = index;
        depth = member.length;
      }
    }
  });
  return best;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function buildGraphData(snapshot: GraphSnapshot, config: LinterConfig): ImportGraphData {
  const modules = [...snapshot.modules].sort((a, b) => byName(a.name, b.name));
  const layers = layerBands(
    config,
    modules.filter((module) => !module.external).map((module) => module.name),
  );
  const bands: GraphBand[] = layers.map(({ label, kind }) => ({ label, kind }));
  const placed = modules.map((module) => ({
    name: module.name,
    path: module.path ?? null,
    band: module.external ? -2 : bandOf(module.name, layers),
  }));
  const extra = (kind: GraphBand['kind'], label: string, marker: number) => {
    if (!placed.some((module) => module.band === marker)) return;
    bands.push({ label, kind });
    for (const module of placed) if (module.band === marker) module.band = bands.length - 1;
  };
  extra('unlayered', layers.length > 0 ? 'in no layer' : 'modules', -1);
  extra('external', 'external packages', -2);
  const imports = snapshot.imports
    .filter((link) => link.importer !== link.imported)
    .map((link) => ({ importer: link.importer, imported: link.imported, lines: link.line_numbers }))
    .sort((a, b) => byName(a.importer, b.importer) || byName(a.imported, b.imported));
  return { rootPackages: config.rootPackages, bands, modules: placed, imports };
}
