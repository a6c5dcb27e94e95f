// A debt list graded entry by entry (exercise.json `debt`): the `ignore_imports` of a contract in
// the exercise's own configuration are the imports a legacy project already broke it with. The
// learner's copy of the configuration is never read (prepareSubmission drops it), so deleting an
// entry, or adding one, changes nothing: an entry counts as paid only when the learner's code lets
// the contract hold without it.
import { analyse, ContractsError } from '../contracts/index.ts';
import type { ContractConfig, LinterConfig } from '../contracts/index.ts';
import type { ContractResult } from '../schemas/index.ts';
import { toContractResults } from './contract-results.ts';

/** The `type` of a debt entry's result in a grade report. */
export const DEBT_TYPE = 'ignore_imports_debt';

const entryText = (expression: string) =>
  expression
    .split('->')
    .map((part) => part.trim())
    .join(' -> ');

/** The name a debt entry is graded and shown under. */
export function debtItemName(expression: string): string {
  return `Debt paid off: ${entryText(expression)}`;
}

/** Every entry of the debt, each broken with `reason` (the project could not be analysed). */
export function unpaidDebt(config: LinterConfig, debt: readonly string[], reason: string): ContractResult[] {
  return config.contracts
    .filter((contract) => debt.includes(contract.name))
    .flatMap((contract) => contract.options.ignore_imports ?? [])
    .map((expression) => ({
      name: debtItemName(expression),
      type: DEBT_TYPE,
      kept: false,
      violations: [],
      warnings: [reason],
    }));
}

/**
 * One result per entry of each debt contract's `ignore_imports`: kept (paid off) when that
 * contract, checked on `files` with this entry no longer ignored (the others still are), holds,
 * and no module imports dynamically (`results`, the contracts and rules already checked, say
 * whether a no_dynamic_imports rule broke: the graph cannot show that an import is gone while a
 * module reaches others through importlib). A detour through another module, or a new upward
 * import anywhere, breaks the contract and so pays nothing.
 */
export function gradeDebt(
  config: LinterConfig,
  debt: readonly string[],
  files: Record<string, string>,
  results: readonly ContractResult[],
): ContractResult[] {
  const dynamic = results.filter((result) => result.type === 'no_dynamic_imports' && !result.kept);
  if (dynamic.length > 0) {
    const names = dynamic.map((result) => `"${result.name}"`).join(', ');
    return unpaidDebt(
      config,
      debt,
      `a module imports dynamically (${names}): nothing counts as paid off until it stops`,
    );
  }
  const graded: ContractResult[] = [];
  for (const contract of config.contracts.filter((candidate) => debt.includes(candidate.name))) {
    const entries = contract.options.ignore_imports ?? [];
    const brokenAlready = results.some((result) => result.name === contract.name && !result.kept);
    for (const expression of entries) {
      const name = debtItemName(expression);
      if (brokenAlready) {
        graded.push({
          name,
          type: DEBT_TYPE,
          kept: false,
          violations: [],
          warnings: [`"${contract.name}" is broken even with every entry ignored: fix the imports it reports first`],
        });
        continue;
      }
      const without: ContractConfig = {
        ...contract,
        options: { ...contract.options, ignore_imports: entries.filter((entry) => entry !== expression) },
      };
      const trial: LinterConfig = {
        ...config,
        contracts: config.contracts.map((candidate) => (candidate === contract ? without : candidate)),
        rules: [],
      };
      try {
        const [report] = toContractResults(analyse(files, trial, { contractIds: [contract.id] }).contracts, files);
        const kept = report?.kept ?? false;
        graded.push({
          name,
          type: DEBT_TYPE,
          kept,
          violations: kept ? [] : (report?.violations ?? []),
          warnings: kept
            ? []
            : [`"${contract.name}" breaks without this entry: the import is still there, or another route replaces it`],
        });
      } catch (error) {
        if (!(error instanceof ContractsError)) throw error;
        graded.push({ name, type: DEBT_TYPE, kept: false, violations: [], warnings: [error.message] });
      }
    }
  }
  return graded;
}
