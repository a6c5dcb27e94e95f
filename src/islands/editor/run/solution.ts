// The reference solution, revealed when the exercise allows it (always, after N checks, or after a
// full score), and the count of checks that rule reads.
import { formatCount, NOUNS } from '../../../site/index.ts';
import { loadProgress } from '../../progress/store.ts';
import type { ProjectStore, ReadableAtom, Unsubscribe } from '../store/index.ts';
import type { GradingBundle } from '../types.ts';
import type { ChecksState } from './checks.ts';
import { showSolutionDiff } from './solution-diff.ts';

const ATTEMPTS_KEY = 'strata:attempts';

function readAttempts(): Record<string, number> {
  try {
    const parsed = JSON.parse(localStorage.getItem(ATTEMPTS_KEY) ?? '{}') as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export function countAttempt(id: string): number {
  const attempts = readAttempts();
  attempts[id] = (attempts[id] ?? 0) + 1;
  try {
    localStorage.setItem(ATTEMPTS_KEY, JSON.stringify(attempts));
  } catch {
    // storage disabled: the count lasts for this page only
  }
  return attempts[id];
}

/** Why the solution can or cannot be shown yet, per the exercise's metadata. */
export function solutionAvailability(bundle: GradingBundle): { available: boolean; reason: string } {
  const rule = bundle.meta.solution;
  const id = bundle.meta.id;
  if (rule.reveal === 'always') return { available: true, reason: '' };
  if (rule.reveal === 'never') return { available: false, reason: 'This exercise keeps its solution hidden.' };
  if (rule.reveal === 'after-pass') {
    const done = (loadProgress().exercises[id]?.score ?? 0) >= 100;
    return { available: done, reason: done ? '' : 'The solution opens once you reach 100%.' };
  }
  const needed = rule.attempts ?? 1;
  const made = readAttempts()[id] ?? 0;
  return made >= needed
    ? { available: true, reason: '' }
    : { available: false, reason: `The solution opens after ${formatCount(needed, NOUNS.check)} (${made} so far).` };
}

/**
 * Shows whether the solution may be opened yet, and opens it on request: as a diff against the
 * learner's files, never over them (see solution-diff.ts). `stops` collects what to end when the
 * workspace goes.
 */
function refreshSolutionPanel(
  root: HTMLElement,
  grading: GradingBundle,
  store: ProjectStore,
  stops: Unsubscribe[],
): void {
  const panel = root.querySelector<HTMLElement>('[data-solution]');
  if (!panel || !grading.solution) return;
  const { available, reason } = solutionAvailability(grading);
  const status = panel.querySelector('[data-solution-status]');
  const button = panel.querySelector<HTMLButtonElement>('[data-solution-show]');
  if (status) status.textContent = available ? 'The reference solution is available.' : reason;
  if (!button) return;
  const open = panel.dataset.solutionOpen === 'true';
  button.hidden = !available || open;
  button.onclick = () => {
    const files = panel.querySelector<HTMLElement>('[data-solution-files]');
    if (!files || panel.dataset.solutionOpen === 'true') return;
    panel.dataset.solutionOpen = 'true';
    button.hidden = true;
    void showSolutionDiff(root, files, store, grading.solution ?? {}).then(
      (stop) => stops.push(stop),
      (error: unknown) => {
        console.error('Strata: the solution could not be compared', error);
        if (status) status.textContent = 'The solution could not be shown here. Reload the page to try again.';
      },
    );
  };
}

/** Keeps the `[data-solution]` panel up to date: a Check may be the one that opens it. */
export function attachSolutionPanel(
  root: HTMLElement,
  grading: GradingBundle,
  checks: ReadableAtom<ChecksState>,
  store: ProjectStore,
): Unsubscribe {
  const stops: Unsubscribe[] = [];
  stops.push(
    checks.subscribe((state) => {
      if (state.running === undefined) refreshSolutionPanel(root, grading, store, stops);
    }),
  );
  return () => {
    for (const stop of stops.splice(0).reverse()) stop();
  };
}
