// /cohorts/join/?code=…: the join link an instructor shares. Signed in, it joins at once; signed
// out, it offers sign-in and create-account first, then joins. Without a code, it asks for one.
import { loadMe, wireAccountForms } from './account.ts';
import { capitalise, cohortHref, describeError, field, find, h, onSubmit, say, showState } from './dom.ts';
import { queryParam } from './format.ts';
import { api, findServer } from './http.ts';
import { describeRole } from './roles.ts';
import type { CohortRole } from './types.ts';

/** Starts the join page inside `root` (the element with data-cohorts-join). */
export function startJoin(root: HTMLElement): void {
  void run(root);
}

async function run(root: HTMLElement): Promise<void> {
  const server = await findServer((message) => say(find(root, '[data-server-status]'), message, 'busy'));
  if (server.kind === 'absent') return showState(root, 'no-server');
  if (server.kind === 'unreachable') return fail(root, server.message);

  const result = find(root, '[data-join-result]');
  const join = async (code: string) => {
    showState(root, 'joining');
    try {
      const joined = await api.post<{ cohort: { id: string; name: string }; role: CohortRole }>('/join', { code });
      result.replaceChildren(
        h('span', { text: `You are in ${joined.cohort.name} as ${describeRole(joined.role)}. ` }),
        h('a', { text: `Open ${joined.cohort.name}`, attrs: { href: cohortHref(joined.cohort.id) } }),
      );
      showState(root, 'joined');
    } catch (error) {
      // A wrong or turned-off code: say so, and offer the code form to try another.
      find(root, '[data-join-error]').textContent = describeError(error).message;
      showState(root, 'join-failed');
    }
  };

  const codeForm = find<HTMLFormElement>(root, 'form[data-form="join"]');
  onSubmit(codeForm, 'Joining…', async (data) => join(field(data, 'code').trim()));

  const proceed = async () => {
    const code = queryParam(location.search, 'code');
    const me = await loadMe();
    if (!me.user) return showState(root, 'anonymous');
    find(root, '[data-user-name]').textContent = me.user.name;
    if (code) await join(code);
    else showState(root, 'ask-code');
  };
  wireAccountForms(find(root, '[data-account]'), proceed);
  const code = queryParam(location.search, 'code');
  for (const slot of root.querySelectorAll<HTMLElement>('[data-code]')) slot.textContent = code ?? '';
  try {
    await proceed();
  } catch (error) {
    fail(root, describeError(error).message);
  }
}

function fail(root: HTMLElement, message: string): void {
  find(root, '[data-error]').textContent = capitalise(message);
  showState(root, 'error');
}
