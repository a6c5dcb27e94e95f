// One learner's submissions to one exercise, newest first (GET …/exercises/:ex/submissions), each
// openable to its status, score, report and files (GET /api/submissions/:id). While any is queued
// or grading, the list asks again every POLL_MS and says each change in the live region.
import { describeError, h } from './dom.ts';
import { describeSubmission, formatWhen, isPending } from './format.ts';
import { api } from './http.ts';
import { renderSubmission } from './report.ts';
import type { SubmissionDetail, SubmissionSummary } from './types.ts';

const POLL_MS = 1500;

export interface HistoryOptions {
  cohortId: string;
  exercise: string;
  /** Whose submissions (staff looking at a learner); the signed-in learner's own when absent. */
  userId?: string;
  /** Heading level for the report sections inside an opened submission. */
  level: 4 | 5;
  /** Where changes are announced. */
  live: HTMLElement;
  /** Staff: what a "Re-grade" button on each submission does. */
  regrade?: (submissionId: string) => void;
  /** Runs when a submission finishes grading (to refresh the counted scores). */
  graded?: () => void;
}

export interface History {
  /** Loads the list again (and keeps polling while something is pending). */
  refresh(): Promise<void>;
  readonly submissions: readonly SubmissionSummary[];
}

/** Renders the history into `container` (replacing what is there) and returns its controller. */
export function showHistory(container: HTMLElement, options: HistoryOptions): History {
  let submissions: SubmissionSummary[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const open = new Set<string>();
  const rendered = new Map<string, HTMLLIElement>();
  const list = h('ul', { class: 'history' });
  const empty = h('p', { class: 'muted', text: 'No submissions yet.' });
  const problem = h('p', { class: 'tone-bad', attrs: { role: 'alert' } });
  problem.hidden = true;
  container.replaceChildren(problem, empty, list);

  const path = `/cohorts/${encodeURIComponent(options.cohortId)}/exercises/${encodeURIComponent(options.exercise)}/submissions${
    options.userId ? `?user=${encodeURIComponent(options.userId)}` : ''
  }`;

  async function openDetail(id: string, slot: HTMLElement): Promise<void> {
    slot.replaceChildren(h('p', { class: 'muted', text: 'Loading the submission…' }));
    try {
      const detail = await api.get<SubmissionDetail>(`/submissions/${encodeURIComponent(id)}`);
      slot.replaceChildren(renderSubmission(detail, options.level));
    } catch (error) {
      slot.replaceChildren(h('p', { class: 'tone-bad', text: describeError(error).message }));
    }
  }

  function item(entry: SubmissionSummary): HTMLLIElement {
    const slotId = `submission-${entry.id}`;
    const slot = h('div', { class: 'submission-slot', attrs: { id: slotId } });
    const expanded = open.has(entry.id);
    slot.hidden = !expanded;
    const toggle = h('button', {
      text: expanded ? 'Hide details' : 'Show details',
      attrs: { type: 'button', 'aria-expanded': String(expanded), 'aria-controls': slotId },
    });
    toggle.addEventListener('click', () => {
      const opening = !open.has(entry.id);
      if (opening) open.add(entry.id);
      else open.delete(entry.id);
      toggle.setAttribute('aria-expanded', String(opening));
      toggle.textContent = opening ? 'Hide details' : 'Show details';
      slot.hidden = !opening;
      if (opening) void openDetail(entry.id, slot);
    });
    const row = h(
      'div',
      { class: 'history-row' },
      h('span', { class: 'history-summary', text: describeSubmission(entry) }),
      toggle,
    );
    if (options.regrade) {
      const regrade = h('button', { text: 'Re-grade', attrs: { type: 'button' } });
      regrade.addEventListener('click', () => options.regrade?.(entry.id));
      row.append(regrade);
    }
    if (expanded) void openDetail(entry.id, slot);
    return h('li', { data: { submission: entry.id, status: entry.status } }, row, slot);
  }

  async function refresh(): Promise<void> {
    clearTimeout(timer);
    let fresh: SubmissionSummary[];
    try {
      fresh = (await api.get<{ submissions: SubmissionSummary[] }>(path)).submissions;
      problem.hidden = true;
    } catch (error) {
      problem.textContent = `Could not load the submissions: ${describeError(error).message}`;
      problem.hidden = false;
      return;
    }
    const before = new Map(submissions.map((entry) => [entry.id, entry]));
    const changed = fresh.filter((entry) => {
      const old = before.get(entry.id);
      return old !== undefined && (old.status !== entry.status || old.score !== entry.score);
    });
    submissions = fresh;
    empty.hidden = fresh.length > 0;
    // An unchanged row is kept as it is, with its details open and loaded.
    const rows = fresh.map((entry) => {
      const old = before.get(entry.id);
      const kept = old && !changed.includes(entry) ? rendered.get(entry.id) : undefined;
      const row = kept ?? item(entry);
      rendered.set(entry.id, row);
      return row;
    });
    list.replaceChildren(...rows);
    for (const entry of changed) {
      options.live.textContent = `Submission of ${formatWhen(entry.submittedAt)}: ${describeSubmission(entry).split(' · ').slice(1).join(', ')}.`;
    }
    if (changed.some((entry) => !isPending(entry.status))) options.graded?.();
    if (fresh.some((entry) => isPending(entry.status)) && container.isConnected) {
      timer = setTimeout(() => void refresh(), POLL_MS);
    }
  }

  void refresh();
  return {
    refresh,
    get submissions() {
      return submissions;
    },
  };
}
