// Public surface of the contracts layer: an import-linter compatible engine. Pure: no DOM, no Node.
export { analyse, createAnalyser } from './analyse.ts';
export type { Analyser, AnalyseOptions, AnalyseTimings, GraphSnapshot } from './analyse.ts';
export { graphKeyOf, scanSource, scanSourceInto } from './build-graph.ts';
export { CompactScans, CompactWriter, skipEntry } from './compact-scans.ts';
export type { CompactGraph } from './graph.ts';
export type { SourceFiles } from './build-graph.ts';
export { CONFIG_FILE_NAMES, findConfigFile, parseConfig } from './config.ts';
export type { ConfigFile, ContractConfig, LinterConfig } from './config.ts';
export { useUtf8Validator } from './decode.ts';
export { ContractsError } from './errors.ts';
export { expressionPattern } from './module-expressions.ts';
export { moduleToPath } from './module-paths.ts';
export { scanImports } from './scan.ts';
export type { ScannedImport } from './scan.ts';
export { formatContractLine, formatDuration, formatTextReport } from './text-report.ts';
export { createRuleChecker, isRuleReport, parseRule, RULE_TYPES } from './structure/index.ts';
export type { RuleType, StructureRule } from './structure/index.ts';
export { parseLayerLine } from './checks/layers.ts';
export type { LayerLine } from './checks/layers.ts';
export type { TextReportOptions } from './text-report.ts';
export type {
  AcyclicViolation,
  ContractReport,
  Link,
  LintReport,
  PackageViolation,
  ProtectedViolation,
  Route,
  RuleViolation,
  Violation,
} from './types.ts';
