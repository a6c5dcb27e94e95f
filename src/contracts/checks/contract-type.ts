// One kind of contract, as import-linter has one class per contract type: it reads its options
// once, when the configuration is parsed (a malformed contract stops the run, exit 2, before any
// file is scanned, with a message naming the contract and the field), checks them against the
// graph, and renders its violations in the text report.
import type { ContractConfig, LinterConfig } from '../config-types.ts';
import { ContractsError } from '../errors.ts';
import type { ContractReport } from '../types.ts';
import type { CheckContext } from './context.ts';

export type Alerting = 'error' | 'warn' | 'none';
const isAlerting = (value: string): value is Alerting => value === 'error' || value === 'warn' || value === 'none';

/** The options every contract type has. */
export interface CommonOptions {
  /** `importer -> imported` expressions whose imports the contract leaves out. */
  ignoreImports: string[];
  /** What an ignore_imports expression that matches no import does. */
  unmatchedIgnoreImportsAlerting: Alerting;
}

/** What a check finds: the contract's report without its name, type and warnings. */
export type Verdict = Pick<ContractReport, 'kept' | 'undeclared_modules' | 'violations'>;

export interface ContractType<Options extends CommonOptions> {
  /** The `type` of the contract in the configuration. */
  readonly name: string;
  /** Reads and checks the contract's options; throws InvalidContract naming the field. */
  parse(options: OptionReader, config: LinterConfig): Options;
  check(context: CheckContext, options: Options): Verdict;
  /**
   * Whether `check` marks in `context.footprint` every module whose imports can change its verdict,
   * so that the incremental analyser may skip it after an edit elsewhere. Types that do not are
   * checked again after every edit.
   */
  readonly tracksFootprint: boolean;
  /** import-linter's render_broken_contract: the text report's body for a broken contract. */
  render(report: ContractReport): string[];
}

export function invalidContract(contract: ContractConfig, field: string, message: string): ContractsError {
  return new ContractsError('InvalidContract', `Contract "${contract.name}" (${field}): ${message}`, {
    contract: contract.name,
    field,
  });
}

/** One contract's options as configured (lists of strings), read field by field. */
export class OptionReader {
  readonly contract: ContractConfig;

  constructor(contract: ContractConfig) {
    this.contract = contract;
  }

  invalid(field: string, message: string): ContractsError {
    return invalidContract(this.contract, field, message);
  }

  list(field: string): string[] {
    return this.contract.options[field] ?? [];
  }

  required(field: string): string[] {
    const values = this.list(field);
    if (values.length === 0) throw this.invalid(field, 'is required.');
    return values;
  }

  flag(field: string, fallback: boolean): boolean {
    const values = this.list(field);
    if (values.length === 0) return fallback;
    const value = values.join('').toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    throw this.invalid(field, `must be true or false, not "${values.join(' ')}".`);
  }

  /** ignore_imports and unmatched_ignore_imports_alerting. */
  common(): CommonOptions {
    const alerting = this.list('unmatched_ignore_imports_alerting')[0] ?? 'error';
    if (!isAlerting(alerting)) {
      throw this.invalid('unmatched_ignore_imports_alerting', `must be error, warn or none, not "${alerting}".`);
    }
    const ignoreImports = this.list('ignore_imports');
    for (const expression of ignoreImports) {
      const parts = expression.split('->').map((part) => part.trim());
      if (parts.length !== 2 || !parts[0] || !parts[1]) {
        throw this.invalid('ignore_imports', `"${expression}" must look like "importer -> imported".`);
      }
    }
    return { ignoreImports, unmatchedIgnoreImportsAlerting: alerting };
  }
}
