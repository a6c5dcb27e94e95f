import { edgeKey } from '../graph.ts';
import { expandModules } from '../ignore.ts';
import type { AcyclicViolation } from '../types.ts';
import { option, requireModule } from './context.ts';
import type { CheckContext } from './context.ts';

/**
 * Orders nodes with Eades, Lin and Smyth's greedy heuristic for a small feedback arc set
 * (sinks to the back, sources to the front, else the node with the largest out-minus-in weight;
 * ties by name). Edges pointing backwards in the order break every cycle.
 */
function greedyOrder(nodes: string[], weight: Map<string, Map<string, number>>): string[] {
  const remaining = new Set(nodes);
  const front: string[] = [];
  const back: string[] = [];
  const outOf = (node: string) =>
    [...(weight.get(node) ?? new Map())].filter(([to]) => remaining.has(to) && to !== node);
  const inTo = (node: string) =>
    [...remaining]
      .filter((from) => from !== node && weight.get(from)?.has(node))
      .map((from) => weight.get(from)!.get(node)!);
  while (remaining.size > 0) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const node of [...remaining].sort()) {
        if (outOf(node).length === 0) {
          back.unshift(node);
          remaining.delete(node);
          changed = true;
        } else if (inTo(node).length === 0) {
          front.push(node);
          remaining.delete(node);
          changed = true;
        }
      }
    }
    if (remaining.size === 0) break;
    let best = '';
    let bestDelta = -Infinity;
    for (const node of [...remaining].sort()) {
      const delta = outOf(node).reduce((sum, [, w]) => sum + w, 0) - inTo(node).reduce((sum, w) => sum + w, 0);
      if (delta > bestDelta) {
        best = node;
        bestDelta = delta;
      }
    }
    front.push(best);
    remaining.delete(best);
  }
  return [...front, ...back];
}

/** acyclic_siblings: the children of each ancestor package must not import each other in a cycle. */
export function checkAcyclicSiblings(context: CheckContext): AcyclicViolation[] {
  const { graph } = context;
  const ancestors = expandModules(graph, option(context, 'ancestors', true));
  const depth = Number(option(context, 'depth', false)[0] ?? '0');
  const skip = option(context, 'skip_descendants', false);
  for (const name of ancestors) requireModule(context, name, 'ancestors');
  const packages = new Set<string>();
  for (const ancestor of ancestors) {
    const base = ancestor.split('.').length;
    for (const name of graph.names) {
      const level = name.split('.').length - base;
      if (
        (name === ancestor || name.startsWith(`${ancestor}.`)) &&
        level <= depth &&
        !graph.external[graph.ids.get(name)!]
      ) {
        if (!skip.some((skipped) => name.startsWith(`${skipped}.`))) packages.add(name);
      }
    }
  }
  const violations: AcyclicViolation[] = [];
  for (const pkg of [...packages].sort()) {
    const childDepth = pkg.split('.').length + 1;
    const children = graph.names.filter(
      (name, id) => !graph.external[id] && name.startsWith(`${pkg}.`) && name.split('.').length === childDepth,
    );
    if (children.length < 2) continue;
    const childOf = new Map<number, string>();
    for (const child of children) for (const id of graph.membersOf(child)) childOf.set(id, child);
    const weight = new Map<string, Map<string, number>>();
    const imports = new Map<string, [number, number][]>();
    for (const [importer, from] of childOf) {
      for (const imported of graph.out[importer]!.keys()) {
        const to = childOf.get(imported);
        if (!to || to === from || context.removed.has(edgeKey(graph, importer, imported))) continue;
        const row = weight.get(from) ?? new Map<string, number>();
        row.set(to, (row.get(to) ?? 0) + 1);
        weight.set(from, row);
        const key = `${from}\n${to}`;
        imports.set(key, [...(imports.get(key) ?? []), [importer, imported]]);
      }
    }
    const order = greedyOrder(children, weight);
    const position = new Map(order.map((name, index) => [name, index]));
    const breakers: [string, string][] = [];
    for (const [from, row] of weight) {
      for (const to of row.keys()) {
        if (position.get(to)! < position.get(from)!) {
          for (const [importer, imported] of imports.get(`${from}\n${to}`)!) {
            breakers.push([graph.names[importer]!, graph.names[imported]!]);
          }
        }
      }
    }
    if (breakers.length > 0) violations.push({ package: pkg, cycle_breakers: breakers.sort() });
  }
  return violations;
}
