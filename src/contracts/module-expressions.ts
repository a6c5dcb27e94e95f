// Module expressions as import-linter reads them: `*` stands for one module name component,
// `**` for one or more; anything else must match exactly.
import type { ImportGraph } from './graph.ts';

export const hasWildcard = (expression: string): boolean => expression.includes('*');

function escape(text: string): string {
  return text.replace(/[\\^$+?.()[\]{}|]/g, '\\$&');
}

export function expressionPattern(expression: string): RegExp {
  const source = expression
    .split('.')
    .map((part) =>
      part === '**' ? '[^.]+(?:\\.[^.]+)*' : part === '*' ? '[^.]+' : part.split('*').map(escape).join('[^.]*'),
    )
    .join('\\.');
  return new RegExp(`^${source}$`);
}

// Wildcard matches per graph: a test over every module name, while an incremental update changes
// imports, not modules (adding a module builds a new graph). Keyed by the module count as well.
const wildcardMatches = new WeakMap<ImportGraph, { size: number; matches: Map<string, number[]> }>();

/** Ids of the graph's modules an expression names (a plain name only if the module exists). */
export function matchModules(graph: ImportGraph, expression: string): number[] {
  if (!hasWildcard(expression)) {
    const id = graph.ids.get(expression);
    return id === undefined ? [] : [id];
  }
  let cache = wildcardMatches.get(graph);
  if (!cache || cache.size !== graph.size) {
    cache = { size: graph.size, matches: new Map() };
    wildcardMatches.set(graph, cache);
  }
  const known = cache.matches.get(expression);
  if (known) return [...known];
  const pattern = expressionPattern(expression);
  const ids: number[] = [];
  graph.names.forEach((name, id) => {
    if (pattern.test(name)) ids.push(id);
  });
  cache.matches.set(expression, ids);
  return [...ids];
}
