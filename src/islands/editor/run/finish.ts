// What a Check means for the course: each one is recorded in the progress store (the exercise
// index shows it), and one at 100% says "You passed" with the way on, the next exercise and the
// next lesson, worked out when the page was built (bundle.next).
import { recordExerciseCheck } from '../../progress/store.ts';
import type { ReadableAtom, Unsubscribe } from '../store/index.ts';
import type { GradingBundle } from '../types.ts';
import type { ChecksState } from './checks.ts';

const LABELS = { exercise: 'Next exercise', lesson: 'Next lesson' } as const;

function link(href: string, text: string, className: string): HTMLAnchorElement {
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.className = className;
  anchor.textContent = text;
  return anchor;
}

/** The "You passed" notice's content: a heading, what the score means, and where to go next. */
function passedNotice(grading: GradingBundle): HTMLElement[] {
  const title = document.createElement('h3');
  const icon = document.createElement('span');
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = '✓ ';
  title.append(icon, 'You passed');
  const text = document.createElement('p');
  text.textContent =
    'Score 100%: every import contract is kept and every test passes, the hidden ones too. This browser remembers it.';
  const ways = document.createElement('p');
  ways.className = 'finish-next';
  const steps = grading.next ?? [];
  for (const [index, step] of steps.entries()) {
    ways.append(link(step.href, `${LABELS[step.kind]}: ${step.title} →`, index === 0 ? 'primary' : 'secondary'));
  }
  if (grading.exercisesHref) ways.append(link(grading.exercisesHref, 'All exercises', 'secondary'));
  if (steps.length === 0) text.append(' That was the last exercise of the course.');
  return [title, text, ways];
}

/**
 * Records every Check the learner makes and keeps `[data-finish]` (a status region, so the
 * notice is announced) showing "You passed" after a Check at 100%, until a later Check scores less.
 */
export function attachFinishNotice(
  root: HTMLElement,
  grading: GradingBundle,
  checks: ReadableAtom<ChecksState>,
): Unsubscribe {
  const target = root.querySelector<HTMLElement>('[data-finish]');
  let seen = checks.get().last;
  return checks.subscribe(({ last }) => {
    if (last === seen || last?.kind !== 'check') return;
    seen = last;
    recordExerciseCheck(grading.meta.id, last.report.score);
    if (!target) return;
    const passed = last.report.score === 100;
    target.replaceChildren(...(passed ? passedNotice(grading) : []));
    target.dataset.passed = String(passed);
  });
}
