// The workspace's messages to the learner: the save status, a one-line notice with Undo, a banner
// that asks the learner to choose, and a question asked in the page instead of with confirm().
import type { ProjectStore, Unsubscribe } from '../store/index.ts';

/** Shows the store's save state in `[data-save-status]` (the page's own sentence until there is news). */
export function attachSaveStatus(root: HTMLElement, store: ProjectStore): Unsubscribe {
  const status = root.querySelector<HTMLElement>('[data-save-status]');
  if (!status) return () => undefined;
  return store.subscribe(({ save }) => {
    if (!save.message || status.textContent === save.message) return;
    status.textContent = save.message;
    status.dataset.failed = String(save.status === 'failed' || save.status === 'conflict');
  });
}

/**
 * A one-line notice above the editor ("Deleted x."), with an Undo button when the change can be
 * taken back. The next notice replaces it.
 */
export function showNotice(root: HTMLElement, text: string, undo?: () => void): void {
  const host = root.querySelector<HTMLElement>('[data-notice]');
  if (!host) return;
  const message = document.createElement('span');
  message.textContent = text;
  const nodes: HTMLElement[] = [message];
  if (undo) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Undo';
    button.addEventListener('click', () => {
      host.replaceChildren();
      undo();
    });
    nodes.push(button);
  }
  host.replaceChildren(...nodes);
}

/** A banner that asks the learner to choose (two tabs disagree, a version was kept aside). */
export function showChoice(root: HTMLElement, text: string, choices: { label: string; choose: () => void }[]): void {
  const host = root.querySelector<HTMLElement>('[data-choice]');
  if (!host) return;
  const message = document.createElement('p');
  message.textContent = text;
  const buttons = choices.map(({ label, choose }) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', () => {
      host.replaceChildren();
      host.hidden = true;
      choose();
    });
    return button;
  });
  host.replaceChildren(message, ...buttons);
  host.hidden = false;
}

let pending: ((sure: boolean) => void) | undefined;

/**
 * Asks a yes/no question in the workspace's `[data-confirm]` bar (an alert dialog that does not
 * block the page), with focus on Cancel, the answer that changes nothing; Escape cancels. Resolves
 * with the answer, and gives focus back to where it was.
 */
export function confirmInPage(root: HTMLElement, question: string, action: string): Promise<boolean> {
  const host = root.querySelector<HTMLElement>('[data-confirm]');
  if (!host) return Promise.resolve(false);
  pending?.(false);
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  return new Promise((resolve) => {
    const message = document.createElement('p');
    message.id = `confirm-${Math.random().toString(36).slice(2, 8)}`;
    message.textContent = question;
    const button = (label: string, answer: boolean) => {
      const element = document.createElement('button');
      element.type = 'button';
      element.textContent = label;
      element.dataset.answer = String(answer);
      element.addEventListener('click', () => finish(answer));
      return element;
    };
    const yes = button(action, true);
    const no = button('Cancel', false);
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      finish(false);
    };
    const finish = (sure: boolean) => {
      if (pending !== finish) return;
      pending = undefined;
      host.removeEventListener('keydown', onKey);
      host.replaceChildren();
      host.hidden = true;
      if (returnTo?.isConnected) returnTo.focus();
      resolve(sure);
    };
    pending = finish;
    host.setAttribute('role', 'alertdialog');
    host.setAttribute('aria-labelledby', message.id);
    host.addEventListener('keydown', onKey);
    host.replaceChildren(message, yes, no);
    host.hidden = false;
    no.focus();
  });
}
