import { edgeKey, shortestPath } from './graph.ts';
import type { ImportGraph } from './graph.ts';
import type { Link, Route } from './types.ts';

export function link(graph: ImportGraph, importer: number, imported: number): Link {
  return {
    importer: graph.names[importer]!,
    imported: graph.names[imported]!,
    line_numbers: [...graph.lines(importer, imported)],
  };
}

function mark(graph: ImportGraph, ids: number[]): Uint8Array {
  const marks = new Uint8Array(graph.names.length);
  for (const id of ids) marks[id] = 1;
  return marks;
}

function chainOf(graph: ImportGraph, path: number[]): Link[] {
  const links: Link[] = [];
  for (let index = 0; index + 1 < path.length; index += 1) links.push(link(graph, path[index]!, path[index + 1]!));
  return links;
}

/**
 * Routes from `lower` to `higher` as grimp finds them for layers and independence: every direct
 * import is a route of its own; then, repeatedly, a shortest indirect chain whose middle avoids
 * `blocked` modules, with the other lower modules importing its first middle module (extra firsts)
 * and the other higher modules its last middle module imports (extra lasts); its middle is then
 * set aside so every route has its own middle.
 */
export function findPackageRoutes(
  graph: ImportGraph,
  lower: number[],
  higher: number[],
  blocked: Uint8Array,
  removed: Set<number>,
): Route[] {
  const routes: Route[] = [];
  const isHigher = mark(graph, higher);
  const isLower = mark(graph, lower);
  const localRemoved = new Set(removed);
  for (const importer of lower) {
    for (const imported of graph.out[importer]!.keys()) {
      if (!isHigher[imported] || removed.has(edgeKey(graph, importer, imported))) continue;
      routes.push({ chain: [link(graph, importer, imported)], extra_firsts: [], extra_lasts: [] });
      localRemoved.add(edgeKey(graph, importer, imported));
    }
  }
  const localBlocked = new Uint8Array(blocked);
  for (;;) {
    const path = shortestPath(graph, lower, isHigher, { blockedNodes: localBlocked, removedEdges: localRemoved });
    if (!path) break;
    const first = path[1]!;
    const last = path[path.length - 2]!;
    const extraFirsts: Link[] = [];
    for (const importer of graph.in[first]!) {
      if (isLower[importer] && importer !== path[0] && !localRemoved.has(edgeKey(graph, importer, first))) {
        extraFirsts.push(link(graph, importer, first));
      }
    }
    const extraLasts: Link[] = [];
    for (const imported of graph.out[last]!.keys()) {
      if (
        isHigher[imported] &&
        imported !== path[path.length - 1] &&
        !localRemoved.has(edgeKey(graph, last, imported))
      ) {
        extraLasts.push(link(graph, last, imported));
      }
    }
    routes.push({ chain: chainOf(graph, path), extra_firsts: extraFirsts, extra_lasts: extraLasts });
    for (const middle of path.slice(1, -1)) localBlocked[middle] = 1;
  }
  return routes;
}

/** Edge-disjoint shortest chains from `sources` to `targets` (forbidden contracts). */
export function findChains(
  graph: ImportGraph,
  sources: number[],
  targets: number[],
  removed: Set<number>,
  directOnly: boolean,
): Route[] {
  const routes: Route[] = [];
  const isTarget = mark(graph, targets);
  if (directOnly) {
    for (const importer of sources) {
      for (const imported of graph.out[importer]!.keys()) {
        if (isTarget[imported] && !removed.has(edgeKey(graph, importer, imported))) {
          routes.push({ chain: [link(graph, importer, imported)], extra_firsts: [], extra_lasts: [] });
        }
      }
    }
    return routes;
  }
  const localRemoved = new Set(removed);
  const blocked = new Uint8Array(graph.names.length);
  for (const target of targets) if (sources.includes(target)) blocked[target] = 1;
  for (;;) {
    const path = shortestPath(graph, sources, isTarget, { removedEdges: localRemoved, blockedNodes: blocked });
    if (!path) break;
    routes.push({ chain: chainOf(graph, path), extra_firsts: [], extra_lasts: [] });
    for (let index = 0; index + 1 < path.length; index += 1) {
      localRemoved.add(edgeKey(graph, path[index]!, path[index + 1]!));
    }
  }
  return routes;
}
