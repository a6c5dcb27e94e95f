// The shape of a parsed import-linter configuration. Kept apart from config.ts so the
// validator (which config.ts calls) can name these types without an import cycle.

export interface ConfigFile {
  path: string;
  text: string;
}

/** One contract as configured: options are normalised to lists of strings. */
export interface ContractConfig {
  id: string;
  name: string;
  type: string;
  options: Record<string, string[]>;
}

export interface LinterConfig {
  path: string;
  rootPackages: string[];
  includeExternalPackages: boolean;
  excludeTypeCheckingImports: boolean;
  contracts: ContractConfig[];
  /**
   * `contract_types` (`name: python.module.ClassName`): custom contract types, which name Python
   * classes Strata cannot run; kept so a contract of such a type gets an error that says so.
   */
  customTypes?: Record<string, string>;
  /**
   * Strata's structure rules (`[strata:rule:ID]` sections, `[[tool.strata.rules]]`), which
   * lint-imports does not read: configured like contracts, checked on the source (structure/).
   */
  rules?: ContractConfig[];
}
