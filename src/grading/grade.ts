import { analyse, createRuleChecker, parseConfig, ContractsError } from '../contracts/index.ts';
import { gradeReportSchema, formatIssues } from '../schemas/index.ts';
import type { ContractResult, GradeReport, HarnessReport, TestResult } from '../schemas/index.ts';
import { toContractResults } from './contract-results.ts';
import { gradeDebt, unpaidDebt } from './debt.ts';
import type { Exercise, FileMap } from './exercise.ts';
import { toTestFailure } from './failure.ts';
import { buildFeedback, defaultLessonHref } from './feedback.ts';
import type { LessonHref } from './feedback.ts';
import { createNonce, DEFAULT_HARNESS_LIMITS } from './protocol.ts';
import type { HarnessLimits } from './protocol.ts';
import { runHarness } from './run-harness.ts';
import type { HarnessHost } from './run-harness.ts';
import type { RefusedPath } from './paths.ts';
import { applyEssentials, computeScore } from './scoring.ts';
import { prepareSubmission } from './submission.ts';
import { gradeWrittenContracts } from './written-contracts.ts';

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
  /**
   * Who reads the report (default learner): a learner's report keeps only the verdict of each
   * hidden test (plus the exercise's hints); an instructor's keeps their messages and output.
   */
  audience?: 'learner' | 'instructor';
  /** Fixed nonce, for tests. */
  nonce?: string;
  /** Clock, for tests; defaults to performance.now(). */
  now?: () => number;
}

/** The note a report carries when the exercise has hidden tests and they were not run. */
export const HIDDEN_SKIPPED =
  'hidden tests were not run (--no-hidden): this score covers the contracts and visible tests only';

/**
 * Evaluates the exercise's contracts on the learner's project, then each entry of its debt list
 * (debt.ts); or, when the learner writes the contracts, their configuration on the exercise's
 * hidden projects (written-contracts.ts). Throws on an exercise bug.
 */
export function gradeContracts(exercise: Exercise, files: FileMap): { results: ContractResult[]; error?: string } {
  // The learner wrote the contracts: their configuration is graded on the exercise's hidden projects.
  if (exercise.meta.writesContracts)
    return gradeWrittenContracts(exercise.meta.writesContracts, exercise.projects, files);
  const config = parseConfig(exercise.contracts);
  const { debt } = exercise.meta;
  try {
    const report = analyse(files, config, {});
    const results = toContractResults(report.contracts, files);
    return { results: [...results, ...gradeDebt(config, debt, files, results)] };
  } catch (caught) {
    if (!(caught instanceof ContractsError)) throw caught;
    const error: Error = caught;
    // The learner's project cannot be analysed against the contracts (e.g. a layer module was
    // deleted or renamed): every contract counts as broken, with the reason. The structure rules
    // read the sources, not the graph, so they are still checked and still cap the score.
    const results = config.contracts.map((contract) => ({
      name: contract.name,
      type: contract.type,
      kept: false,
      violations: [],
      warnings: [error.message],
    }));
    const rules = toContractResults(createRuleChecker(config).check(files), files);
    return {
      results: [...results, ...rules, ...unpaidDebt(config, debt, error.message)],
      error: `contracts could not be checked: ${error.message}`,
    };
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
    failure: toTestFailure(test.failure),
  };
}

/**
 * A hidden test as a learner may see it: its verdict, name and description. Its message, its
 * failure (compared values, frames) and its output stay with the instructor: they could quote the
 * hidden test's code or data.
 */
function withheld(test: TestResult): TestResult {
  return { ...test, message: '', output: '', failure: null };
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

  const audience = options.audience ?? 'learner';
  const hasVisible = Object.keys(exercise.tests).length > 0;
  const hasHidden = includeHidden && Object.keys(exercise.hidden).length > 0;
  const outcomes: Partial<Record<'visible' | 'hidden', TestResult[] | 'failed'>> = {};
  let harness: HarnessReport | null = null;
  if (options.host && (hasVisible || hasHidden)) {
    const limits: HarnessLimits = {
      ...DEFAULT_HARNESS_LIMITS,
      testSeconds: exercise.meta.limits.testSeconds,
      totalSeconds: exercise.meta.limits.totalSeconds,
      ...options.limits,
    };
    // One sandbox; inside it the visible and the hidden tests each get a fresh runner process,
    // so the hidden tests' code is never in a process that ran the visible tests.
    const outcome = await runHarness({
      host: options.host,
      project: prepared.files,
      visible: hasVisible ? exercise.tests : null,
      hidden: hasHidden ? exercise.hidden : null,
      limits,
      language: exercise.meta.python,
      nonce: options.nonce ?? createNonce(),
    });
    if ('report' in outcome) {
      harness = outcome.report;
      for (const error of harness.errors) {
        errors.push(
          error.startsWith('refused ')
            ? `submission: ${error}`
            : error.includes('cannot compile test file')
              ? `exercise test files: ${error}`
              : error,
        );
      }
      const tests = harness.tests.map(toTestResult);
      if (hasVisible) outcomes.visible = tests.filter((test) => test.suite === 'visible');
      if (hasHidden) {
        const hidden = tests.filter((test) => test.suite === 'hidden');
        outcomes.hidden = audience === 'learner' ? hidden.map(withheld) : hidden;
      }
    } else {
      errors.push(`tests could not be run: ${outcome.error}`);
      if (hasVisible) outcomes.visible = 'failed';
      if (hasHidden) outcomes.hidden = 'failed';
    }
  } else if (!options.host && (hasVisible || hasHidden)) {
    errors.push('no Python runtime: only the contracts were graded');
  }
  if (!includeHidden && Object.keys(exercise.hidden).length > 0) {
    errors.push(HIDDEN_SKIPPED);
  }

  const testsFailedToRun = Object.values(outcomes).includes('failed');
  const weighted = computeScore({
    weights: exercise.meta.weights,
    contracts: contracts.results,
    visible: outcomes.visible ?? null,
    hidden: includeHidden ? (outcomes.hidden ?? null) : null,
  });
  const tests = [outcomes.visible, outcomes.hidden].flatMap((list) => (Array.isArray(list) ? list : []));
  const { score, cap } = applyEssentials(weighted.score, exercise.meta.essentials, contracts.results, tests);
  const { parts } = weighted;
  const report: GradeReport = {
    schema: 'strata-grade/2',
    exercise: exercise.meta.id,
    status: testsFailedToRun ? 'error' : score >= 100 ? 'pass' : 'fail',
    score,
    parts,
    contracts: contracts.results,
    tests,
    feedback: buildFeedback(exercise.meta, contracts.results, tests, options.lessonHref ?? defaultLessonHref),
    cap,
    errors: [...prepared.notes.map((note) => `submission: ${note}`), ...errors],
    runtime: {
      name: options.host?.name ?? 'none',
      python: harness?.python ?? null,
      implementation: harness?.implementation ?? null,
      language: harness?.language ?? null,
      sandboxed: options.host?.sandboxed ?? false,
      mode: harness?.mode ?? null,
    },
    audience,
    durationMs: Math.round(now() - started),
  };
  const checked = gradeReportSchema.safeParse(report);
  if (!checked.success) throw new Error(`grade report failed its schema: ${formatIssues(checked.error).join('; ')}`);
  return checked.data;
}
