// /cohorts/setup/#token=…: the one-time link `strata serve` prints while the server has no
// instructor. The form creates that first instructor (POST /api/setup) and signs them in.
import { capitalise, cohortsHref, field, find, onSubmit, say, showState } from './dom.ts';
import { api, findServer } from './http.ts';
import { tokenFromHash } from './format.ts';

/** Starts the setup page inside `root` (the element with data-cohorts-setup). */
export function startSetup(root: HTMLElement): void {
  void run(root);
}

async function run(root: HTMLElement): Promise<void> {
  const token = tokenFromHash(location.hash);
  if (!token) return showState(root, 'no-token');
  const server = await findServer((message) => say(find(root, '[data-server-status]'), message, 'busy'));
  if (server.kind === 'absent') return showState(root, 'no-server');
  if (server.kind === 'unreachable') {
    find(root, '[data-error]').textContent = capitalise(server.message);
    return showState(root, 'error');
  }
  const form = find<HTMLFormElement>(root, 'form[data-form="setup"]');
  onSubmit(form, 'Creating your instructor account…', async (data) => {
    await api.post('/setup', {
      token,
      name: field(data, 'name').trim(),
      email: field(data, 'email').trim(),
      password: field(data, 'password'),
    });
    // The token is spent: keep it out of the history, then go on to the cohorts.
    history.replaceState(null, '', location.pathname);
    location.assign(cohortsHref());
    return 'Account created; opening your cohorts…';
  });
  showState(root, 'ready');
}
