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

/** Ids of the graph's modules an expression names (a plain name only if the module exists). */
export function matchModules(graph: ImportGraph, expression: string): number[] {
  if (!hasWildcard(expression)) {
    const id = graph.ids.get(expression);
    return id === undefined ? [] : [id];
  }
  const pattern = expressionPattern(expression);
  const ids: number[] = [];
  graph.names.forEach((name, id) => {
    if (pattern.test(name)) ids.push(id);
  });
  return ids;
}
