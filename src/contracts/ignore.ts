import { ContractsError } from './errors.ts';
import { edgeKey } from './graph.ts';
import type { ImportGraph } from './graph.ts';

function pattern(expression: string): RegExp {
  const source = expression
    .split('.')
    .map((part) =>
      part === '**' ? '[^.]+(?:\\.[^.]+)*' : part === '*' ? '[^.]+' : part.replace(/[\\^$+?()[\]{}|]/g, '\\$&'),
    )
    .join('\\.');
  return new RegExp(`^${source}$`);
}

/**
 * Resolves a contract's `ignore_imports` into the set of edges to leave out. An expression that
 * matches nothing raises (alerting "error", the default), becomes a warning ("warn"), or is silent ("none").
 */
export function resolveIgnoredImports(
  graph: ImportGraph,
  expressions: string[],
  alerting: string,
  contract: string,
): { removed: Set<number>; warnings: string[] } {
  const removed = new Set<number>();
  const warnings: string[] = [];
  if (!['error', 'warn', 'none'].includes(alerting)) {
    throw new ContractsError(
      'InvalidContract',
      `Contract "${contract}": unmatched_ignore_imports_alerting must be error, warn or none, not "${alerting}"`,
      { contract, field: 'unmatched_ignore_imports_alerting' },
    );
  }
  for (const expression of expressions) {
    const parts = expression.split('->').map((part) => part.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new ContractsError(
        'InvalidContract',
        `Contract "${contract}": ignore_imports entry "${expression}" must look like "importer -> imported"`,
        { contract, field: 'ignore_imports' },
      );
    }
    const importers = pattern(parts[0]);
    const importeds = pattern(parts[1]);
    let matched = false;
    graph.names.forEach((name, importer) => {
      if (!importers.test(name)) return;
      for (const imported of graph.out[importer]!.keys()) {
        if (importeds.test(graph.names[imported]!)) {
          removed.add(edgeKey(graph, importer, imported));
          matched = true;
        }
      }
    });
    if (matched) continue;
    const message = `No matches for ignored import ${parts[0]} -> ${parts[1]}.`;
    if (alerting === 'error') throw new ContractsError('MissingImport', message, { contract, field: 'ignore_imports' });
    if (alerting === 'warn') warnings.push(message);
  }
  return { removed, warnings };
}

/** Expands module expressions with `*` / `**` wildcards against the graph's module names. */
export function expandModules(graph: ImportGraph, expressions: string[]): string[] {
  const out: string[] = [];
  for (const expression of expressions) {
    if (!expression.includes('*')) {
      out.push(expression);
      continue;
    }
    const regex = pattern(expression);
    for (const name of graph.names) if (regex.test(name) && !out.includes(name)) out.push(name);
  }
  return out;
}
