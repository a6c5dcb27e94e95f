/** One import between two modules, with the lines it is on. */
export interface Link {
  importer: string;
  imported: string;
  line_numbers: number[];
}

export interface Route {
  chain: Link[];
  extra_firsts: Link[];
  extra_lasts: Link[];
}

/** layers, independence, forbidden: one per illegal (importer package → imported package). */
export interface PackageViolation {
  importer: string;
  imported: string;
  routes: Route[];
}

/** protected: one per illegal direct import. */
export interface ProtectedViolation {
  importer: string;
  imported: string;
  line_numbers: number[];
  protected: string;
}

/** acyclic_siblings: one per package whose children form cycles. */
export interface AcyclicViolation {
  package: string;
  cycle_breakers: [string, string][];
  /**
   * Line numbers of each cycle breaker's import, in the order of `cycle_breakers`. Not enumerable:
   * import-linter's JSON report has no lines here, so JSON.stringify (and spreads) leave it out;
   * the engine's own callers (feedback, the editor) read it from the report object.
   */
  readonly cycle_breaker_lines?: number[][];
}

/** A structure rule (structure/): one per place in a module that breaks it. */
export interface RuleViolation {
  /** The rule's type: no_dynamic_imports, no_private_access, sql_only_in. */
  rule: string;
  module: string;
  file: string;
  line: number;
  column: number;
  /** The offending source text. */
  text: string;
  /** What it reaches: a module or name, or `SQL`. */
  target: string;
  reason: string;
}

export type Violation = PackageViolation | ProtectedViolation | AcyclicViolation | RuleViolation;

export interface ContractReport {
  name: string;
  type: string;
  kept: boolean;
  warnings: string[];
  undeclared_modules?: string[];
  violations: Violation[];
}

/** The `--format json` report; also the shape of the conformance cases' `expected`. */
export interface LintReport {
  exit_code: 0 | 1;
  analyzed_files: number;
  dependencies: number;
  contracts: ContractReport[];
}
