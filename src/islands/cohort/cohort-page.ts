// /cohorts/cohort/?id=…: one cohort. Learners get their exercises, scores and submissions; staff
// get the gradebook and the cohort's management. Anonymous readers sign in first.
import { loadMe, wireAccountForms } from './account.ts';
import { capitalise, describeError, find, showState, say } from './dom.ts';
import { queryParam } from './format.ts';
import { api, ApiError, findServer } from './http.ts';
import { showLearnerView } from './learner-view.ts';
import { describeRole, isStaff } from './roles.ts';
import { showStaffView } from './staff-view.ts';
import type { CohortView } from './types.ts';

const DETAIL_WORDS = {
  never: 'learners never see hidden-test detail',
  after_due: 'learners see hidden-test detail after the due date',
  always: 'learners always see hidden-test detail',
} as const;

/** Starts the cohort page inside `root` (the element with data-cohort-page). */
export function startCohortPage(root: HTMLElement): void {
  void run(root);
}

async function run(root: HTMLElement): Promise<void> {
  const id = queryParam(location.search, 'id');
  if (!id) return fail(root, 'This page shows one cohort: open it from your list of cohorts.');
  const server = await findServer((message) => say(find(root, '[data-server-status]'), message, 'busy'));
  if (server.kind === 'absent') return showState(root, 'no-server');
  if (server.kind === 'unreachable') return fail(root, server.message);

  let started = false;
  const load = async () => {
    try {
      const me = await loadMe();
      if (!me.user) return showState(root, 'anonymous');
      const cohort = await api.get<CohortView>(`/cohorts/${encodeURIComponent(id)}`);
      if (started) return;
      started = true;
      find(root, '[data-cohort-name]').textContent = cohort.name;
      document.title = `${cohort.name} · Strata`;
      find(root, '[data-cohort-meta]').textContent =
        `You are ${cohort.role === 'instructor' ? 'an' : 'a'} ${describeRole(cohort.role)} here (signed in as ${me.user.name}); ` +
        `${cohort.scorePolicy === 'best' ? 'the best' : 'the last'} graded submission counts, and ${DETAIL_WORDS[cohort.hiddenDetail]}.`;
      if (isStaff(cohort.role)) {
        showStaffView(find(root, '[data-view="staff"]'), cohort);
        showState(root, 'staff');
      } else {
        showLearnerView(find(root, '[data-view="learner"]'), cohort);
        showState(root, 'learner');
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        return fail(root, 'There is no such cohort, or you are not a member of it.');
      }
      fail(root, describeError(error).message);
    }
  };
  wireAccountForms(find(root, '[data-account]'), load);
  await load();
}

function fail(root: HTMLElement, message: string): void {
  find(root, '[data-error]').textContent = capitalise(message);
  showState(root, 'error');
}
