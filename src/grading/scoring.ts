import type { ContractResult, GradePart, TestResult } from '../schemas/index.ts';
import { hintMatchesTest } from './feedback.ts';
import type { ExerciseEssential, ExerciseMeta, GradeReport } from '../schemas/index.ts';

/** A part's results; null when it was not graded, 'failed' when it should have been but could not run. */
export interface ScoreInput {
  weights: ExerciseMeta['weights'];
  contracts: ContractResult[] | null;
  visible: TestResult[] | null | 'failed';
  hidden: TestResult[] | null | 'failed';
}

export interface Score {
  score: number;
  parts: { contracts: GradePart; visible: GradePart; hidden: GradePart };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * A skipped test counts as not passed: learner code can raise unittest.SkipTest, and a skip must
 * not shrink the total it is graded against.
 */
function tally(tests: TestResult[]): { passed: number; total: number } {
  return { passed: tests.filter((test) => test.status === 'pass').length, total: tests.length };
}

/**
 * Score out of 100 from the exercise weights. Each part earns its weight times the fraction of its
 * items that passed. A part that was not graded (hidden tests with --no-hidden, or an exercise with
 * no visible tests) gives its weight to the parts that were, in proportion. A part that could not
 * run ('failed', e.g. the learner's code killed the harness) keeps its weight and earns nothing.
 */
export function computeScore(input: ScoreInput): Score {
  const counts = {
    contracts: input.contracts
      ? { passed: input.contracts.filter((c) => c.kept).length, total: input.contracts.length }
      : null,
    visible: input.visible === 'failed' ? 'failed' : input.visible ? tally(input.visible) : null,
    hidden: input.hidden === 'failed' ? 'failed' : input.hidden ? tally(input.hidden) : null,
  } as const;
  const names = ['contracts', 'visible', 'hidden'] as const;
  const ran = (name: (typeof names)[number]): boolean => {
    const count = counts[name];
    return count === 'failed' || (count !== null && count.total > 0);
  };
  const activeWeight = names.reduce((sum, name) => sum + (ran(name) ? input.weights[name] : 0), 0);
  const parts = {} as Score['parts'];
  let score = 0;
  for (const name of names) {
    const found = counts[name];
    const count = found === null || found === 'failed' ? { passed: 0, total: 0 } : found;
    const weight = ran(name) && activeWeight > 0 ? (input.weights[name] / activeWeight) * 100 : 0;
    const earned = count.total > 0 ? (weight * count.passed) / count.total : 0;
    score += earned;
    parts[name] = {
      weight: round(weight),
      earned: round(earned),
      passed: count.passed,
      total: count.total,
      ran: ran(name),
    };
  }
  return { score: round(Math.min(100, score)), parts };
}

/**
 * Holds `score` to the lowest cap among the exercise's essentials that a failing test or a broken
 * contract matches (a test matches the way a hint's tests do: its id, name or method, or a prefix of one). A check that did
 * not run (hidden tests skipped) matches nothing, so it cannot cap: only a failure seen counts.
 */
export function applyEssentials(
  score: number,
  essentials: readonly ExerciseEssential[],
  contracts: readonly ContractResult[] | null,
  tests: readonly TestResult[],
): { score: number; cap: GradeReport['cap'] } {
  let held: ExerciseEssential | null = null;
  for (const essential of essentials) {
    const testFails = tests.some(
      (test) => test.status !== 'pass' && essential.tests.some((pattern) => hintMatchesTest(pattern, test)),
    );
    const contractBroken = (contracts ?? []).some(
      (result) => !result.kept && essential.contracts.includes(result.name),
    );
    if ((testFails || contractBroken) && (held === null || essential.cap < held.cap)) held = essential;
  }
  if (held === null || score <= held.cap) return { score, cap: null };
  return { score: held.cap, cap: { cap: held.cap, uncapped: score, why: held.why } };
}
