// One gradebook cell, opened: the learner's submissions to the exercise (with their files and the
// full instructor report, each re-gradable by an instructor), and the two things staff do about a
// cell: grant an extension (staff) and override the score with a reason (instructors).
import { field, find, FormProblems, onSubmit } from './dom.ts';
import { describeCell, formatWhen, isoToLocal, localToIso } from './format.ts';
import { showHistory } from './history.ts';
import { api } from './http.ts';
import type { AssignmentView, CohortView, CountedScore } from './types.ts';

export interface CellTarget {
  learner: { id: string; name: string; email: string };
  exercise: string;
  cell: CountedScore | undefined;
}

export interface CellDialog {
  open(target: CellTarget): void;
  /** The gradebook changed: show the open cell's new counted score. */
  update(cell: CountedScore | undefined): void;
}

export function wireCellDialog(
  dialog: HTMLDialogElement,
  cohort: CohortView,
  hooks: { changed: () => Promise<void>; regrade: (submissionId: string) => void },
): CellDialog {
  const instructor = cohort.role === 'instructor';
  const title = find(dialog, '[data-cell-title]');
  const score = find(dialog, '[data-cell-score]');
  const history = find(dialog, '[data-cell-history]');
  const live = find(dialog, '[data-cell-live]');
  const extension = find<HTMLFormElement>(dialog, 'form[data-form="extension"]');
  const override = find<HTMLFormElement>(dialog, 'form[data-form="override"]');
  override.hidden = !instructor;
  let current: CellTarget | null = null;
  let assignment: AssignmentView | undefined;

  find<HTMLButtonElement>(dialog, 'button[data-close]').addEventListener('click', () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });

  onSubmit(extension, 'Granting the extension…', async (data) => {
    if (!current) return;
    const dueAt = localToIso(field(data, 'dueAt'));
    if (!dueAt) throw new FormProblems('Give the new due date.', []);
    const lateDueAt = localToIso(field(data, 'lateDueAt'));
    await api.post(`/cohorts/${encodeURIComponent(cohort.id)}/extensions`, {
      userId: current.learner.id,
      exercise: current.exercise,
      dueAt,
      lateDueAt,
    });
    await hooks.changed();
    return `Extension granted: ${current.learner.name} has until ${formatWhen(dueAt)}${lateDueAt ? ` (late until ${formatWhen(lateDueAt)})` : ''}.`;
  });

  onSubmit(override, 'Overriding the score…', async (data) => {
    if (!current) return;
    const value = Number(field(data, 'score'));
    if (field(data, 'score').trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) {
      throw new FormProblems('The score is a number from 0 to 100.', []);
    }
    const reason = field(data, 'reason').trim();
    if (reason.length < 3)
      throw new FormProblems('Say why (at least 3 characters): the reason is kept in the audit log.', []);
    await api.post(`/cohorts/${encodeURIComponent(cohort.id)}/overrides`, {
      userId: current.learner.id,
      exercise: current.exercise,
      score: value,
      reason,
    });
    override.reset();
    await hooks.changed();
    return `Score for ${current.learner.name} set to ${value}.`;
  });

  const showScore = (cell: CountedScore | undefined) => {
    score.textContent = `Counted score: ${describeCell(cell)}`;
  };

  return {
    open(target) {
      current = target;
      assignment = cohort.assignments.find((a) => a.exercise === target.exercise);
      title.textContent = `${target.learner.name} · ${assignment?.title ?? target.exercise}`;
      showScore(target.cell);
      live.textContent = '';
      for (const form of [extension, override]) {
        form.reset();
        const status = form.querySelector<HTMLElement>('[data-status]');
        if (status) status.replaceChildren();
      }
      const due = find<HTMLInputElement>(extension, 'input[name="dueAt"]');
      due.value = isoToLocal(assignment?.dueAt ?? null);
      find(extension, '[data-assignment-due]').textContent = formatWhen(assignment?.dueAt, 'no due date');
      showHistory(history, {
        cohortId: cohort.id,
        exercise: target.exercise,
        userId: target.learner.id,
        level: 4,
        live,
        regrade: instructor ? hooks.regrade : undefined,
        graded: () => void hooks.changed(),
      });
      if (!dialog.open) dialog.showModal();
    },
    update(cell) {
      if (current) showScore(cell);
    },
  };
}
