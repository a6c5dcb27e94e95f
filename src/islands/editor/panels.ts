// DOM rendering for the workspace's side panels: problems list, save status, solution panel.
// Kept apart from the custom element, which only wires events together.
import { solutionAvailability } from './project-actions.ts';
import type { Diagnostic, GradingBundle } from './types.ts';

/** Fills the problems list; each entry jumps to its file and line. */
export function renderProblems(
  root: HTMLElement,
  diagnostics: Diagnostic[],
  open: (path: string, line: number) => void,
): void {
  const list = root.querySelector('[data-problems]');
  const status = root.querySelector('[data-problems-status]');
  if (!list || !status) return;
  status.textContent =
    diagnostics.length === 0
      ? 'All import contracts are kept.'
      : `${diagnostics.length} import ${diagnostics.length === 1 ? 'line breaks' : 'lines break'} a contract:`;
  list.replaceChildren(
    ...diagnostics.map((diagnostic) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${diagnostic.file}:${diagnostic.line} — ${diagnostic.contract}: ${diagnostic.summary}`;
      button.addEventListener('click', () => open(diagnostic.file, diagnostic.line));
      item.append(button);
      return item;
    }),
  );
  root.dataset.problems = String(diagnostics.length);
}

export function renderContractsError(root: HTMLElement, message: string): void {
  const status = root.querySelector('[data-problems-status]');
  if (status) status.textContent = `The contracts could not be checked: ${message}`;
  root.querySelector('[data-problems]')?.replaceChildren();
  root.dataset.problems = 'error';
}

export function showSaveStatus(root: HTMLElement, text: string, failed: boolean): void {
  const status = root.querySelector<HTMLElement>('[data-save-status]');
  if (!status) return;
  status.textContent = text;
  status.dataset.failed = String(failed);
}

/** Shows whether the solution may be opened yet, and opens it on request. */
export function refreshSolutionPanel(root: HTMLElement, grading: GradingBundle): void {
  const panel = root.querySelector<HTMLElement>('[data-solution]');
  if (!panel || !grading.solution) return;
  const { available, reason } = solutionAvailability(grading);
  const status = panel.querySelector('[data-solution-status]');
  const button = panel.querySelector<HTMLButtonElement>('[data-solution-show]');
  if (status) status.textContent = available ? 'The reference solution is available.' : reason;
  if (!button) return;
  button.hidden = !available;
  button.onclick = () => {
    const files = Object.entries(grading.solution ?? {}).map(([path, text]) => {
      const figure = document.createElement('figure');
      const caption = document.createElement('figcaption');
      caption.textContent = path;
      const pre = document.createElement('pre');
      pre.textContent = text;
      figure.append(caption, pre);
      return figure;
    });
    panel.querySelector('[data-solution-files]')?.replaceChildren(...files);
    button.hidden = true;
  };
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
