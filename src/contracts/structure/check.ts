// Structure rules: what import-linter cannot see because it reads import statements only (a
// module loaded through importlib, a private name reached through an attribute, SQL in the wrong
// module). Configured like contracts, in sections lint-imports ignores, and reported as contracts
// are, so grading, `strata lint` and the editor show them the same way. Pure.
import type { ContractConfig, LinterConfig } from '../config-types.ts';
import { discoverModules } from '../discover.ts';
import { ContractsError } from '../errors.ts';
import { expressionPattern } from '../module-expressions.ts';
import type { ContractReport, RuleViolation } from '../types.ts';
import type { ModuleFile } from './bindings.ts';
import { findDynamicImports, findPrivateAccess, findSql } from './rule-types.ts';
import type { ModuleView, PrivateScope, RuleFinding } from './rule-types.ts';
import { tokenizePython } from './tokenize.ts';
import type { LogicalLine } from './tokenize.ts';

export const RULE_TYPES = ['no_dynamic_imports', 'no_private_access', 'sql_only_in'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** A rule with its options read. */
export interface StructureRule {
  id: string;
  name: string;
  type: RuleType;
  /** Module expressions (import-linter's `*`/`**`) of the modules the rule looks at. */
  packages: string[];
  /** sql_only_in: the modules that may hold SQL. */
  allowedModules: string[];
  /** no_private_access: who may use a module's `_name`. */
  scope: PrivateScope;
}

const invalidRule = (rule: ContractConfig, field: string, message: string) =>
  new ContractsError('InvalidContract', `Rule "${rule.name || rule.id}" (${field}): ${message}`, {
    contract: rule.name || rule.id,
    field,
  });

const isRuleType = (type: string): type is RuleType => (RULE_TYPES as readonly string[]).includes(type);

/** Reads one rule's options; throws InvalidContract naming the field, as a bad contract does. */
export function parseRule(rule: ContractConfig, linter: LinterConfig): StructureRule {
  if (!rule.name) throw invalidRule(rule, 'name', '"name" is required');
  if (!isRuleType(rule.type)) {
    throw invalidRule(rule, 'type', `unknown type "${rule.type}"; expected one of ${RULE_TYPES.join(', ')}.`);
  }
  const known = new Set(['id', 'name', 'type', 'packages', 'allowed_modules', 'scope']);
  for (const field of Object.keys(rule.options)) {
    if (!known.has(field)) throw invalidRule(rule, field, `unknown option; expected one of ${[...known].join(', ')}.`);
  }
  const packages = rule.options.packages ?? linter.rootPackages;
  const allowedModules = rule.options.allowed_modules ?? [];
  if (rule.type === 'sql_only_in' && allowedModules.length === 0) {
    throw invalidRule(rule, 'allowed_modules', 'name the modules that may hold SQL.');
  }
  const scope = (rule.options.scope?.[0] ?? 'package').toLowerCase();
  if (scope !== 'package' && scope !== 'module') throw invalidRule(rule, 'scope', 'must be package or module.');
  return { id: rule.id, name: rule.name, type: rule.type, packages, allowedModules, scope };
}

/** Whether a module is one of the expressions or inside one. */
function covers(expressions: readonly string[], module: string): boolean {
  return expressions.some((expression) => {
    const pattern = expressionPattern(expression);
    const parts = module.split('.');
    for (let length = parts.length; length > 0; length -= 1)
      if (pattern.test(parts.slice(0, length).join('.'))) return true;
    return false;
  });
}

function findings(rule: StructureRule, view: ModuleView): RuleFinding[] {
  // no_private_access guards `packages` from every module; the others look only inside them.
  if (rule.type !== 'no_private_access' && !covers(rule.packages, view.module.name)) return [];
  switch (rule.type) {
    case 'no_dynamic_imports':
      return findDynamicImports(view);
    case 'no_private_access':
      return findPrivateAccess(view, rule.packages, rule.scope);
    case 'sql_only_in':
      return covers(rule.allowedModules, view.module.name) ? [] : findSql(view, rule.allowedModules);
  }
}

const asText = (source: string | Uint8Array) =>
  typeof source === 'string' ? source : new TextDecoder().decode(source);

/**
 * Checks structure rules over a project's files, keeping each file's tokens until its text
 * changes (the editor calls it after every edit; only the edited file is read again).
 */
export function createRuleChecker(config: LinterConfig): {
  rules: StructureRule[];
  check(files: Readonly<Record<string, string | Uint8Array>>): ContractReport[];
} {
  const rules = (config.rules ?? []).map((rule) => parseRule(rule, config));
  const cache = new Map<string, { source: string | Uint8Array; lines: LogicalLine[] }>();
  return {
    rules,
    check(files) {
      if (rules.length === 0) return [];
      const paths = Object.keys(files).filter((path) => path.endsWith('.py'));
      const modules = new Map<string, ModuleFile>(
        discoverModules(paths, config.rootPackages).map(({ name, path }) => [
          name,
          { name, path, isPackage: path.endsWith('__init__.py') },
        ]),
      );
      for (const path of cache.keys()) if (files[path] === undefined) cache.delete(path);
      const views: ModuleView[] = [...modules.values()].map((module) => {
        const source = files[module.path]!;
        let entry = cache.get(module.path);
        if (entry?.source !== source) {
          entry = { source, lines: tokenizePython(asText(source)) };
          cache.set(module.path, entry);
        }
        return { module, lines: entry.lines, modules };
      });
      return rules.map((rule) => {
        const violations: RuleViolation[] = views.flatMap((view) =>
          findings(rule, view).map((found) => ({
            rule: rule.type,
            module: view.module.name,
            file: view.module.path,
            line: found.line,
            column: found.column,
            text: found.text,
            target: found.target,
            reason: found.reason,
          })),
        );
        return { name: rule.name, type: rule.type, kept: violations.length === 0, warnings: [], violations };
      });
    },
  };
}

/** The body of a broken rule in the text report: each place, with its file, line and column. */
export function renderRuleViolations(report: ContractReport): string[] {
  const out: string[] = [];
  for (const violation of report.violations as RuleViolation[]) {
    out.push(`${violation.module} ${violation.reason}:`, '');
    out.push(`- ${violation.file}:${violation.line}:${violation.column}: ${violation.text}`, '');
  }
  return out;
}

export const isRuleReport = (report: ContractReport): boolean => isRuleType(report.type);
