// A learner's view of a cohort: their late-day tokens left, each exercise with its dates (and
// their extension), the late days spent on it, when their next submission is allowed (under a
// rate limit), the score that counts with its late and overridden marks and why it is reduced, a
// link to the exercise page, and their submission history, each submission openable to its report.
import { formatCount } from '../../site/index.ts';
import { describeError, exerciseHref, find, h } from './dom.ts';
import { describeCell, describeCredit, formatScore, formatWhen, formatWhenExact } from './format.ts';
import { showHistory } from './history.ts';
import type { History } from './history.ts';
import { api } from './http.ts';
import { COHORT_NOUNS } from './nouns.ts';
import type { AssignmentView, CohortView, NextSubmission, SubmissionList } from './types.ts';

/** A timer longer than this is not set (setTimeout's limit is about 24.8 days). */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

function dueFacts(a: AssignmentView): Node[] {
  const facts: Node[] = [];
  const fact = (term: string, ...value: (Node | string)[]) =>
    facts.push(h('dt', { text: term }), h('dd', {}, ...value));
  fact('Opens', formatWhen(a.opensAt, 'now'));
  // With an extension, the server sends the dates that apply to this learner.
  const own = a.extension;
  if (own?.dueAt) {
    fact(
      'Due',
      h('del', { text: formatWhen(a.dueAt, 'no due date') }),
      ' ',
      h('strong', { text: `${formatWhen(own.dueAt)} (your extension)` }),
    );
  } else {
    fact('Due', formatWhen(a.dueAt, 'no due date'));
  }
  const lateDue = own ? own.lateDueAt : a.lateDueAt;
  if (lateDue) fact('Late until', `${formatWhen(lateDue)}, for ${formatScore(a.lateCreditPct)}% of the score`);
  if (a.rateLimit) {
    fact('Submissions', `at most ${a.rateLimit.count} every ${a.rateLimit.windowMinutes} minutes`);
  }
  return facts;
}

/** The learner's tokens in a sentence. */
function describeBalance(lateDays: CohortView['lateDays']): string {
  const spent = lateDays.spent ?? 0;
  const left = Math.max(0, lateDays.total - spent);
  return (
    `Late days: ${left} of ${lateDays.total} left (${formatCount(spent, COHORT_NOUNS.lateDay)} spent). ` +
    'A submission after its due date spends one for each day it is late, automatically, when you have enough left; it then counts as on time.'
  );
}

/** The rate limit's answer in words: now, or the absolute time the next submission is allowed. */
function describeNext(next: NextSubmission): string {
  if (next.remaining === 0) {
    return `allowed at ${formatWhenExact(next.allowedAt)}: you have used every submission this window allows`;
  }
  return next.remaining === null
    ? 'allowed now'
    : `allowed now (${formatCount(next.remaining, COHORT_NOUNS.submission)} left in this window)`;
}

/** Renders the learner view of `cohort` into `root` (the page's learner section). */
export function showLearnerView(root: HTMLElement, cohort: CohortView): void {
  const list = find(root, '[data-learner-exercises]');
  const live = find(root, '[data-learner-live]');
  const balance = find(root, '[data-late-days]');
  const scores = new Map<string, HTMLElement>();
  const credits = new Map<string, HTMLElement>();
  const spentSlots = new Map<string, HTMLElement>();
  const nextSlots = new Map<string, HTMLElement>();
  const nextTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const histories = new Map<string, History>();
  const assignments = new Map(cohort.assignments.map((a) => [a.exercise, a]));

  const showTokens = (view: CohortView) => {
    balance.hidden = view.lateDays.total === 0;
    balance.textContent = view.lateDays.total > 0 ? describeBalance(view.lateDays) : '';
    for (const [exercise, slot] of spentSlots) {
      const days = view.lateDays.byExercise?.[exercise] ?? 0;
      slot.textContent =
        days > 0 ? `${formatCount(days, COHORT_NOUNS.lateDay)} (your due date moved by as many days)` : 'none';
    }
  };
  const showScores = (view: CohortView) => {
    for (const [exercise, slot] of scores) slot.textContent = describeCell(view.scores?.[exercise]);
    for (const [exercise, slot] of credits) {
      const credit = describeCredit(view.scores?.[exercise], assignments.get(exercise)?.lateCreditPct ?? 100);
      slot.textContent = credit ?? '';
      slot.hidden = credit === null;
    }
  };

  // When the rate limit has used up the window, the time it frees a place; asked again then.
  const loadNext = (exercise: string) => {
    const slot = nextSlots.get(exercise);
    if (!slot) return;
    clearTimeout(nextTimers.get(exercise));
    api
      .get<SubmissionList>(
        `/cohorts/${encodeURIComponent(cohort.id)}/exercises/${encodeURIComponent(exercise)}/submissions`,
      )
      .then(({ next }) => {
        if (!next) return;
        slot.textContent = describeNext(next);
        slot.dataset.remaining = next.remaining === null ? '' : String(next.remaining);
        slot.dataset.allowedAt = next.allowedAt;
        const wait = Date.parse(next.allowedAt) - Date.now();
        if (next.remaining === 0 && wait < LONGEST_WAIT_MS && list.isConnected) {
          nextTimers.set(
            exercise,
            setTimeout(() => loadNext(exercise), Math.max(0, wait) + 500),
          );
        }
      })
      .catch((error: unknown) => {
        slot.textContent = `could not ask the server: ${describeError(error).message}`;
      });
  };

  const refreshScores = () => {
    api
      .get<CohortView>(`/cohorts/${encodeURIComponent(cohort.id)}`)
      .then((fresh) => {
        showScores(fresh);
        showTokens(fresh);
      })
      .catch((error: unknown) => {
        live.textContent = `Could not refresh the scores: ${describeError(error).message}`;
      });
    for (const exercise of nextSlots.keys()) loadNext(exercise);
  };

  const cards = cohort.assignments.map((a) => {
    const score = h('dd', { text: describeCell(cohort.scores?.[a.exercise]), data: { score: a.exercise } });
    scores.set(a.exercise, score);
    const credit = h('p', { class: 'hint', data: { credit: a.exercise } });
    credits.set(a.exercise, credit);
    const extra: Node[] = [];
    if (cohort.lateDays.total > 0) {
      const spent = h('dd', { data: { lateDaysSpent: a.exercise } });
      spentSlots.set(a.exercise, spent);
      extra.push(h('dt', { text: 'Late days spent' }), spent);
    }
    if (a.rateLimit) {
      const next = h('dd', { text: 'asking the server…', data: { next: a.exercise } });
      nextSlots.set(a.exercise, next);
      extra.push(h('dt', { text: 'Next submission' }), next);
    }
    const slot = h('div', { class: 'history-slot' });
    const details = h(
      'details',
      { class: 'history-box' },
      h('summary', { text: `Your submissions to ${a.title}` }),
      slot,
    );
    details.addEventListener('toggle', () => {
      if (!details.open || histories.has(a.exercise)) return;
      histories.set(
        a.exercise,
        showHistory(slot, { cohortId: cohort.id, exercise: a.exercise, level: 4, live, graded: refreshScores }),
      );
    });
    return h(
      'article',
      { class: 'assignment-card', data: { exercise: a.exercise }, attrs: { 'aria-labelledby': `title-${a.exercise}` } },
      h(
        'h3',
        { attrs: { id: `title-${a.exercise}` } },
        h('a', { text: a.title, attrs: { href: exerciseHref(a.exercise) } }),
      ),
      h('dl', { class: 'facts' }, ...dueFacts(a), ...extra, h('dt', { text: 'Your score' }), score),
      credit,
      details,
    );
  });
  list.replaceChildren(
    ...(cards.length > 0 ? cards : [h('p', { class: 'muted', text: 'This cohort has no exercises yet.' })]),
  );
  showScores(cohort);
  showTokens(cohort);
  for (const exercise of nextSlots.keys()) loadNext(exercise);
}
