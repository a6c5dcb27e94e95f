// Whether an exercise's debt list (exercise.json `debt`) can be graded fairly; checked when the
// exercise is parsed. Apart from debt.ts, which grades it, so that parsing an exercise does not
// depend on the grading of contracts.
import type { ContractConfig, LinterConfig } from '../contracts/index.ts';

const alertingOf = (contract: ContractConfig) => contract.options.unmatched_ignore_imports_alerting?.[0] ?? 'error';

/**
 * Why `debt` cannot be graded on `config` (a name that is no contract, a contract with nothing
 * ignored, an entry paid off that would make the contract fail to run, no rule that sees dynamic
 * imports), or undefined when it can.
 */
export function debtProblem(config: LinterConfig, debt: readonly string[]): string | undefined {
  for (const name of debt) {
    const contract = config.contracts.find((candidate) => candidate.name === name);
    if (!contract) return `no contract named "${name}" in ${config.path}`;
    if ((contract.options.ignore_imports ?? []).length === 0) {
      return `the contract "${name}" has no ignore_imports to pay off`;
    }
    if (alertingOf(contract) === 'error') {
      return `the contract "${name}" needs unmatched_ignore_imports_alerting = none (or warn): with the default, an entry paid off stops the contract from being checked`;
    }
  }
  if (debt.length > 0 && !(config.rules ?? []).some((rule) => rule.type === 'no_dynamic_imports')) {
    return `${config.path} needs a no_dynamic_imports structure rule: without it an import hidden with importlib would count as paid off`;
  }
  return undefined;
}
