// The staff view of a cohort (instructors and teaching assistants): the join code and link, the
// roster import, adding staff, the members, the gradebook (each cell opens the learner's
// submissions, extensions and overrides), re-grades with the changed cells highlighted, the CSV
// exports and the audit log. What only instructors may do is hidden from teaching assistants
// (the server refuses it anyway).
import { renderAudit } from './audit.ts';
import { wireCellDialog } from './cell-dialog.ts';
import { cohortsHref, describeError, field, find, FormProblems, h, onSubmit, say } from './dom.ts';
import { formatScore, formatWhen } from './format.ts';
import { renderGradebook } from './gradebook-table.ts';
import { api, apiHref } from './http.ts';
import { runRegrade } from './regrade.ts';
import type { RegradeScope } from './regrade.ts';
import { showRegradeReview } from './regrade-review.ts';
import { COHORT_NOUNS } from './nouns.ts';
import { describeRole } from './roles.ts';
import { formatCount, pluralNoun } from '../../site/index.ts';
import type {
  AuditEntry,
  CohortView,
  GradebookView,
  LmsScoreSync,
  Members,
  RegradeStatus,
  RosterResult,
  ScoreChange,
} from './types.ts';

const POLICY_WORDS = { best: 'the best submission counts', last: 'the last submission counts' } as const;

export function showStaffView(root: HTMLElement, initial: CohortView): void {
  let cohort = initial;
  const instructor = cohort.role === 'instructor';
  const path = `/cohorts/${encodeURIComponent(cohort.id)}`;
  for (const part of root.querySelectorAll<HTMLElement>('[data-instructor-only]')) part.hidden = !instructor;

  let members: Members = { members: [], invites: [] };
  let book: GradebookView = { exercises: [], rows: [] };
  let changes: ScoreChange[] = [];
  const titles = new Map(cohort.assignments.map((a) => [a.exercise, a.title]));
  const names = {
    person: (id: unknown) => members.members.find((m) => m.id === id)?.name ?? 'a learner',
    exercise: (id: unknown) => (typeof id === 'string' ? (titles.get(id) ?? id) : 'an exercise'),
  };

  // ── invite: join code and link ───────────────────────────────────────────────────────────
  const inviteStatus = find(root, '[data-invite-status]');
  const joinLink = () =>
    new URL(`${cohortsHref('join/')}?code=${encodeURIComponent(cohort.joinCode ?? '')}`, location.href).href;
  const showInvite = () => {
    const on = cohort.joinCodeEnabled !== false;
    find(root, '[data-join-code]').textContent = cohort.joinCode ?? '';
    find(root, '[data-join-state]').textContent = on ? 'on' : 'off: nobody can join with it';
    const link = find<HTMLAnchorElement>(root, '[data-join-link]');
    link.href = joinLink();
    link.textContent = joinLink();
    find(root, '[data-join-details]').hidden = !on;
    find(root, 'button[data-toggle-code]').textContent = on ? 'Turn the code off' : 'Turn the code on';
  };
  showInvite();
  const copy = (text: string, what: string) => {
    navigator.clipboard
      .writeText(text)
      .then(() => say(inviteStatus, `Copied the ${what}.`, 'ok'))
      .catch(() => say(inviteStatus, `Could not copy; select the ${what} and copy it: ${text}`, 'bad'));
  };
  find(root, 'button[data-copy-link]').addEventListener('click', () => copy(joinLink(), 'join link'));
  find(root, 'button[data-copy-code]').addEventListener('click', () => copy(cohort.joinCode ?? '', 'join code'));
  const changeCode = (change: { enabled: boolean; rotate: boolean }, busy: string, done: string) => {
    say(inviteStatus, busy, 'busy');
    api
      .post<CohortView>(`${path}/join-code`, change)
      .then((fresh) => {
        cohort = { ...cohort, joinCode: fresh.joinCode, joinCodeEnabled: fresh.joinCodeEnabled };
        showInvite();
        say(inviteStatus, done, 'ok');
        void loadAudit();
      })
      .catch((error: unknown) => say(inviteStatus, describeError(error).message, 'bad'));
  };
  find(root, 'button[data-rotate]').addEventListener('click', () =>
    changeCode(
      { enabled: cohort.joinCodeEnabled !== false, rotate: true },
      'Making a new code…',
      'New join code made: the old code and link no longer work.',
    ),
  );
  find(root, 'button[data-toggle-code]').addEventListener('click', () => {
    const on = cohort.joinCodeEnabled !== false;
    changeCode(
      { enabled: !on, rotate: false },
      on ? 'Turning the code off…' : 'Turning the code on…',
      on ? 'The join code is off: nobody can join with it.' : 'The join code is on again.',
    );
  });

  // ── roster import ────────────────────────────────────────────────────────────────────────
  const roster = find<HTMLFormElement>(root, 'form[data-form="roster"]');
  const rosterText = find<HTMLTextAreaElement>(roster, 'textarea[name="roster"]');
  find<HTMLInputElement>(roster, 'input[type="file"]').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      rosterText.value = text;
      say(find(roster, '[data-status]'), `Read ${file.name}; press Import to import it.`);
    });
  });
  onSubmit(roster, 'Importing the roster…', async (data) => {
    const csv = field(data, 'roster');
    if (csv.trim() === '') throw new FormProblems('Paste the roster or choose a CSV file first.', []);
    const result = await api.postText<RosterResult>(`${path}/roster`, csv, 'text/csv; charset=utf-8');
    await Promise.all([loadMembers(), loadGradebook(), loadAudit()]);
    const summary = `Imported: ${result.enrolled} enrolled, ${result.invited} invited (they join when they first sign in).`;
    if (result.problems.length === 0) return summary;
    const rows = `${formatCount(result.problems.length, COHORT_NOUNS.row)} ${pluralNoun(result.problems.length, COHORT_NOUNS.was)} not imported`;
    return {
      text: `${summary} ${rows}:`,
      tone: 'warn',
      lines: result.problems.map((problem) => `Line ${problem.line}: ${problem.message}`),
    };
  });

  // ── staff ────────────────────────────────────────────────────────────────────────────────
  const staff = find<HTMLFormElement>(root, 'form[data-form="staff"]');
  onSubmit(staff, 'Adding…', async (data) => {
    const email = field(data, 'email').trim();
    const role = field(data, 'role');
    await api.post(`${path}/staff`, { email, role });
    staff.reset();
    await Promise.all([loadMembers(), loadGradebook(), loadAudit()]);
    return `${email} is now ${role === 'ta' ? 'a teaching assistant' : 'an instructor'} of this cohort.`;
  });

  // ── members ──────────────────────────────────────────────────────────────────────────────
  const membersSlot = find(root, '[data-members]');
  async function loadMembers(): Promise<void> {
    try {
      members = await api.get<Members>(`${path}/members`);
    } catch (error) {
      membersSlot.replaceChildren(h('p', { class: 'tone-bad', text: describeError(error).message }));
      return;
    }
    const list = h(
      'ul',
      { class: 'members' },
      ...members.members.map((m) =>
        h(
          'li',
          { data: { member: m.id, role: m.role } },
          h('strong', { text: m.name }),
          ` ${m.email} · ${describeRole(m.role)} · joined ${formatWhen(m.joinedAt)}`,
          m.role === 'learner' && cohort.lateDays.total > 0
            ? ` · ${formatCount(m.lateDaysSpent ?? 0, COHORT_NOUNS.lateDay)} of ${cohort.lateDays.total} spent`
            : '',
        ),
      ),
    );
    const invites =
      members.invites.length > 0 &&
      h(
        'div',
        {},
        h('h3', { text: `Invited, not signed up yet (${members.invites.length})` }),
        h(
          'ul',
          { class: 'members' },
          ...members.invites.map((i) =>
            h('li', { data: { invite: i.email } }, h('strong', { text: i.name }), ` ${i.email}`),
          ),
        ),
      );
    membersSlot.replaceChildren(list, invites || '');
  }

  // ── gradebook, cells, re-grades ──────────────────────────────────────────────────────────
  const gradebookSlot = find(root, '[data-gradebook]');
  const dialog = wireCellDialog(find<HTMLDialogElement>(root, 'dialog[data-cell-dialog]'), cohort, {
    changed: async () => {
      await Promise.all([loadGradebook(), loadAudit()]);
    },
    regrade: (submission) => void regrade({ submission }, 'this submission'),
  });
  let openCell: { userId: string; exercise: string } | null = null;
  let lms = new Map<string, LmsScoreSync>();
  async function loadGradebook(): Promise<void> {
    try {
      [book, lms] = await Promise.all([
        api.get<GradebookView>(`${path}/gradebook`),
        // Only a course launched from an LMS has rows here; a server without LTI answers nothing useful.
        api
          .get<{ cells: LmsScoreSync[] }>(`/lti${path}/scores`)
          .then(({ cells }) => new Map(cells.map((cell) => [`${cell.userId} ${cell.exercise}`, cell])))
          .catch(() => new Map<string, LmsScoreSync>()),
      ]);
    } catch (error) {
      gradebookSlot.replaceChildren(h('p', { class: 'tone-bad', text: describeError(error).message }));
      return;
    }
    gradebookSlot.replaceChildren(
      renderGradebook({
        book,
        assignments: cohort.assignments,
        caption: `Counted score per learner and exercise (${POLICY_WORDS[cohort.scorePolicy]}; total: mean over the exercises)`,
        changes,
        lms,
        lateDays: book.lateDaysSpent,
        open: (learner, exercise) => {
          openCell = { userId: learner.id, exercise };
          dialog.open({ learner, exercise, cell: cellOf(learner.id, exercise) });
        },
      }),
    );
    if (openCell) dialog.update(cellOf(openCell.userId, openCell.exercise));
  }
  const cellOf = (userId: string, exercise: string) =>
    book.rows.find((row) => row.learner.id === userId)?.cells[book.exercises.indexOf(exercise)];

  find<HTMLAnchorElement>(root, 'a[data-download="gradebook"]').href = apiHref(`${path}/gradebook?format=csv`);
  find<HTMLAnchorElement>(root, 'a[data-download="submissions"]').href = apiHref(`${path}/submissions.csv`);

  const regradeStatus = find(root, '[data-regrade-status]');
  const reviewSlot = find(root, '[data-regrade-review]');
  const reviewStatus = find(root, '[data-regrade-review-status]');
  const regradeButtons = [...root.querySelectorAll<HTMLButtonElement>('button[data-regrade]')];
  const exercisePick = find<HTMLSelectElement>(root, 'select[data-regrade-exercise]');
  exercisePick.replaceChildren(
    ...cohort.assignments.map((a) => h('option', { text: a.title, attrs: { value: a.exercise } })),
  );
  let regrading = false;
  async function regrade(scope: RegradeScope, what: string): Promise<void> {
    if (regrading) return;
    regrading = true;
    for (const button of regradeButtons) button.disabled = true;
    say(regradeStatus, `Re-grading ${what}…`, 'busy');
    reviewSlot.replaceChildren();
    say(reviewStatus, '');
    try {
      const progress = (s: RegradeStatus) =>
        say(
          regradeStatus,
          `Re-grading ${what}: ${s.done} of ${formatCount(s.total, COHORT_NOUNS.submission)} done…`,
          'busy',
        );
      const done = await runRegrade(cohort.id, scope, progress);
      changes = done.changes;
      await Promise.all([loadGradebook(), loadAudit()]);
      const changed =
        done.changes.length === 0
          ? 'no counted score changed'
          : `${formatCount(done.changes.length, COHORT_NOUNS.score)} changed: ${done.changes
              .map(
                (c) =>
                  `${names.person(c.userId)}, ${names.exercise(c.exercise)}: ${formatScore(c.before, 'none')} → ${formatScore(c.after, 'none')}`,
              )
              .join('; ')}. Accept or discard each change below; until then the gradebook keeps the old scores`;
      say(
        regradeStatus,
        `Re-grade of ${what} finished: ${formatCount(done.total, COHORT_NOUNS.submission)} re-graded, ${changed}.`,
        'ok',
      );
      showRegradeReview(done, {
        cohortId: cohort.id,
        slot: reviewSlot,
        status: reviewStatus,
        names,
        decided: async (run) => {
          changes = run.changes;
          await Promise.all([loadGradebook(), loadAudit()]);
        },
      });
    } catch (error) {
      say(regradeStatus, `The re-grade did not finish: ${describeError(error).message}`, 'bad');
    } finally {
      regrading = false;
      for (const button of regradeButtons) button.disabled = false;
    }
  }
  find(root, 'button[data-regrade="cohort"]').addEventListener('click', () => void regrade({}, 'the whole cohort'));
  find(root, 'button[data-regrade="exercise"]').addEventListener('click', () => {
    const exercise = exercisePick.value;
    void regrade({ exercise }, names.exercise(exercise));
  });

  // ── audit log ────────────────────────────────────────────────────────────────────────────
  const auditSlot = find(root, '[data-audit]');
  async function loadAudit(): Promise<void> {
    if (!instructor) return;
    try {
      const { entries } = await api.get<{ entries: AuditEntry[] }>(`${path}/audit`);
      auditSlot.replaceChildren(renderAudit(entries, names));
    } catch (error) {
      auditSlot.replaceChildren(h('p', { class: 'tone-bad', text: describeError(error).message }));
    }
  }
  find(root, 'button[data-audit-refresh]').addEventListener('click', () => void loadAudit());

  void loadMembers().then(() => Promise.all([loadGradebook(), loadAudit()]));
}
