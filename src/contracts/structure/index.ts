// Structure rules: checks on the source that import contracts cannot express (see
// docs/structure-rules.md). Pure.
export { createRuleChecker, isRuleReport, parseRule, renderRuleViolations, RULE_TYPES } from './check.ts';
export type { RuleType, StructureRule } from './check.ts';
export { tokenizePython } from './tokenize.ts';
export type { LogicalLine, Token } from './tokenize.ts';
