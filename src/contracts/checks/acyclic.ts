// acyclic_siblings: below each ancestor (down to `depth`), the children of a package must not form cycles.
import { ContractsError } from '../errors.ts';
import { edgeKey } from '../graph.ts';
import type { ImportGraph } from '../graph.ts';
import type { AcyclicViolation } from '../types.ts';
import type { CommonOptions, ContractType } from './contract-type.ts';
import { byName, resolveModules } from './context.ts';
import type { CheckContext } from './context.ts';

const DEFAULT_DEPTH = 10;

export interface AcyclicSiblingsOptions extends CommonOptions {
  ancestors: string[];
  skipDescendants: string[];
  depth: number;
}

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

function checkAcyclicSiblings(context: CheckContext, options: AcyclicSiblingsOptions) {
  const { graph, contract } = context;
  const resolve = (expressions: string[], field: string) => {
    const ids = resolveModules(context, expressions, field, true);
    if (ids.length === 0 && expressions.length > 0) {
      throw new ContractsError(
        'MissingModule',
        `Contract "${contract.name}" (${field}): ${expressions.join(', ')} matched no module.`,
        {
          contract: contract.name,
          field,
        },
      );
    }
    return ids;
  };
  const ancestors = resolve(options.ancestors, 'ancestors').sort(byName(context));
  const skipped = new Set(resolve(options.skipDescendants, 'skip_descendants'));
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
  const { depth } = options;
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
  const violations = [...found]
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
  return { kept: violations.length === 0, violations };
}

const MAX_DEPENDENCIES = 5;

function renderAcyclic(violations: AcyclicViolation[]): string[] {
  const out: string[] = [];
  for (const violation of violations) {
    const depth = violation.package.split('.').length + 1;
    const counts = new Map<string, number>();
    for (const [importer, imported] of violation.cycle_breakers) {
      const child = (name: string) => name.split('.').slice(depth - 1, depth)[0]!;
      const key = `.${child(importer)} -> .${child(imported)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const dependencies = [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
    out.push(`No cycles are allowed in ${violation.package}.`);
    out.push(
      `It could be made acyclic by removing ${dependencies.length} ${dependencies.length === 1 ? 'dependency' : 'dependencies'}:`,
      '',
    );
    for (const [key, count] of dependencies.slice(0, MAX_DEPENDENCIES)) {
      out.push(`- ${key} (${count} ${count === 1 ? 'import' : 'imports'})`);
    }
    if (dependencies.length > MAX_DEPENDENCIES) out.push(`(and ${dependencies.length - MAX_DEPENDENCIES} more).`);
    out.push('');
  }
  return out;
}

export const acyclicSiblingsContract: ContractType<AcyclicSiblingsOptions> = {
  name: 'acyclic_siblings',
  parse(options) {
    const ancestors = options.required('ancestors');
    const common = options.common();
    const depth = options.list('depth')[0];
    if (depth !== undefined && !/^\d+$/.test(depth))
      throw options.invalid('depth', `must be a whole number, not "${depth}".`);
    return {
      ...common,
      ancestors,
      skipDescendants: options.list('skip_descendants'),
      depth: Number(depth ?? DEFAULT_DEPTH),
    };
  },
  check: checkAcyclicSiblings,
  // Checked again after every edit, as the incremental analyser always has for this type.
  tracksFootprint: false,
  render: (report) => renderAcyclic(report.violations as AcyclicViolation[]),
};
