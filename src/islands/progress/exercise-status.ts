// The status line of an exercise wherever the site lists one (exercise index, module pages, the
// exercise card in a lesson): elements marked data-exercise-status="<id>" get the words and a
// data-state their page styles (an icon beside the words, never colour alone).
import { exerciseStatus, loadProgress, PROGRESS_EVENT } from './store.ts';
import type { ExerciseStatus } from './store.ts';

export function describeExerciseStatus(status: ExerciseStatus): string {
  switch (status.state) {
    case 'not-started':
      return 'Not started';
    case 'in-progress':
      return `In progress · best score ${Math.round(status.best)}%`;
    case 'passed':
      return `Passed · ${Math.round(status.best)}%`;
  }
}

/** Fills every [data-exercise-status] element from the stored progress. */
export function showExerciseStatuses(root: ParentNode = document): void {
  const progress = loadProgress();
  for (const element of root.querySelectorAll<HTMLElement>('[data-exercise-status]')) {
    const status = exerciseStatus(progress, element.dataset.exerciseStatus ?? '');
    element.textContent = describeExerciseStatus(status);
    element.dataset.state = status.state;
  }
}

let watching = false;

/** Shows the statuses now and again whenever progress changes, in this tab or another. */
export function watchExerciseStatuses(): void {
  showExerciseStatuses();
  if (watching) return;
  watching = true;
  addEventListener(PROGRESS_EVENT, () => showExerciseStatuses());
  addEventListener('storage', () => showExerciseStatuses());
}
