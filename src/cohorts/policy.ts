import type {
  Assignment,
  CountedScore,
  Extension,
  GradedAttempt,
  HiddenDetail,
  Override,
  ScorePolicy,
  Timing,
} from './types.ts';

/** The due dates that apply to one learner: the assignment's, or their extension's. */
export function deadlines(
  assignment: Assignment,
  extension?: Extension | null,
): { dueAt: number | null; lateDueAt: number | null } {
  if (!extension) return { dueAt: assignment.dueAt, lateDueAt: assignment.lateDueAt };
  // An extension never shortens the late window: it moves the due date, and the late window
  // keeps its length after it unless the extension sets its own.
  const lateWindow =
    assignment.dueAt !== null && assignment.lateDueAt !== null ? assignment.lateDueAt - assignment.dueAt : null;
  const lateDueAt = extension.lateDueAt ?? (lateWindow !== null ? extension.dueAt + lateWindow : null);
  return { dueAt: extension.dueAt, lateDueAt };
}

/** Where a submission made at `at` falls against the assignment's dates (and the learner's extension). */
export function timing(assignment: Assignment, at: number, extension?: Extension | null): Timing {
  if (assignment.opensAt !== null && at < assignment.opensAt) return 'not_open';
  const { dueAt, lateDueAt } = deadlines(assignment, extension);
  if (dueAt === null || at <= dueAt) return 'on_time';
  if (lateDueAt !== null && at <= lateDueAt) return 'late';
  return 'closed';
}

/**
 * Late-day tokens: the whole days (each started day counts) a submission at `at` needs so that it
 * counts on time, when the learner has that many `left`; null when it is on time already, the
 * exercise has no due date, or too few are left (it is then late or closed as usual).
 */
export function lateDaysToSpend(
  assignment: Assignment,
  at: number,
  extension: Extension | null | undefined,
  left: number,
): number | null {
  const { dueAt } = deadlines(assignment, extension);
  if (dueAt === null || at <= dueAt) return null;
  const needed = Math.ceil((at - dueAt) / 86_400_000);
  return needed <= left ? needed : null;
}

/** The score an attempt earns: full on time, lateCreditPct of it when late, nothing when closed. */
export function creditedScore(score: number, when: Timing, lateCreditPct: number): number {
  if (when === 'on_time') return score;
  if (when === 'late') return round2((score * clampPct(lateCreditPct)) / 100);
  return 0;
}

/**
 * The gradebook cell: the best or the last graded attempt after late credit, unless an instructor
 * overrode it (the latest override wins). Attempts made before the exercise opened or after it
 * closed do not count.
 */
export function countedScore(
  assignment: Assignment,
  attempts: readonly GradedAttempt[],
  policy: ScorePolicy,
  options: { extension?: Extension | null; overrides?: readonly Override[] } = {},
): CountedScore {
  const override = latest(options.overrides ?? []);
  const counting = attempts
    .map((attempt) => {
      const when = timing(assignment, attempt.submittedAt, options.extension);
      return { attempt, when, credited: creditedScore(attempt.score, when, assignment.lateCreditPct) };
    })
    .filter((entry) => entry.when === 'on_time' || entry.when === 'late')
    .sort((a, b) => a.attempt.submittedAt - b.attempt.submittedAt);
  let chosen = counting.at(-1);
  if (policy === 'best') {
    for (const entry of counting) if (!chosen || entry.credited > chosen.credited) chosen = entry;
    // Among equal best scores, the earliest counts (a later equal attempt changes nothing).
    chosen = counting.find((entry) => entry.credited === chosen?.credited) ?? chosen;
  }
  if (override) {
    return {
      score: override.score,
      submissionId: chosen?.attempt.id ?? null,
      late: chosen?.when === 'late',
      overridden: true,
      rawScore: chosen?.attempt.score ?? null,
    };
  }
  if (!chosen) return { score: null, submissionId: null, late: false, overridden: false, rawScore: null };
  return {
    score: chosen.credited,
    submissionId: chosen.attempt.id,
    late: chosen.when === 'late',
    overridden: false,
    rawScore: chosen.attempt.score,
  };
}

/**
 * Whether a learner may have another submission graded now: at most `count` in any window of
 * `windowMinutes`. When not, `nextAt` says when the oldest one in the window leaves it.
 */
export function rateLimit(
  limit: Assignment['rateLimit'],
  recent: readonly number[],
  now: number,
): { allowed: true; remaining: number | null } | { allowed: false; nextAt: number } {
  if (!limit) return { allowed: true, remaining: null };
  const windowMs = limit.windowMinutes * 60_000;
  const inWindow = recent.filter((at) => at > now - windowMs && at <= now).sort((a, b) => a - b);
  if (inWindow.length < limit.count) return { allowed: true, remaining: limit.count - inWindow.length - 1 };
  const oldest = inWindow[inWindow.length - limit.count] ?? now;
  return { allowed: false, nextAt: oldest + windowMs };
}

/** Whether a learner may read hidden-test detail for this exercise now. Staff always may. */
export function hiddenDetailVisible(
  setting: HiddenDetail,
  assignment: Assignment,
  now: number,
  extension?: Extension | null,
): boolean {
  if (setting === 'always') return true;
  if (setting === 'never') return false;
  // After the due date that applies to this learner, and after the late window too: detail shown
  // before a late submission would let a late learner read the hidden tests.
  const { dueAt, lateDueAt } = deadlines(assignment, extension);
  const closes = lateDueAt ?? dueAt;
  return closes !== null && now > closes;
}

function latest(overrides: readonly Override[]): Override | undefined {
  let found: Override | undefined;
  for (const override of overrides) if (!found || override.at >= found.at) found = override;
  return found;
}

function clampPct(pct: number): number {
  return Math.min(100, Math.max(0, pct));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
