// The gradebook as a table: learners × exercises, each cell the counted score with its late and
// overridden marks, the late-day tokens spent on it (and, after a re-grade, what changed: the new
// score waiting for the instructor's decision, or the old one once accepted), each a button that opens the learner's
// submissions to that exercise. Totals are the server's (mean over the exercises).
import { formatCount } from '../../site/index.ts';
import { h } from './dom.ts';
import { describeCell, formatScore, scoreMarks } from './format.ts';
import { COHORT_NOUNS } from './nouns.ts';
import type { AssignmentView, Gradebook, LmsScoreSync, ScoreChange } from './types.ts';

export interface GradebookTableOptions {
  book: Gradebook;
  assignments: readonly AssignmentView[];
  caption: string;
  /** Cells a re-grade changed, to highlight. */
  changes?: readonly ScoreChange[];
  /** For a course launched from an LMS: each cell's score sync, keyed "userId exercise". */
  lms?: ReadonlyMap<string, LmsScoreSync>;
  /** Late-day tokens spent: learner id → exercise → days. */
  lateDays?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  open: (learner: { id: string; name: string; email: string }, exercise: string) => void;
}

/** In words, not colour alone: where the cell's score stands with the LMS. */
const LMS_WORDS: Record<LmsScoreSync['status'], string> = {
  pending: 'LMS: sending',
  sent: 'LMS: sent',
  failed: 'LMS: failed',
};

export function renderGradebook(options: GradebookTableOptions): HTMLElement {
  const { book, assignments } = options;
  if (book.rows.length === 0) {
    return h('p', { class: 'muted', text: 'No learners yet: share the join link or import a roster.' });
  }
  const titles = new Map(assignments.map((a) => [a.exercise, a.title]));
  const changed = new Map((options.changes ?? []).map((change) => [`${change.userId} ${change.exercise}`, change]));
  const head = h(
    'tr',
    {},
    h('th', { text: 'Learner', attrs: { scope: 'col' } }),
    ...book.exercises.map((exercise) =>
      h('th', { text: titles.get(exercise) ?? exercise, attrs: { scope: 'col' }, data: { exercise } }),
    ),
    h('th', { text: 'Total', attrs: { scope: 'col' } }),
  );
  const rows = book.rows.map((row) =>
    h(
      'tr',
      { data: { learner: row.learner.id } },
      h(
        'th',
        { attrs: { scope: 'row' } },
        h('span', { text: row.learner.name }),
        h('span', { class: 'email', text: row.learner.email }),
      ),
      ...row.cells.map((cell, i) => {
        const exercise = book.exercises[i] ?? '';
        const change = changed.get(`${row.learner.id} ${exercise}`);
        const lms = options.lms?.get(`${row.learner.id} ${exercise}`);
        const lateDays = options.lateDays?.[row.learner.id]?.[exercise] ?? 0;
        const button = h(
          'button',
          { class: 'cell', attrs: { type: 'button', 'aria-haspopup': 'dialog' } },
          h('span', { class: 'visually-hidden', text: `${row.learner.name}, ${titles.get(exercise) ?? exercise}: ` }),
          h('span', { class: 'score', text: formatScore(cell.score, '—') }),
          cell.score === null && h('span', { class: 'visually-hidden', text: 'no score yet' }),
          ...scoreMarks(cell).map((mark) => h('span', { class: `mark mark-${mark}`, text: mark })),
          change?.decision === null &&
            h('span', {
              class: 'mark mark-changed',
              text: `re-grade: ${formatScore(change.after, 'none')}, not accepted`,
            }),
          change?.decision === 'accepted' &&
            h('span', { class: 'mark mark-changed', text: `was ${formatScore(change.before, 'none')}` }),
          lateDays > 0 &&
            h('span', {
              class: 'mark mark-late-days',
              text: `${formatCount(lateDays, COHORT_NOUNS.lateDay)} spent`,
            }),
          lms && h('span', { class: `mark mark-lms mark-lms-${lms.status}`, text: LMS_WORDS[lms.status] }),
        );
        button.addEventListener('click', () => options.open(row.learner, exercise));
        return h(
          'td',
          {
            data: {
              exercise,
              score: cell.score === null ? '' : String(cell.score),
              late: String(cell.late),
              overridden: String(cell.overridden),
              ...(change ? { changed: change.decision ?? 'pending' } : {}),
              ...(lateDays > 0 ? { lateDays: String(lateDays) } : {}),
              ...(lms ? { lms: lms.status } : {}),
            },
            attrs: {
              title:
                lms?.status === 'failed' && lms.error
                  ? `${describeCell(cell)}; the LMS refused it: ${lms.error}`
                  : describeCell(cell),
            },
          },
          button,
        );
      }),
      h('td', { class: 'total', text: formatScore(row.total) }),
    ),
  );
  return h(
    'table',
    { class: 'gradebook' },
    h('caption', { text: options.caption }),
    h('thead', {}, head),
    h('tbody', {}, ...rows),
  );
}
