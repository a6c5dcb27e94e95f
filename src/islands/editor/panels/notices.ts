// The workspace's messages to the learner: the save status, a one-line notice with Undo, and a
// banner that asks the learner to choose.

export function showSaveStatus(root: HTMLElement, text: string, failed: boolean): void {
  const status = root.querySelector<HTMLElement>('[data-save-status]');
  if (!status) return;
  status.textContent = text;
  status.dataset.failed = String(failed);
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
