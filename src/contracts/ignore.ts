import { ContractsError } from './errors.ts';
import { edgeKey } from './graph.ts';
import type { ImportGraph } from './graph.ts';
import { matchModules } from './module-expressions.ts';

export interface IgnoredImports {
  /** Edge keys the contract leaves out. */
  removed: Set<number>;
  warnings: string[];
}

/**
 * Resolves a contract's `ignore_imports` into the edges to leave out. Expressions that match no
 * import raise one MissingImport naming every one of them (alerting "error", the default), become
 * one warning each ("warn"), or are dropped silently ("none"), as import-linter 2.12 does: in the
 * order the configuration lists them, each once.
 */
export function resolveIgnoredImports(
  graph: ImportGraph,
  expressions: string[],
  alerting: string,
  contract: string,
): IgnoredImports {
  const removed = new Set<number>();
  const unmatched: string[] = [];
  for (const expression of expressions) {
    const [importerExpression, importedExpression] = expression.split('->').map((part) => part.trim()) as [
      string,
      string,
    ];
    const importeds = new Set(matchModules(graph, importedExpression));
    let matched = false;
    if (importeds.size > 0) {
      for (const importer of matchModules(graph, importerExpression)) {
        for (const imported of graph.out[importer]!) {
          if (!importeds.has(imported)) continue;
          removed.add(edgeKey(importer, imported));
          matched = true;
        }
      }
    }
    const written = `${importerExpression} -> ${importedExpression}`;
    if (!matched && !unmatched.includes(written)) unmatched.push(written);
  }
  if (unmatched.length === 0 || alerting === 'none') return { removed, warnings: [] };
  const messages = unmatched.map((expression) => `No matches for ignored import ${expression}.`);
  if (alerting === 'warn') return { removed, warnings: messages };
  throw new ContractsError('MissingImport', messages.join('\n'), { contract, field: 'ignore_imports' });
}
