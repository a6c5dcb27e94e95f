// Contract options are checked when the configuration is parsed, so a malformed contract stops the
// run (exit 2) before any file is scanned, with a message naming the contract and the field.
import type { ContractConfig, LinterConfig } from './config-types.ts';
import { ContractsError } from './errors.ts';

export const CONTRACT_TYPES = ['layers', 'forbidden', 'independence', 'protected', 'acyclic_siblings'];

const REQUIRED: Record<string, string[]> = {
  layers: ['layers'],
  forbidden: ['source_modules', 'forbidden_modules'],
  independence: ['modules'],
  protected: ['protected_modules'],
  acyclic_siblings: ['ancestors'],
};

const BOOLEANS: Record<string, string[]> = {
  layers: ['exhaustive'],
  forbidden: ['allow_indirect_imports', 'as_packages'],
  protected: ['as_packages'],
};

/** One line of `layers`: `a`, `(a)` optional, `a | b` independent siblings, `a : b` non-independent. */
export interface LayerLine {
  tails: { name: string; optional: boolean }[];
  independent: boolean;
}

function invalid(contract: ContractConfig, field: string, message: string): ContractsError {
  return new ContractsError('InvalidContract', `Contract "${contract.name}" (${field}): ${message}`, {
    contract: contract.name,
    field,
  });
}

export function parseLayerLine(raw: string, contract: ContractConfig): LayerLine {
  const text = raw.trim();
  const independent = text.includes('|');
  if (independent && text.includes(':')) {
    throw invalid(contract, 'layers', `"${text}" mixes | and : (siblings are either independent or not).`);
  }
  const parts = text.includes('|') ? text.split('|') : text.includes(':') ? text.split(':') : [text];
  const tails = parts.map((part) => {
    const item = part.trim();
    const optional = item.startsWith('(') && item.endsWith(')');
    const name = optional ? item.slice(1, -1).trim() : item;
    if (!name) throw invalid(contract, 'layers', `"${text}" has an empty layer name.`);
    return { name, optional };
  });
  return { tails, independent: independent || !text.includes(':') };
}

export function parseFlag(values: string[] | undefined, fallback: boolean, contract: ContractConfig, field: string) {
  if (!values || values.length === 0) return fallback;
  const value = values.join('').toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw invalid(contract, field, `must be true or false, not "${values.join(' ')}".`);
}

const isInternal = (config: LinterConfig, name: string) =>
  config.rootPackages.some((root) => name === root || name.startsWith(`${root}.`));

export function validateContract(contract: ContractConfig, config: LinterConfig): void {
  if (!CONTRACT_TYPES.includes(contract.type)) {
    throw invalid(contract, 'type', `unknown type "${contract.type}"; expected one of ${CONTRACT_TYPES.join(', ')}.`);
  }
  for (const field of REQUIRED[contract.type]!) {
    if ((contract.options[field] ?? []).length === 0) throw invalid(contract, field, 'is required.');
  }
  for (const field of BOOLEANS[contract.type] ?? []) parseFlag(contract.options[field], false, contract, field);
  const alerting = contract.options.unmatched_ignore_imports_alerting?.[0] ?? 'error';
  if (!['error', 'warn', 'none'].includes(alerting)) {
    throw invalid(contract, 'unmatched_ignore_imports_alerting', `must be error, warn or none, not "${alerting}".`);
  }
  for (const expression of contract.options.ignore_imports ?? []) {
    const parts = expression.split('->').map((part) => part.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw invalid(contract, 'ignore_imports', `"${expression}" must look like "importer -> imported".`);
    }
  }
  if (contract.type === 'layers') {
    for (const line of contract.options.layers!) parseLayerLine(line, contract);
    const exhaustive = parseFlag(contract.options.exhaustive, false, contract, 'exhaustive');
    if (exhaustive && (contract.options.containers ?? []).length === 0) {
      throw invalid(contract, 'exhaustive', 'the exhaustive option is not supported for contracts without containers.');
    }
  }
  if (contract.type === 'forbidden') {
    for (const name of contract.options.forbidden_modules!) {
      if (isInternal(config, name)) continue;
      if (!config.includeExternalPackages) {
        throw invalid(
          contract,
          'forbidden_modules',
          `${name} is an external module: the top level configuration must have include_external_packages = True when there are external forbidden modules.`,
        );
      }
      if (name.includes('.')) {
        throw invalid(
          contract,
          'forbidden_modules',
          `invalid forbidden module ${name}: subpackages of external packages are not valid.`,
        );
      }
    }
  }
  if (contract.type === 'acyclic_siblings') {
    const depth = contract.options.depth?.[0];
    if (depth !== undefined && !/^\d+$/.test(depth))
      throw invalid(contract, 'depth', `must be a whole number, not "${depth}".`);
  }
}
