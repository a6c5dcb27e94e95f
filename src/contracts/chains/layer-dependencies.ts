// grimp's find_illegal_dependencies_for_layers (its higher-order queries): the illegal imports
// between the layers of one container, with every route, for layers and independence contracts.
import { edgeKey } from '../graph.ts';
import type { ImportGraph } from '../graph.ts';
import { scratchFor } from './pathfinding.ts';

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

/**
 * What a findLayerDependencies search leaves for the next one over the same graph, the same levels
 * and the same removed imports (incremental re-checks: createAnalyser keeps it per contract): per
 * layer module searched from, the modules whose imports its search looked at (sorted) and the
 * dependencies it found. A search from a layer module that did not look at `changed` (the one module
 * whose imports changed since) would find what it found before, so it is not run again.
 */
export interface LayerSearchMemo {
  /** The module whose imports changed since the memo was filled; undefined: search everything. */
  changed: number | undefined;
  /** The members of each layer module (an update changes imports, never modules). */
  members?: number[][];
  units?: (LayerSearchUnit | undefined)[];
  /** How many more ids the memos of one contract may record (a bound on their memory), shared by them. */
  budget: { left: number };
}

interface LayerSearchUnit {
  visited: Int32Array;
  dependencies: RawDependency[];
}

/** Ids the memos of one contract may record in all: 16 MB (a search past it runs again next time). */
const MEMO_BUDGET = 1 << 22;

/**
 * One memo per search (per container) for a check that keeps them in `memo.saved` between
 * incremental re-checks (CheckContext.memo); undefined without one (a one-off check records nothing).
 */
export function layerSearchMemos(
  memo: { changed: number | undefined; saved: unknown } | undefined,
  searches: number,
): LayerSearchMemo[] | undefined {
  if (!memo) return undefined;
  let memos = memo.saved as LayerSearchMemo[] | undefined;
  if (memo.changed === undefined || !memos || memos.length !== searches) {
    const budget = { left: MEMO_BUDGET };
    memos = Array.from({ length: searches }, () => ({ changed: undefined, budget }));
    memo.saved = memos;
  }
  for (const searchMemo of memos) searchMemo.changed = memo.changed;
  return memos;
}

/** Whether the ascending `ids` hold `id`. */
function holds(ids: Int32Array, id: number): boolean {
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = ids[middle]!;
    if (value === id) return true;
    if (value < id) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** One level of a layers contract: its modules (ids) and whether they may import each other. */
export interface Level {
  modules: number[];
  independent: boolean;
}

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
  memo?: LayerSearchMemo,
): RawDependency[] {
  const changed = memo?.changed;
  const saved = changed === undefined ? undefined : memo?.units;
  // No search from this container looked at the changed module: nothing to set up or search again.
  if (saved && saved.every((unit) => unit !== undefined && !holds(unit.visited, changed!))) {
    return saved.flatMap((unit) => unit!.dependencies);
  }
  const layerModules = levels.flatMap((level) => level.modules);
  const owner = ownerScratchFor(graph.size);
  const members: number[][] = memo?.members ?? layerModules.map((module) => graph.membersOf(module));
  if (memo) memo.members = members;
  members.forEach((ids, index) => {
    for (const id of ids) owner[id] = index;
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
    return searchLayers(graph, layerModules, members, targets, owner, removed, footprint, memo, saved);
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
  memo: LayerSearchMemo | undefined,
  saved: (LayerSearchUnit | undefined)[] | undefined,
): RawDependency[] {
  const dependencies: RawDependency[] = [];
  const hit = new Uint8Array(layerModules.length);
  const s = scratchFor(graph.size);
  const checkRemoved = removed.size > 0;
  const units: (LayerSearchUnit | undefined)[] = [];
  targets.forEach((wanted, from) => {
    const before = saved?.[from];
    if (before && !holds(before.visited, memo!.changed!)) {
      units.push(before);
      dependencies.push(...before.dependencies);
      return;
    }
    // A layer module that may import every other one is not searched from: an empty unit.
    if (wanted.length === 0) {
      units.push({ visited: new Int32Array(0), dependencies: [] });
      return;
    }
    const found = dependencies.length;
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
    // The queue holds every module the pass looked at, each once (the route searches below look at
    // no other, and reuse the queue). Past the budget, the unit is not recorded: searched next time.
    if (before) memo!.budget.left += before.visited.length;
    const recorded = memo !== undefined && memo.budget.left >= tail;
    const visited = recorded ? queue.slice(0, tail).sort() : undefined;
    if (recorded) memo.budget.left -= tail;
    for (const to of wanted) {
      if (!hit[to]) continue;
      const routes = findRoutes(graph, members[from]!, owner, from, to, removed);
      if (routes.length > 0) dependencies.push({ importer: layerModules[from]!, imported: layerModules[to]!, routes });
    }
    units.push(visited && { visited, dependencies: dependencies.slice(found) });
  });
  if (memo) memo.units = units;
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
