// grimp's find_shortest_chains (its import chain queries), for forbidden contracts.
import { edgeKey } from '../graph.ts';
import type { ImportGraph } from '../graph.ts';
import { scratchFor } from './pathfinding.ts';

/**
 * grimp's find_shortest_chains(importer, imported, as_packages): edge-disjoint shortest chains from
 * the downstream modules to the upstream ones, never passing through another module of either package.
 */
export function findShortestChains(
  graph: ImportGraph,
  downstream: number[],
  upstream: number[],
  removed: Set<number>,
  footprint: Uint8Array,
): number[][] {
  const size = graph.size;
  // 1 = downstream member, 2 = upstream member.
  const role = new Uint8Array(size);
  for (const id of downstream) role[id] = 1;
  for (const id of upstream) role[id] = 2;
  const checkRemoved = removed.size > 0;
  const live = (importer: number, imported: number) => !checkRemoved || !removed.has(edgeKey(importer, imported));

  // Cheap pass: is any upstream module reachable at all?
  const s = scratchFor(size);
  let stamp = s.next();
  let { seen, queue } = s;
  let head = 0;
  let tail = 0;
  let reached = false;
  for (const id of downstream) {
    seen[id] = stamp;
    queue[tail++] = id;
  }
  while (head < tail) {
    const node = queue[head++]!;
    footprint[node] = 1;
    for (const next of graph.out[node]!) {
      if (seen[next] === stamp || role[next] === 1 || !live(node, next)) continue;
      if (role[next] === 2) {
        reached = true;
        continue;
      }
      seen[next] = stamp;
      queue[tail++] = next;
    }
  }
  if (!reached) return [];

  // Modules from which an upstream module can be reached through non-members.
  const canReach = new Uint8Array(size);
  const reverse: number[] = [...upstream];
  for (let index = 0; index < reverse.length; index += 1) {
    const node = reverse[index]!;
    for (const previousNode of graph.into[node]!) {
      if (canReach[previousNode] || role[previousNode] !== 0 || !live(previousNode, node)) continue;
      canReach[previousNode] = 1;
      reverse.push(previousNode);
    }
  }

  // grimp >= 3.10 (`_find_shortest_chains`): the shortest chain from any downstream module to any
  // upstream one, again and again, each time without the imports of the chains found before; so an
  // indirect chain is reported next to a direct import of the same module, and chains that share
  // an import are reported once.
  const excluded = new Set<number>();
  const chains: number[][] = [];
  for (;;) {
    stamp = s.next();
    ({ seen, queue } = s);
    const { previous } = s;
    head = 0;
    tail = 0;
    for (const id of downstream) {
      seen[id] = stamp;
      previous[id] = -1;
      queue[tail++] = id;
    }
    let end = -1;
    search: while (head < tail) {
      const node = queue[head++]!;
      for (const next of graph.out[node]!) {
        if (seen[next] === stamp || !live(node, next) || excluded.has(edgeKey(node, next))) continue;
        if (role[next] === 2) {
          previous[next] = node;
          end = next;
          break search;
        }
        if (role[next] !== 0 || !canReach[next]) continue;
        seen[next] = stamp;
        previous[next] = node;
        queue[tail++] = next;
      }
    }
    if (end === -1) break;
    const chain = [end];
    for (let step = previous[end]!; step !== -1; step = previous[step]!) chain.push(step);
    chain.reverse();
    for (let index = 0; index + 1 < chain.length; index += 1) excluded.add(edgeKey(chain[index]!, chain[index + 1]!));
    chains.push(chain);
  }
  return chains;
}
