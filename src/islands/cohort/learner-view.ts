// A learner's view of a cohort: each exercise with its dates (and their extension), the score that
// counts with its late and overridden marks, a link to the exercise page, and their submission
// history, each submission openable to its report.
import { describeError, exerciseHref, find, h } from './dom.ts';
import { describeCell, formatScore, formatWhen } from './format.ts';
import { showHistory } from './history.ts';
import type { History } from './history.ts';
import { api } from './http.ts';
import type { AssignmentView, CohortView } from './types.ts';

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

/** Renders the learner view of `cohort` into `root` (the page's learner section). */
export function showLearnerView(root: HTMLElement, cohort: CohortView): void {
  const list = find(root, '[data-learner-exercises]');
  const live = find(root, '[data-learner-live]');
  const scores = new Map<string, HTMLElement>();
  const histories = new Map<string, History>();

  const refreshScores = () => {
    api
      .get<CohortView>(`/cohorts/${encodeURIComponent(cohort.id)}`)
      .then((fresh) => {
        for (const [exercise, slot] of scores) slot.textContent = describeCell(fresh.scores?.[exercise]);
      })
      .catch((error: unknown) => {
        live.textContent = `Could not refresh the scores: ${describeError(error).message}`;
      });
  };

  const cards = cohort.assignments.map((a) => {
    const score = h('dd', { text: describeCell(cohort.scores?.[a.exercise]), data: { score: a.exercise } });
    scores.set(a.exercise, score);
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
      h('dl', { class: 'facts' }, ...dueFacts(a), h('dt', { text: 'Your score' }), score),
      details,
    );
  });
  list.replaceChildren(
    ...(cards.length > 0 ? cards : [h('p', { class: 'muted', text: 'This cohort has no exercises yet.' })]),
  );
}
