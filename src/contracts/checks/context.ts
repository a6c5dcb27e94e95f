import { parseBoolean } from '../config.ts';
import type { ContractConfig } from '../config.ts';
import { ContractsError } from '../errors.ts';
import type { ImportGraph } from '../graph.ts';

/** What every contract check gets: the graph, the edges its ignore_imports leave out, its options. */
export interface CheckContext {
  graph: ImportGraph;
  contract: ContractConfig;
  removed: Set<number>;
  includeExternalPackages: boolean;
}

export function option(context: CheckContext, field: string, required: boolean): string[] {
  const values = context.contract.options[field];
  if (required && (!values || values.length === 0)) {
    throw new ContractsError('InvalidContract', `Contract "${context.contract.name}": "${field}" is required`, {
      contract: context.contract.name,
      field,
    });
  }
  return values ?? [];
}

export function flag(context: CheckContext, field: string, fallback: boolean): boolean {
  return parseBoolean(context.contract.options[field], fallback, { contract: context.contract.name, field });
}

/** A module named by the contract must exist in the graph (internal), else lint-imports stops. */
export function requireModule(context: CheckContext, name: string, field: string): void {
  if (!context.graph.ids.has(name)) {
    throw new ContractsError(
      'ValueError',
      `Contract "${context.contract.name}" (${field}): module ${name} does not exist.`,
      { contract: context.contract.name, field },
    );
  }
}
