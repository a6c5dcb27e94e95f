import { analyse, parseConfig, ContractsError } from '../contracts/index.ts';
import { gradeReportSchema, formatIssues } from '../schemas/index.ts';
import type { ContractResult, GradeReport, HarnessReport, TestResult } from '../schemas/index.ts';
import { toContractResults } from './contract-results.ts';
import type { LintContract } from './contract-results.ts';
import type { Exercise, FileMap } from './exercise.ts';
import { buildFeedback, defaultLessonHref } from './feedback.ts';
import type { LessonHref } from './feedback.ts';
import { createNonce, DEFAULT_HARNESS_LIMITS } from './protocol.ts';
import type { HarnessLimits } from './protocol.ts';
import { runHarness } from './run-harness.ts';
import type { HarnessHost } from './run-harness.ts';
import type { RefusedPath } from './paths.ts';
import { computeScore } from './scoring.ts';
import { prepareSubmission } from './submission.ts';

export interface GradeOptions {
  exercise: Exercise;
  /** The learner's files (a folder or zip, already read). */
  files: FileMap;
  /** Paths the reader refused (zip entries, folder names): each becomes a note in the report. */
  refused?: readonly RefusedPath[];
  /** Where Python runs. Without one, only the contracts are graded. */
  host?: HarnessHost;
  /** Run the hidden tests (default true). */
  hidden?: boolean;
  /** Override the harness limits (time limits default to the exercise's). */
  limits?: Partial<HarnessLimits>;
  lessonHref?: LessonHref;
  /** Fixed nonce, for tests. */
  nonce?: string;
  /** Clock, for tests; defaults to performance.now(). */
  now?: () => number;
}

/** Evaluates the exercise's contracts on the learner's project. Throws on an exercise bug. */
export function gradeContracts(exercise: Exercise, files: FileMap): { results: ContractResult[]; error?: string } {
  const config = parseConfig(exercise.contracts);
  try {
    const report = analyse(files, config, {}) as unknown as { contracts: LintContract[] };
    return { results: toContractResults(report.contracts, files) };
  } catch (caught) {
    if (!(caught instanceof ContractsError)) throw caught;
    const error: Error = caught;
    // The learner's project cannot be analysed against the contracts (e.g. a layer module was
    // deleted or renamed): every contract counts as broken, with the reason.
    const declared = (config as unknown as { contracts?: { name: string; type: string }[] }).contracts ?? [];
    const results = declared.map((contract) => ({
      name: contract.name,
      type: contract.type,
      kept: false,
      violations: [],
      warnings: [error.message],
    }));
    return { results, error: `contracts could not be checked: ${error.message}` };
  }
}

function toTestResult(test: HarnessReport['tests'][number]): TestResult {
  return {
    id: test.id,
    name: `${test.className}.${test.method}`,
    suite: test.suite,
    description: test.description,
    status: test.status,
    message: test.message,
    output: test.output,
    durationMs: test.durationMs,
  };
}

/**
 * Grades one submission: contracts in TypeScript, tests through the harness on `host`, a score
 * from the exercise's weights, and feedback linking failures to hints and lesson sections.
 * The learner's code can only fail its own grade; it never makes this function throw.
 */
export async function gradeSubmission(options: GradeOptions): Promise<GradeReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const { exercise } = options;
  const includeHidden = options.hidden !== false;
  const prepared = prepareSubmission(exercise, options.files, options.refused);
  const errors: string[] = [];

  const contracts = gradeContracts(exercise, prepared.files);
  if (contracts.error) errors.push(contracts.error);

  let visible: TestResult[] | null = null;
  let hidden: TestResult[] | null = null;
  let harness: HarnessReport | null = null;
  const hasTests = Object.keys(exercise.tests).length > 0 || (includeHidden && Object.keys(exercise.hidden).length > 0);
  if (options.host && hasTests) {
    const limits: HarnessLimits = {
      ...DEFAULT_HARNESS_LIMITS,
      testSeconds: exercise.meta.limits.testSeconds,
      totalSeconds: exercise.meta.limits.totalSeconds,
      ...options.limits,
    };
    const outcome = await runHarness({
      host: options.host,
      project: prepared.files,
      visible: exercise.tests,
      hidden: includeHidden ? exercise.hidden : null,
      limits,
      nonce: options.nonce ?? createNonce(),
    });
    if ('report' in outcome) {
      harness = outcome.report;
      errors.push(...harness.errors.map((error) => `exercise test files: ${error}`));
      const tests = harness.tests.map(toTestResult);
      visible = tests.filter((test) => test.suite === 'visible');
      hidden = includeHidden ? tests.filter((test) => test.suite === 'hidden') : null;
    } else {
      errors.push(`tests could not be run: ${outcome.error}`);
    }
  } else if (!options.host && hasTests) {
    errors.push('no Python runtime: only the contracts were graded');
  }

  const testsFailedToRun = options.host !== undefined && hasTests && harness === null;
  const { score, parts } = computeScore({
    weights: exercise.meta.weights,
    contracts: contracts.results,
    visible: testsFailedToRun && Object.keys(exercise.tests).length > 0 ? 'failed' : visible,
    hidden: testsFailedToRun && includeHidden && Object.keys(exercise.hidden).length > 0 ? 'failed' : hidden,
  });
  const tests = [...(visible ?? []), ...(hidden ?? [])];
  const report: GradeReport = {
    schema: 'strata-grade/1',
    exercise: exercise.meta.id,
    status: testsFailedToRun ? 'error' : score >= 100 ? 'pass' : 'fail',
    score,
    parts,
    contracts: contracts.results,
    tests,
    feedback: buildFeedback(exercise.meta, contracts.results, tests, options.lessonHref ?? defaultLessonHref),
    errors: [...prepared.notes.map((note) => `submission: ${note}`), ...errors],
    runtime: {
      name: options.host?.name ?? 'none',
      python: harness?.python ?? null,
      sandboxed: options.host?.sandboxed ?? false,
      mode: harness?.mode ?? null,
    },
    durationMs: Math.round(now() - started),
  };
  const checked = gradeReportSchema.safeParse(report);
  if (!checked.success) throw new Error(`grade report failed its schema: ${formatIssues(checked.error).join('; ')}`);
  return checked.data;
}
