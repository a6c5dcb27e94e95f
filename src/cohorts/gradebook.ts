import { csvField } from '../grading/index.ts';
import { countedScore } from './policy.ts';
import type { Assignment, CountedScore, Extension, GradedAttempt, Override, ScorePolicy } from './types.ts';

export interface GradebookLearner {
  id: string;
  name: string;
  email: string;
}

export interface GradebookInput {
  learners: readonly GradebookLearner[];
  assignments: readonly Assignment[];
  policy: ScorePolicy;
  /** Graded attempts per learner id, then per exercise. */
  attempts: ReadonlyMap<string, ReadonlyMap<string, readonly GradedAttempt[]>>;
  extensions: ReadonlyMap<string, ReadonlyMap<string, Extension>>;
  overrides: ReadonlyMap<string, ReadonlyMap<string, readonly Override[]>>;
}

export interface GradebookRow {
  learner: GradebookLearner;
  cells: CountedScore[];
  /** Mean of the cells over every assignment (a cell with nothing counted is 0), two decimals. */
  total: number;
}

export interface Gradebook {
  exercises: string[];
  rows: GradebookRow[];
}

/** Learners × exercises, each cell the counted score (see countedScore). Rows sorted by name. */
export function buildGradebook(input: GradebookInput): Gradebook {
  const rows = [...input.learners]
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
    .map((learner) => {
      const cells = input.assignments.map((assignment) =>
        countedScore(assignment, input.attempts.get(learner.id)?.get(assignment.exercise) ?? [], input.policy, {
          extension: input.extensions.get(learner.id)?.get(assignment.exercise) ?? null,
          overrides: input.overrides.get(learner.id)?.get(assignment.exercise) ?? [],
        }),
      );
      const sum = cells.reduce((total, cell) => total + (cell.score ?? 0), 0);
      const total = cells.length === 0 ? 0 : Math.round((sum / cells.length) * 100) / 100;
      return { learner, cells, total };
    });
  return { exercises: input.assignments.map((assignment) => assignment.exercise), rows };
}

const CRLF = '\r\n';

/**
 * The gradebook as RFC 4180 CSV with CRLF line ends: one row per learner, one column per exercise
 * plus the total. An empty cell means nothing counts yet; a late score is still a number (the
 * late credit is already applied), so spreadsheets can sum the columns.
 */
export function gradebookCsv(book: Gradebook): string {
  const header = ['name', 'email', ...book.exercises, 'total'];
  const lines = [header.map(csvField).join(',')];
  for (const row of book.rows) {
    lines.push(
      [
        row.learner.name,
        row.learner.email,
        ...row.cells.map((cell) => (cell.score === null ? '' : cell.score)),
        row.total,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join(CRLF) + CRLF;
}

export interface SubmissionCsvRow {
  id: string;
  name: string;
  email: string;
  exercise: string;
  submittedAt: number;
  status: string;
  score: number | null;
  late: boolean;
  filesHash: string;
  graderVersion: string;
}

/** Every submission, one row each, oldest first (RFC 4180, CRLF). */
export function submissionsCsv(rows: readonly SubmissionCsvRow[]): string {
  const header = [
    'submission',
    'name',
    'email',
    'exercise',
    'submitted_at',
    'status',
    'score',
    'late',
    'files_sha256',
    'grader',
  ];
  const lines = [header.join(',')];
  for (const row of [...rows].sort((a, b) => a.submittedAt - b.submittedAt)) {
    lines.push(
      [
        row.id,
        row.name,
        row.email,
        row.exercise,
        new Date(row.submittedAt).toISOString(),
        row.status,
        row.score === null ? '' : row.score,
        row.late ? 'yes' : 'no',
        row.filesHash,
        row.graderVersion,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join(CRLF) + CRLF;
}
