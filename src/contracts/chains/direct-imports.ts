// grimp's direct import queries, for forbidden contracts that allow indirect imports.
import { edgeKey } from '../graph.ts';
import type { ImportGraph } from '../graph.ts';

const NONE = new Set<number>();

/** Direct imports from any of `importers` to any of `importeds` (forbidden with allow_indirect_imports). */
export function findDirectChains(
  graph: ImportGraph,
  importers: number[],
  importeds: number[],
  removed: ReadonlySet<number> = NONE,
): number[][] {
  const target = new Set(importeds);
  const chains: number[][] = [];
  for (const importer of importers) {
    for (const imported of graph.out[importer]!) {
      if (target.has(imported) && !removed.has(edgeKey(importer, imported))) chains.push([importer, imported]);
    }
  }
  return chains;
}
