// Submit, for a learner in a cohort: the project's files go to the cohort server, and the page
// shows the submission queued → grading → graded with the score and the feedback the cohort lets
// the learner see, and why the counted score is less (late credit) or on time (late days spent).
// When a fair limit refuses (the rate limit, the cohort's queue), it says why and when the next
// submission is allowed, and Submit comes back at that time. Only the server's grade counts;
// Check stays a practice grade. Without a cohort server, or for a learner not signed in, nothing
// here shows.
import type { Unsubscribe } from '../store/index.ts';
import { changesContent } from '../store/index.ts';
import type { ProjectStore } from '../store/index.ts';
import { showChoice, showNotice } from '../panels/index.ts';
import { assignmentsFor, CohortApiError, loadCopy, nextSubmission, saveCopy, submission, submit } from './api.ts';
import type { CohortAssignment, FairLimit, Submitted, SubmissionState } from './api.ts';

const POLL_MS = 600;
const SAVE_AFTER_MS = 2000;
/** A timer longer than this is not set (setTimeout's limit is about 24.8 days). */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

const LIMIT_WORDS: Record<FairLimit['kind'], string> = {
  rate: 'you have used every submission this exercise allows in its time window',
  queue: 'your cohort has as many submissions waiting for the grader as it allows',
};

/** A time to the second, in the learner's locale and zone. */
function exactTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** What counts of a graded submission, when that is not simply its score. */
function creditNotes(state: SubmissionState, sent: Submitted | null, assignment: CohortAssignment): string[] {
  const notes: string[] = [];
  if (sent && sent.lateDaysSpent > 0) {
    const days = `${sent.lateDaysSpent} late ${sent.lateDaysSpent === 1 ? 'day' : 'days'}`;
    notes.push(`It was after the due date: ${days} spent, so it counts as on time.`);
  }
  if (sent?.late && state.score !== null) {
    const pct = Math.min(100, Math.max(0, assignment.lateCreditPct));
    const counted = Math.round(state.score * pct) / 100;
    if (counted < state.score) {
      notes.push(`Submitted late: it counts for ${pct}% of its score, ${counted} of ${state.score}.`);
    }
  }
  return notes;
}

function sameFiles(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function describeDue(assignment: CohortAssignment): string {
  if (!assignment.dueAt) return `for ${assignment.cohortName}`;
  const due = new Date(assignment.dueAt).toLocaleString();
  return `for ${assignment.cohortName}, due ${due}`;
}

/** Renders a graded submission: score, then the tests and contracts, hidden tests as verdicts. */
function renderResult(host: HTMLElement, state: SubmissionState, cohortId: string, notes: readonly string[]): void {
  host.replaceChildren();
  if (state.status === 'failed') {
    host.append(element('p', `Not graded: ${state.failure ?? 'the grader failed'}. Your instructor can re-grade it.`));
    return;
  }
  const report = state.report;
  host.append(
    element(
      'p',
      `Graded: ${state.score ?? 0} / 100. ${notes.length > 0 ? 'It counts in your cohort as below.' : 'This score counts in your cohort.'}`,
      'submission-score',
    ),
  );
  for (const note of notes) host.append(element('p', note, 'submission-credit'));
  if (!report) return;
  const list = element('ul', undefined, 'submission-tests');
  for (const contract of report.contracts) {
    const item = element('li', `${contract.kept ? '✓ kept' : '✗ broken'}: contract “${contract.name}”`);
    item.dataset.status = contract.kept ? 'pass' : 'fail';
    list.append(item);
  }
  for (const test of report.tests) {
    const passed = test.status === 'pass';
    const label = `${passed ? '✓ passed' : '✗ failed'}: ${test.suite === 'hidden' ? 'hidden test' : 'test'} ${test.description ?? test.name}`;
    const item = element('li', label);
    item.dataset.status = passed ? 'pass' : 'fail';
    if (!passed && test.message) item.append(element('pre', test.message));
    list.append(item);
  }
  host.append(list);
  for (const note of report.feedback) host.append(element('p', note.text, 'submission-hint'));
  const history = element('a', 'Your submissions and scores in this cohort');
  history.href = `/cohorts/cohort/?id=${encodeURIComponent(cohortId)}`;
  host.append(history);
}

/** Keeps the learner's working copy on the server too, so it follows them to another browser. */
function syncCopy(root: HTMLElement, store: ProjectStore, exercise: string): Unsubscribe {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  void loadCopy(exercise)
    .then(({ files }) => {
      if (stopped || !files) return;
      const local = store.get().files;
      if (sameFiles(local, files)) return;
      const take = () => store.replace({ files, folders: [], deleted: [] }, { reason: 'other-tab' });
      if (sameFiles(local, store.starter)) {
        const before = store.snapshot();
        take();
        showNotice(root, 'Your work on this exercise from your account (another browser) was loaded.', () =>
          store.replace(before, { reason: 'undo' }),
        );
      } else {
        showChoice(root, 'Your account has a different copy of this exercise, saved from another browser.', [
          { label: 'Use the copy from my account', choose: take },
          { label: 'Keep this one', choose: () => void saveCopy(exercise, store.get().files).catch(() => undefined) },
        ]);
      }
    })
    .catch(() => undefined);
  const stop = store.listen((state, change) => {
    if (!changesContent(change)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void saveCopy(exercise, state.files).catch(() => undefined), SAVE_AFTER_MS);
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
    stop();
  };
}

/**
 * Shows Submit beside Run and Check when the signed-in learner has this exercise in a cohort, and
 * keeps their working copy on the server. Returns what to stop when the editor goes away.
 */
export async function attachCohortSubmit(
  root: HTMLElement,
  store: ProjectStore,
  exercise: string,
): Promise<Unsubscribe> {
  const button = root.querySelector<HTMLButtonElement>('[data-action="submit"]');
  const panel = root.querySelector<HTMLElement>('[data-submission]');
  const status = root.querySelector<HTMLElement>('[data-submission-status]');
  const result = root.querySelector<HTMLElement>('[data-submission-result]');
  const picker = root.querySelector<HTMLSelectElement>('[data-submit-cohort]');
  const { signedIn, assignments } = await assignmentsFor(exercise);
  const stops: Unsubscribe[] = [];
  if (signedIn) stops.push(syncCopy(root, store, exercise));
  if (!button || !panel || !status || !result || assignments.length === 0) {
    return () => stops.forEach((stop) => stop());
  }
  if (picker && assignments.length > 1) {
    picker.replaceChildren(...assignments.map((a) => new Option(a.cohortName, a.cohortId)));
    picker.closest('label')?.removeAttribute('hidden');
  }
  const chosen = () => assignments.find((a) => a.cohortId === picker?.value) ?? assignments[0]!;
  button.hidden = false;
  button.title = `Send your files to be graded ${describeDue(chosen())}`;
  let polling: ReturnType<typeof setTimeout> | undefined;
  let reopen: ReturnType<typeof setTimeout> | undefined;
  let gone = false;

  // A fair limit refused (or will refuse) a submission: say why and when, and bring Submit back
  // then. After a grade, the grade's sentence stays first (`lead` null).
  const holdUntil = (limit: FairLimit, lead: string | null) => {
    clearTimeout(reopen);
    button.disabled = true;
    panel.hidden = false;
    if (lead !== null) panel.dataset.state = 'limited';
    panel.dataset.nextAt = new Date(limit.nextAt).toISOString();
    const before = lead === null ? `${status.textContent ?? ''} ` : '';
    const why = `${LIMIT_WORDS[limit.kind]}. Next submission allowed at ${exactTime(limit.nextAt)}.`;
    status.textContent = lead === null ? `${before}${why.charAt(0).toUpperCase()}${why.slice(1)}` : `${lead}${why}`;
    const wait = limit.nextAt - Date.now();
    if (wait >= LONGEST_WAIT_MS) return;
    reopen = setTimeout(
      () => {
        if (gone) return;
        button.disabled = false;
        if (lead !== null) panel.dataset.state = 'ready';
        delete panel.dataset.nextAt;
        status.textContent = `${before}You can submit again now.`;
      },
      Math.max(0, wait),
    );
  };
  // Asked ahead, so a learner whose window is used up sees it before pressing Submit.
  const checkAhead = (lead: string | null) => {
    const target = chosen();
    void nextSubmission(target.cohortId, exercise)
      .then((next) => {
        if (gone || chosen() !== target || !next) return;
        panel.dataset.remaining = next.remaining === null ? '' : String(next.remaining);
        if (next.remaining !== 0) return;
        holdUntil({ kind: 'rate', nextAt: Date.parse(next.allowedAt) }, lead);
      })
      .catch(() => undefined);
  };

  const watch = (id: string, cohortId: string, sent: Submitted | null, assignment: CohortAssignment) => {
    void submission(id)
      .then((state) => {
        if (gone) return;
        if (state.status === 'graded' || state.status === 'failed') {
          status.textContent =
            state.status === 'graded' ? `Graded: ${state.score ?? 0} / 100.` : 'Could not be graded.';
          panel.dataset.state = state.status;
          renderResult(result, state, cohortId, state.status === 'graded' ? creditNotes(state, sent, assignment) : []);
          button.disabled = false;
          checkAhead(null);
          return;
        }
        panel.dataset.state = state.status;
        status.textContent =
          (state.status === 'queued' ? 'Submitted: waiting for a grader…' : 'Grading on the server…') +
          (state.waiting ? ` (${state.waiting})` : '');
        polling = setTimeout(() => watch(id, cohortId, sent, assignment), POLL_MS);
      })
      .catch(() => {
        if (gone) return;
        status.textContent = 'Lost touch with the server; still trying…';
        polling = setTimeout(() => watch(id, cohortId, sent, assignment), POLL_MS * 5);
      });
  };

  const onClick = () => {
    const target = chosen();
    clearTimeout(reopen);
    delete panel.dataset.nextAt;
    button.disabled = true;
    panel.hidden = false;
    result.replaceChildren();
    panel.dataset.state = 'sending';
    status.textContent = 'Sending your files…';
    void submit(target.cohortId, exercise, { ...store.get().files })
      .then((sent) => {
        status.textContent = sent.late
          ? 'Submitted (late): waiting for a grader…'
          : sent.lateDaysSpent > 0
            ? `Submitted with ${sent.lateDaysSpent} late ${sent.lateDaysSpent === 1 ? 'day' : 'days'} spent: waiting for a grader…`
            : 'Submitted: waiting for a grader…';
        panel.dataset.state = 'queued';
        panel.dataset.submission = sent.id;
        watch(sent.id, target.cohortId, sent, target);
      })
      .catch((error: unknown) => {
        button.disabled = false;
        panel.dataset.state = 'refused';
        const problem = error instanceof CohortApiError ? error : new CohortApiError(0, String(error));
        if (problem.limit) {
          holdUntil(problem.limit, 'Not submitted: ');
          return;
        }
        status.textContent = `Not submitted: ${problem.message}`;
        if (problem.problems.length > 0) {
          const list = element('ul');
          for (const line of problem.problems) list.append(element('li', line));
          result.replaceChildren(list);
        }
      });
  };
  button.addEventListener('click', onClick);
  const onPick = () => {
    clearTimeout(reopen);
    button.disabled = false;
    checkAhead('Not now: ');
  };
  picker?.addEventListener('change', onPick);
  checkAhead('Not now: ');
  stops.push(() => {
    gone = true;
    clearTimeout(polling);
    clearTimeout(reopen);
    picker?.removeEventListener('change', onPick);
    button.removeEventListener('click', onClick);
  });
  return () => stops.forEach((stop) => stop());
}
