// Chain finding as grimp does it, on integer ids. Every search first runs one cheap breadth-first
// pass that only answers "is there any illegal chain?" (most contracts are kept, so this is all the
// work in the common case); the detailed, route-by-route search runs only where that pass found one.
// Each pass marks the modules whose imports it looked at in `footprint`, which is what the
// incremental analyser uses to know whether an edit can change a contract's verdict.
import { edgeKey } from './graph.ts';
import type { ImportGraph } from './graph.ts';

/** A route as grimp reports it: the importing modules, the middle of the chain, the imported modules. */
export interface RawRoute {
  heads: number[];
  middle: number[];
  tails: number[];
}

export interface RawDependency {
  importer: number;
  imported: number;
  routes: RawRoute[];
}

/** One level of a layers contract: its modules (ids) and whether they may import each other. */
export interface Level {
  modules: number[];
  independent: boolean;
}

/** Reusable scratch arrays; `stamp` avoids clearing them between searches. */
class Scratch {
  seen: Int32Array;
  previous: Int32Array;
  queue: Int32Array;
  stamp = 0;
  constructor(size: number) {
    this.seen = new Int32Array(size);
    this.previous = new Int32Array(size);
    this.queue = new Int32Array(size);
  }
  next(): number {
    this.stamp += 1;
    if (this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }
}

let scratch: Scratch | undefined;
function scratchFor(size: number): Scratch {
  if (!scratch || scratch.seen.length < size) scratch = new Scratch(Math.max(size, 1024));
  return scratch;
}

const NONE = new Set<number>();

/**
 * Shortest chain from any of `sources` (owner === from) to any module whose owner is `to`, never
 * entering modules owned by another layer (owner >= 0), nor using removed or excluded edges.
 */
function shortestChain(
  graph: ImportGraph,
  sources: number[],
  owner: Int32Array,
  from: number,
  to: number,
  removed: Set<number>,
  excluded: Set<number>,
): number[] | undefined {
  const s = scratchFor(graph.size);
  const stamp = s.next();
  const { seen, previous, queue } = s;
  let head = 0;
  let tail = 0;
  for (const source of sources) {
    seen[source] = stamp;
    previous[source] = -1;
    queue[tail++] = source;
  }
  const checkRemoved = removed.size > 0;
  const checkExcluded = excluded.size > 0;
  while (head < tail) {
    const node = queue[head++]!;
    for (const next of graph.out[node]!) {
      if (seen[next] === stamp) continue;
      const nextOwner = owner[next]!;
      if (nextOwner !== -1 && nextOwner !== to) continue;
      if (checkRemoved && removed.has(edgeKey(node, next))) continue;
      if (checkExcluded && excluded.has(edgeKey(node, next))) continue;
      seen[next] = stamp;
      previous[next] = node;
      if (nextOwner === to) {
        const path = [next];
        for (let step = node; step !== -1; step = previous[step]!) path.push(step);
        return path.reverse();
      }
      queue[tail++] = next;
    }
  }
  void from;
  return undefined;
}

/**
 * grimp's find_illegal_dependencies_for_layers for one container: for every pair of layer modules
 * where the first may not import the second (lower → higher, or independent siblings), the routes
 * of illegal imports: direct imports first, then repeatedly the shortest chain avoiding every other
 * layer and every import already used by a chain found before.
 */
export function findLayerDependencies(
  graph: ImportGraph,
  levels: Level[],
  removed: Set<number>,
  footprint: Uint8Array,
): RawDependency[] {
  const layerModules = levels.flatMap((level) => level.modules);
  const owner = ownerScratchFor(graph.size);
  const members: number[][] = layerModules.map((module, index) => {
    const ids = graph.membersOf(module);
    for (const id of ids) owner[id] = index;
    return ids;
  });
  // Illegal targets per importing layer module (indexes into layerModules).
  const targets: number[][] = layerModules.map(() => []);
  let offset = 0;
  const starts = levels.map((level) => {
    const start = offset;
    offset += level.modules.length;
    return start;
  });
  levels.forEach((level, index) => {
    level.modules.forEach((_, position) => {
      const higher = starts[index]! + position;
      for (let lower = index + 1; lower < levels.length; lower += 1) {
        levels[lower]!.modules.forEach((__, lowerPosition) => targets[starts[lower]! + lowerPosition]!.push(higher));
      }
      if (level.independent) {
        level.modules.forEach((__, sibling) => {
          if (sibling !== position) targets[higher]!.push(starts[index]! + sibling);
        });
      }
    });
  });

  try {
    return searchLayers(graph, layerModules, members, targets, owner, removed, footprint);
  } finally {
    for (const ids of members) for (const id of ids) owner[id] = -1;
  }
}

// One owner array for every search (a layers contract with 1,000 containers runs 1,000 of them):
// entries are set for the layer modules of one search and reset afterwards.
let ownerScratch: Int32Array | undefined;
function ownerScratchFor(size: number): Int32Array {
  if (!ownerScratch || ownerScratch.length < size) ownerScratch = new Int32Array(Math.max(size, 1024)).fill(-1);
  return ownerScratch;
}

function searchLayers(
  graph: ImportGraph,
  layerModules: number[],
  members: number[][],
  targets: number[][],
  owner: Int32Array,
  removed: Set<number>,
  footprint: Uint8Array,
): RawDependency[] {
  const dependencies: RawDependency[] = [];
  const hit = new Uint8Array(layerModules.length);
  const s = scratchFor(graph.size);
  const checkRemoved = removed.size > 0;
  targets.forEach((wanted, from) => {
    if (wanted.length === 0) return;
    // One pass from this layer module: which other layer modules does it reach without crossing a third?
    hit.fill(0);
    const stamp = s.next();
    const { seen, queue } = s;
    let head = 0;
    let tail = 0;
    for (const source of members[from]!) {
      seen[source] = stamp;
      queue[tail++] = source;
    }
    while (head < tail) {
      const node = queue[head++]!;
      footprint[node] = 1;
      for (const next of graph.out[node]!) {
        if (seen[next] === stamp) continue;
        if (checkRemoved && removed.has(edgeKey(node, next))) continue;
        const nextOwner = owner[next]!;
        if (nextOwner !== -1) {
          hit[nextOwner] = 1;
          continue;
        }
        seen[next] = stamp;
        queue[tail++] = next;
      }
    }
    for (const to of wanted) {
      if (!hit[to]) continue;
      const routes = findRoutes(graph, members[from]!, owner, from, to, removed);
      if (routes.length > 0) dependencies.push({ importer: layerModules[from]!, imported: layerModules[to]!, routes });
    }
  });
  return dependencies;
}

function findRoutes(
  graph: ImportGraph,
  sources: number[],
  owner: Int32Array,
  from: number,
  to: number,
  removed: Set<number>,
): RawRoute[] {
  const excluded = new Set<number>();
  const routes: RawRoute[] = [];
  const middles = new Map<string, number[]>();
  for (;;) {
    const chain = shortestChain(graph, sources, owner, from, to, removed, excluded);
    if (!chain) break;
    for (let index = 0; index + 1 < chain.length; index += 1) excluded.add(edgeKey(chain[index]!, chain[index + 1]!));
    if (chain.length === 2) routes.push({ heads: [chain[0]!], middle: [], tails: [chain[1]!] });
    else {
      const middle = chain.slice(1, -1);
      middles.set(middle.join(','), middle);
    }
  }
  const isLive = (importer: number, imported: number) => !removed.has(edgeKey(importer, imported));
  for (const middle of middles.values()) {
    const first = middle[0]!;
    const last = middle[middle.length - 1]!;
    const heads = graph.into[first]!.filter((id) => owner[id] === from && isLive(id, first));
    const tails = graph.out[last]!.filter((id) => owner[id] === to && isLive(last, id));
    routes.push({ heads, middle, tails });
  }
  return routes;
}

/**
 * grimp's find_shortest_chains(importer, imported, as_packages): one shortest chain per
 * (downstream module, upstream module) pair, never passing through another module of either package.
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

  const chains: number[][] = [];
  for (const start of downstream) {
    stamp = s.next();
    ({ seen, queue } = s);
    const { previous } = s;
    head = 0;
    tail = 0;
    seen[start] = stamp;
    previous[start] = -1;
    queue[tail++] = start;
    const found: number[] = [];
    while (head < tail) {
      const node = queue[head++]!;
      for (const next of graph.out[node]!) {
        if (seen[next] === stamp || !live(node, next)) continue;
        if (role[next] === 2) {
          seen[next] = stamp;
          previous[next] = node;
          found.push(next);
          continue;
        }
        if (role[next] !== 0 || !canReach[next]) continue;
        seen[next] = stamp;
        previous[next] = node;
        queue[tail++] = next;
      }
    }
    for (const end of found) {
      const chain = [end];
      for (let step = previous[end]!; step !== -1; step = previous[step]!) chain.push(step);
      chains.push(chain.reverse());
    }
  }
  return chains;
}

/** Direct imports from any of `importers` to any of `importeds` (forbidden with allow_indirect_imports). */
export function findDirectChains(
  graph: ImportGraph,
  importers: number[],
  importeds: number[],
  removed: Set<number> = NONE,
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
