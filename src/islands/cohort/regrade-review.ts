// The table a finished re-grade ends with: each counted score it changed (before → after), with
// Accept and Discard for that cell, and Accept all / Discard all for every change not decided
// yet. Until a change is accepted the gradebook keeps the score that stood before (the run was
// held for review); each decision is said in the status region, and a refusal too.
import { formatCount } from '../../site/index.ts';
import { describeError, h, say } from './dom.ts';
import { formatScore } from './format.ts';
import { COHORT_NOUNS } from './nouns.ts';
import { decideRegrade, regradeStatus } from './regrade.ts';
import type { RegradeStatus, ScoreChange } from './types.ts';

interface Names {
  person: (userId: unknown) => string;
  exercise: (id: unknown) => string;
}

export interface RegradeReviewOptions {
  cohortId: string;
  /** Where the table goes (replaced on every change). */
  slot: HTMLElement;
  /** The status region decisions are said in. */
  status: HTMLElement;
  names: Names;
  /** After each decision, with the run as it now stands (to reload the gradebook). */
  decided: (run: RegradeStatus) => Promise<void>;
}

const DECISION_WORDS = { accepted: 'Accepted', discarded: 'Discarded' } as const;

/** Shows the run's changes for review in `options.slot`. */
export function showRegradeReview(initial: RegradeStatus, options: RegradeReviewOptions): void {
  const { names, slot, status } = options;
  let run = initial;
  let busy = false;
  /** Where the keyboard goes back to after a decision (its row, or the summary for all). */
  let returnFocus: string | undefined;

  const cellName = (change: ScoreChange) => `${names.person(change.userId)}, ${names.exercise(change.exercise)}`;
  const fromTo = (change: ScoreChange) =>
    `${formatScore(change.before, 'none')} → ${formatScore(change.after, 'none')}`;

  async function decide(accept: boolean, change?: ScoreChange): Promise<void> {
    if (busy) return;
    busy = true;
    returnFocus = change ? `${change.userId} ${change.exercise}` : 'summary';
    for (const button of slot.querySelectorAll('button')) button.disabled = true;
    const what = change ? `the change for ${cellName(change)} (${fromTo(change)})` : 'every change not decided yet';
    say(status, `${accept ? 'Accepting' : 'Discarding'} ${what}…`, 'busy');
    try {
      const cells = change ? [{ userId: change.userId, exercise: change.exercise }] : undefined;
      await decideRegrade(options.cohortId, run.id, accept, cells);
      run = await regradeStatus(options.cohortId, run.id);
      await options.decided(run);
      const outcome = change
        ? accept
          ? `Accepted the change for ${cellName(change)}: the gradebook now counts ${formatScore(change.after, 'no score')}.`
          : `Discarded the change for ${cellName(change)}: the gradebook keeps ${formatScore(change.before, 'no score')}.`
        : accept
          ? 'Accepted the re-grade: every change not discarded now counts in the gradebook.'
          : 'Discarded the re-grade: the gradebook keeps every score it had, except changes you accepted.';
      say(status, outcome, 'ok');
    } catch (error) {
      const { message, problems } = describeError(error);
      say(status, `Could not ${accept ? 'accept' : 'discard'} ${what}: ${message}`, 'bad', problems);
    } finally {
      busy = false;
      render();
    }
  }

  function button(label: string, hidden: string, action: () => void): HTMLButtonElement {
    const node = h(
      'button',
      { attrs: { type: 'button' } },
      label,
      h('span', { class: 'visually-hidden', text: ` ${hidden}` }),
    );
    node.addEventListener('click', action);
    return node;
  }

  function render(): void {
    const open = run.decision === null;
    const undecided = run.changes.filter((change) => change.decision === null).length;
    const rows = run.changes.map((change) => {
      const key = `${change.userId} ${change.exercise}`;
      const decision = h('td', { attrs: { tabindex: '-1' }, data: { focusKey: key } });
      if (change.decision) decision.textContent = DECISION_WORDS[change.decision];
      else if (open) {
        decision.append(
          h(
            'span',
            { class: 'actions' },
            button('Accept', `the change for ${cellName(change)}`, () => void decide(true, change)),
            button('Discard', `the change for ${cellName(change)}`, () => void decide(false, change)),
          ),
        );
      } else decision.textContent = 'Not decided';
      return h(
        'tr',
        { data: { learner: change.userId, exercise: change.exercise, decision: change.decision ?? 'pending' } },
        h('th', { attrs: { scope: 'row' }, text: names.person(change.userId) }),
        h('td', { text: names.exercise(change.exercise) }),
        h('td', { text: formatScore(change.before, '—') }),
        h('td', { text: formatScore(change.after, '—') }),
        decision,
      );
    });
    const table =
      run.changes.length > 0 &&
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'gradebook regrade-changes' },
          h('caption', { text: 'Counted scores the re-grade changes (before → after)' }),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Learner', 'Exercise', 'Before', 'After', 'Decision'].map((title) =>
                h('th', { text: title, attrs: { scope: 'col' } }),
              ),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
      );
    const summary = open
      ? run.changes.length === 0
        ? 'No counted score changed. Accept the re-grade to keep its new reports, or discard it.'
        : `${formatCount(undecided, COHORT_NOUNS.change)} to decide. The gradebook keeps the old score until you accept a change.`
      : `This re-grade was ${run.decision}.`;
    const all =
      open &&
      h(
        'p',
        { class: 'actions' },
        button('Accept all', 'remaining changes of this re-grade', () => void decide(true)),
        button('Discard all', 'remaining changes of this re-grade', () => void decide(false)),
      );
    slot.replaceChildren(
      h('p', { class: 'hint', text: summary, attrs: { tabindex: '-1' }, data: { focusKey: 'summary' } }),
      table || '',
      all || '',
    );
    slot.dataset.regrade = run.id;
    slot.dataset.decision = run.decision ?? 'pending';
    // A decided row loses its buttons: keep the keyboard where it was.
    if (returnFocus && !busy) {
      slot.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(returnFocus)}"]`)?.focus();
      returnFocus = undefined;
    }
  }

  render();
}
