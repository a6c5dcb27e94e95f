// /cohorts/: whether this deployment has a cohort server at all, then sign in or create an
// account; signed in, the reader's cohorts, joining one with a code, signing out, and for
// instructors the create-cohort form.
import { loadMe, wireAccountForms, wireSignOut } from './account.ts';
import { wireCreateCohort } from './create-cohort.ts';
import { capitalise, cohortHref, describeError, field, find, h, onSubmit, say, showState } from './dom.ts';
import { api, findServer } from './http.ts';
import { describeRole } from './roles.ts';
import type { Me, MyCohort } from './types.ts';

/** Starts the /cohorts/ page inside `root` (the element with data-cohorts-home). */
export function startCohortsHome(root: HTMLElement): void {
  void run(root);
}

async function run(root: HTMLElement): Promise<void> {
  const server = await findServer((message) => say(find(root, '[data-server-status]'), message, 'busy'));
  if (server.kind === 'absent') return showState(root, 'no-server');
  if (server.kind === 'unreachable') return fail(root, server.message);

  const refresh = async () => {
    try {
      render(root, await loadMe());
    } catch (error) {
      fail(root, describeError(error).message);
    }
  };
  wireAccountForms(find(root, '[data-account]'), refresh);
  wireSignOut(find<HTMLButtonElement>(root, 'button[data-sign-out]'), find(root, '[data-session-status]'), () => {
    void refresh();
  });
  const join = find<HTMLFormElement>(root, 'form[data-form="join"]');
  onSubmit(join, 'Joining…', async (data) => {
    const joined = await api.post<{ cohort: { id: string; name: string }; role: MyCohort['role'] }>('/join', {
      code: field(data, 'code').trim(),
    });
    join.reset();
    render(root, await loadMe());
    return `You are in ${joined.cohort.name} as ${describeRole(joined.role)}.`;
  });
  wireCreateCohort(find<HTMLFormElement>(root, 'form[data-form="create-cohort"]'));
  await refresh();
}

function fail(root: HTMLElement, message: string): void {
  find(root, '[data-error]').textContent = capitalise(message);
  showState(root, 'error');
}

function render(root: HTMLElement, me: Me): void {
  if (!me.user) return showState(root, 'anonymous');
  find(root, '[data-user-name]').textContent = me.user.name;
  find(root, '[data-user-email]').textContent = me.user.email;
  const list = find(root, '[data-my-cohorts]');
  list.replaceChildren(
    ...me.cohorts.map((cohort) =>
      h(
        'li',
        { data: { cohort: cohort.id } },
        h('a', { text: cohort.name, attrs: { href: cohortHref(cohort.id) } }),
        ' ',
        h('span', { class: 'role', text: describeRole(cohort.role) }),
      ),
    ),
  );
  list.hidden = me.cohorts.length === 0;
  find(root, '[data-no-cohorts]').hidden = me.cohorts.length > 0;
  find(root, '[data-instructor]').hidden = !me.user.isInstructor;
  showState(root, 'signed-in');
}
