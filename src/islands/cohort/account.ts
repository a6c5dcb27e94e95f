// Accounts: who is signed in (GET /api/me), and the sign-in, create-account and sign-out controls
// (Better Auth under /api/auth). The forms are in the page's markup (AccountForms.astro).
import { field, find, onSubmit } from './dom.ts';
import { api } from './http.ts';
import { noteSignedIn } from '../progress/sync.ts';
import type { Me } from './types.ts';

/** Who is signed in; the answer also tells the progress sync whose progress this browser holds. */
export async function loadMe(): Promise<Me> {
  const me = await api.get<Me>('/me');
  noteSignedIn(me.user?.id ?? null);
  return me;
}

/**
 * Wires the sign-in and create-account forms under `root`; `signedIn` runs after either succeeds
 * (the session cookie is set by then).
 */
export function wireAccountForms(root: ParentNode, signedIn: () => Promise<void> | void): void {
  const signIn = find<HTMLFormElement>(root, 'form[data-form="sign-in"]');
  onSubmit(signIn, 'Signing in…', async (data) => {
    await api.post('/auth/sign-in/email', { email: field(data, 'email').trim(), password: field(data, 'password') });
    signIn.reset();
    await signedIn();
  });
  const signUp = find<HTMLFormElement>(root, 'form[data-form="sign-up"]');
  onSubmit(signUp, 'Creating your account…', async (data) => {
    await api.post('/auth/sign-up/email', {
      name: field(data, 'name').trim(),
      email: field(data, 'email').trim(),
      password: field(data, 'password'),
    });
    signUp.reset();
    await signedIn();
  });
}

/** Wires a sign-out button; `signedOut` runs once the session is gone. */
export function wireSignOut(button: HTMLButtonElement, status: HTMLElement, signedOut: () => void): void {
  button.addEventListener('click', () => {
    button.disabled = true;
    api
      .post('/auth/sign-out', {})
      .then(() => {
        noteSignedIn(null);
        signedOut();
      })
      .catch((error: unknown) => {
        status.textContent = `Could not sign out: ${error instanceof Error ? error.message : String(error)}`;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
