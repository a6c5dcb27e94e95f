import type { ContractConfig } from '../config-types.ts';
import { ContractsError } from '../errors.ts';
import type { ImportGraph } from '../graph.ts';
import { hasWildcard, matchModules } from '../module-expressions.ts';

/** What every contract check gets: the graph, the edges its ignore_imports leave out, the contract. */
export interface CheckContext {
  graph: ImportGraph;
  contract: ContractConfig;
  removed: Set<number>;
  rootPackages: string[];
  /** Marks the modules whose imports the check looked at (for incremental re-checks). */
  footprint: Uint8Array;
  /**
   * Incremental re-checks (createAnalyser) only: `saved` is what this contract's previous check kept
   * for the next one (undefined at first), `changed` the one module whose imports changed since, on
   * the same graph with the same ignored imports (undefined: reuse nothing). A check may reuse the
   * parts of its work that did not look at `changed`; the footprint is then the previous check's,
   * added to. Absent in a one-off analysis: nothing is kept.
   */
  memo?: CheckMemo;
}

export interface CheckMemo {
  changed: number | undefined;
  saved: unknown;
}

export function missingModule(context: CheckContext, name: string, field: string): ContractsError {
  return new ContractsError(
    'MissingModule',
    `Contract "${context.contract.name}" (${field}): module ${name} does not exist.`,
    { contract: context.contract.name, field },
  );
}

/**
 * Expands the expressions of option `field` to module ids; a plain name that is not in the graph
 * raises when `required`.
 */
export function resolveModules(
  context: CheckContext,
  expressions: readonly string[],
  field: string,
  required: boolean,
): number[] {
  const ids: number[] = [];
  for (const expression of expressions) {
    const matched = matchModules(context.graph, expression);
    if (matched.length === 0 && required && !hasWildcard(expression)) throw missingModule(context, expression, field);
    for (const id of matched) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

export const byName = (context: CheckContext) => (a: number, b: number) => {
  const names = context.graph.names;
  return names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0;
};
