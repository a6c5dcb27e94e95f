// Turns id-based chains and routes into the report's links, the way import-linter builds them.
import type { RawRoute } from './chains/layer-dependencies.ts';
import type { ImportGraph } from './graph.ts';
import type { Link, Route } from './types.ts';

export function link(graph: ImportGraph, importer: number, imported: number): Link {
  return {
    importer: graph.names[importer]!,
    imported: graph.names[imported]!,
    line_numbers: [...graph.lines(importer, imported)],
  };
}

export function chainLinks(graph: ImportGraph, chain: number[]): Link[] {
  const links: Link[] = [];
  for (let index = 0; index + 1 < chain.length; index += 1) links.push(link(graph, chain[index]!, chain[index + 1]!));
  return links;
}

const byName = (graph: ImportGraph) => (a: number, b: number) =>
  graph.names[a]! < graph.names[b]! ? -1 : graph.names[a]! > graph.names[b]! ? 1 : 0;

/** The first head and tail (by name) form the chain; the other heads and tails become extras. */
export function routeLinks(graph: ImportGraph, route: RawRoute): Route {
  const heads = [...route.heads].sort(byName(graph));
  const tails = [...route.tails].sort(byName(graph));
  const first = route.middle[0];
  const last = route.middle[route.middle.length - 1];
  return {
    chain: chainLinks(graph, [heads[0]!, ...route.middle, tails[0]!]),
    extra_firsts: first === undefined ? [] : heads.slice(1).map((head) => link(graph, head, first)),
    extra_lasts: last === undefined ? [] : tails.slice(1).map((tail) => link(graph, last, tail)),
  };
}

const chainKey = (route: Route) =>
  route.chain.map((item) => item.importer).join(' ') + ' ' + route.chain.at(-1)!.imported;

/** Routes in a stable order: by the modules along their chains. */
export function sortRoutes(routes: Route[]): Route[] {
  return routes.sort((a, b) => (chainKey(a) < chainKey(b) ? -1 : chainKey(a) > chainKey(b) ? 1 : 0));
}
