// Grading for an exercise where the learner writes the contracts (`writesContracts` in
// exercise.json): their configuration is the work, so it is run on hidden projects whose verdicts
// are known (clean ones it must keep, ones with illegal imports it must report) and on the
// learner's own project. Each becomes a check shown like a contract.
import { analyse, parseConfig, ContractsError } from '../contracts/index.ts';
import type { ContractReport, LinterConfig, LintReport, Violation } from '../contracts/index.ts';
import { OWN_PROJECT_CHECK } from '../schemas/index.ts';
import type { ContractResult, WritesContracts } from '../schemas/index.ts';
import { toContractResults } from './contract-results.ts';
import type { FileMap } from './exercise.ts';

const ARTICLES: Record<string, string> = { independence: 'an', acyclic_siblings: 'an' };

/** The name of the check that the configuration uses a contract type. */
export function usesTypeCheck(type: string): string {
  return `Uses ${ARTICLES[type] ?? 'a'} ${type} contract`;
}

/** Every check a writes-contracts exercise grades, in report order. */
export function writtenContractChecks(spec: WritesContracts): { name: string; type: string }[] {
  return [
    ...spec.require.map((type) => ({ name: usesTypeCheck(type), type: 'uses-contract-type' })),
    { name: OWN_PROJECT_CHECK, type: 'keeps-project' },
    ...Object.values(spec.projects).map((project) => ({
      name: project.check,
      type: project.expect === 'kept' ? 'keeps-project' : 'catches-imports',
    })),
  ];
}

/** `importer -> imported` for every import a violation reports (its chains, cycle breakers, rule hits). */
function reportedImports(violation: Violation): string[] {
  if ('package' in violation)
    return violation.cycle_breakers.map(([importer, imported]) => `${importer} -> ${imported}`);
  if ('rule' in violation) return violation.target ? [`${violation.module} -> ${violation.target}`] : [];
  if (!('routes' in violation)) return [`${violation.importer} -> ${violation.imported}`];
  return violation.routes.flatMap((route) =>
    [...route.extra_firsts, ...route.chain, ...route.extra_lasts].map((link) => `${link.importer} -> ${link.imported}`),
  );
}

function brokenNames(contracts: readonly ContractReport[]): string {
  return contracts
    .filter((contract) => !contract.kept)
    .map((contract) => `"${contract.name}"`)
    .join(', ');
}

function failed(name: string, type: string, warning: string): ContractResult {
  return { name, type, kept: false, violations: [], warnings: [warning] };
}

/** Where a configuration error is: `file:line: message` when the parser knows the line. */
function configError(error: ContractsError, path: string): string {
  const file = error.file ?? path;
  const where = error.line !== undefined ? `${file}:${error.line}` : file;
  return error.message.startsWith(file) ? error.message.replace(file, where) : `${where}: ${error.message}`;
}

/**
 * Grades the learner's configuration (the file `spec.config` in `files`). A configuration that is
 * missing or does not parse fails every check with the parser's message; it never throws for
 * anything the learner wrote.
 */
export function gradeWrittenContracts(
  spec: WritesContracts,
  projects: Record<string, FileMap>,
  files: FileMap,
): { results: ContractResult[]; error?: string } {
  const checks = writtenContractChecks(spec);
  const text = files[spec.config];
  let config: LinterConfig;
  try {
    if (text === undefined) {
      throw new ContractsError('MissingConfig', `${spec.config}: file is missing: write your contracts there`, {
        file: spec.config,
      });
    }
    config = parseConfig({ path: spec.config, text });
  } catch (caught) {
    if (!(caught instanceof ContractsError)) throw caught;
    const message = configError(caught, spec.config);
    return {
      results: checks.map((check) => failed(check.name, check.type, message)),
      error: `your contracts could not be read: ${message}`,
    };
  }
  const results: ContractResult[] = [];
  const usedTypes = new Set(config.contracts.map((contract) => contract.type));
  for (const type of spec.require) {
    results.push({
      name: usesTypeCheck(type),
      type: 'uses-contract-type',
      kept: usedTypes.has(type),
      violations: [],
      warnings: usedTypes.has(type) ? [] : [`${spec.config} has no contract with type = ${type}`],
    });
  }
  // A configuration without contracts keeps every project by saying nothing: no credit for that.
  const empty = config.contracts.length === 0;
  const emptyWarning = `${spec.config} has no contracts: it checks nothing, so it keeps nothing`;
  const run = (project: FileMap): LintReport | string => {
    try {
      return analyse(project, config, {});
    } catch (caught) {
      if (!(caught instanceof ContractsError)) throw caught;
      return caught.message;
    }
  };

  const own = run(files);
  if (empty) results.push(failed(OWN_PROJECT_CHECK, 'keeps-project', emptyWarning));
  else if (typeof own === 'string') results.push(failed(OWN_PROJECT_CHECK, 'keeps-project', own));
  else {
    // The learner's own project: its violations are theirs to see, with the lines.
    const verdicts = toContractResults(own.contracts, files);
    const broken = verdicts.filter((verdict) => !verdict.kept);
    results.push({
      name: OWN_PROJECT_CHECK,
      type: 'keeps-project',
      kept: broken.length === 0,
      violations: broken.flatMap((verdict) =>
        verdict.violations.map((violation) => ({ ...violation, summary: `${verdict.name}: ${violation.summary}` })),
      ),
      warnings: broken.flatMap((verdict) => verdict.warnings),
    });
  }

  for (const [name, project] of Object.entries(spec.projects)) {
    const type = project.expect === 'kept' ? 'keeps-project' : 'catches-imports';
    if (empty) {
      results.push(failed(project.check, type, emptyWarning));
      continue;
    }
    const report = run(projects[name] ?? {});
    if (typeof report === 'string') {
      // The project is hidden: the reason, not its files.
      results.push(failed(project.check, type, `your contracts could not be checked on this project: ${report}`));
      continue;
    }
    if (project.expect === 'kept') {
      const names = brokenNames(report.contracts);
      results.push(
        names
          ? failed(project.check, type, `a legitimate project breaks your contracts ${names}: they forbid too much`)
          : { name: project.check, type, kept: true, violations: [], warnings: [] },
      );
      continue;
    }
    const reported = new Set(
      report.contracts
        .filter((contract) => !contract.kept)
        .flatMap((contract) => contract.violations.flatMap(reportedImports)),
    );
    const missed = project.by.filter((arrow) => !reported.has(arrow));
    results.push(
      missed.length === 0
        ? { name: project.check, type, kept: true, violations: [], warnings: [] }
        : failed(
            project.check,
            type,
            `none of your contracts reports ${missed.length === 1 ? 'this illegal import' : `${missed.length} of these illegal imports`}`,
          ),
    );
  }
  return { results };
}
