import { ContractsError } from '../errors.ts';
import { edgeKey } from '../graph.ts';
import type { ImportGraph } from '../graph.ts';
import type { AcyclicViolation } from '../types.ts';
import { byName, option, resolveModules } from './context.ts';
import type { CheckContext } from './context.ts';

const DEFAULT_DEPTH = 10;

/**
 * grimp's nominate_cycle_breakers: order the package's children (sources first, sinks last, the rest
 * by the largest outgoing-minus-incoming import count, ties by name); every import between children
 * that points backwards in that order breaks a cycle.
 */
function nominateCycleBreakers(graph: ImportGraph, pkg: number, removed: Set<number>): [number, number][] {
  const children = [...graph.children[pkg]!].sort((a, b) => (graph.names[a]! < graph.names[b]! ? -1 : 1));
  if (children.length < 2) return [];
  const childOf = new Map<number, number>();
  children.forEach((child, index) => {
    for (const member of graph.membersOf(child)) childOf.set(member, index);
  });
  const count = children.length;
  const weight = new Map<number, number>(); // from * count + to → number of imports
  const imports = new Map<number, [number, number][]>();
  for (const [importer, from] of childOf) {
    for (const imported of graph.out[importer]!) {
      const to = childOf.get(imported);
      if (to === undefined || to === from || removed.has(edgeKey(importer, imported))) continue;
      const key = from * count + to;
      weight.set(key, (weight.get(key) ?? 0) + 1);
      const list = imports.get(key);
      if (list) list.push([importer, imported]);
      else imports.set(key, [[importer, imported]]);
    }
  }
  const outs: Set<number>[] = children.map(() => new Set());
  const ins: Set<number>[] = children.map(() => new Set());
  for (const key of weight.keys()) {
    outs[Math.floor(key / count)]!.add(key % count);
    ins[key % count]!.add(Math.floor(key / count));
  }
  const remaining = new Set(children.keys());
  const remove = (node: number) => {
    remaining.delete(node);
    for (const to of outs[node]!) ins[to]!.delete(node);
    for (const from of ins[node]!) outs[from]!.delete(node);
  };
  const sources: number[] = [];
  for (;;) {
    const found = [...remaining].filter((node) => ins[node]!.size === 0);
    if (found.length === 0) break;
    sources.push(...found);
    found.forEach(remove);
  }
  let sinks: number[] = [];
  for (;;) {
    const found = [...remaining].filter((node) => outs[node]!.size === 0);
    if (found.length === 0) break;
    found.forEach(remove);
    sinks = [...found, ...sinks];
  }
  const middle: number[] = [];
  while (remaining.size > 0) {
    let best = -1;
    let bestDifference = -Infinity;
    for (const node of remaining) {
      let difference = 0;
      for (const to of outs[node]!) difference += weight.get(node * count + to)!;
      for (const from of ins[node]!) difference -= weight.get(from * count + node)!;
      // `children` is sorted by name, so the first of equal differences is the earliest name.
      if (difference > bestDifference || (difference === bestDifference && node < best)) {
        best = node;
        bestDifference = difference;
      }
    }
    middle.push(best);
    remove(best);
  }
  const position = new Map([...sources, ...middle, ...sinks].map((node, index) => [node, index]));
  const breakers: [number, number][] = [];
  for (const [key, list] of imports) {
    if (position.get(key % count)! < position.get(Math.floor(key / count))!) breakers.push(...list);
  }
  return breakers;
}

/** acyclic_siblings: below each ancestor (down to `depth`), the children of a package must not form cycles. */
export function checkAcyclicSiblings(context: CheckContext): AcyclicViolation[] {
  const { graph, contract } = context;
  const resolve = (field: string) => {
    const ids = resolveModules(context, field, true);
    if (ids.length === 0 && option(context, field).length > 0) {
      throw new ContractsError(
        'MissingModule',
        `Contract "${contract.name}" (${field}): ${option(context, field).join(', ')} matched no module.`,
        {
          contract: contract.name,
          field,
        },
      );
    }
    return ids;
  };
  const ancestors = resolve('ancestors').sort(byName(context));
  const skipped = new Set(resolve('skip_descendants'));
  for (const id of ancestors) {
    if (skipped.has(id)) {
      throw new ContractsError(
        'InvalidContract',
        `Contract "${contract.name}" (skip_descendants): cannot skip '${graph.names[id]}' as it is also an ancestor.`,
        {
          contract: contract.name,
          field: 'skip_descendants',
        },
      );
    }
  }
  const depth = Number(option(context, 'depth')[0] ?? DEFAULT_DEPTH);
  const found = new Map<number, [number, number][]>();
  const visit = (pkg: number, remaining: number) => {
    const children = graph.children[pkg]!;
    if (children.length === 0) return;
    for (const member of graph.membersOf(pkg)) context.footprint[member] = 1;
    const breakers = nominateCycleBreakers(graph, pkg, context.removed);
    if (breakers.length > 0) found.set(pkg, breakers);
    if (remaining > 0) {
      for (const child of [...children].sort(byName(context))) if (!skipped.has(child)) visit(child, remaining - 1);
    }
  };
  for (const ancestor of ancestors) visit(ancestor, depth);
  return [...found]
    .sort(([a], [b]) => byName(context)(a, b))
    .map(([pkg, breakers]) => {
      const named = breakers
        .map(([importer, imported]) => ({
          pair: [graph.names[importer]!, graph.names[imported]!] as [string, string],
          importer,
          imported,
        }))
        .sort((a, b) => (a.pair.join(' ') < b.pair.join(' ') ? -1 : 1));
      const violation: AcyclicViolation = { package: graph.names[pkg]!, cycle_breakers: named.map(({ pair }) => pair) };
      Object.defineProperty(violation, 'cycle_breaker_lines', {
        value: named.map(({ importer, imported }) => [...graph.lines(importer, imported)]),
        enumerable: false,
      });
      return violation;
    });
}
