// The problems list under the editor: one entry per import line that breaks a contract, each
// jumping to its file and line.
import type { ReadableAtom, Unsubscribe } from '../store/index.ts';
import type { ContractsResponse, Diagnostic } from '../types.ts';

/** Fills the problems list; each entry jumps to its file and line. */
function renderProblems(
  root: HTMLElement,
  diagnostics: readonly Diagnostic[],
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

function renderContractsError(root: HTMLElement, message: string): void {
  const status = root.querySelector('[data-problems-status]');
  if (status) status.textContent = `The contracts could not be checked: ${message}`;
  root.querySelector('[data-problems]')?.replaceChildren();
  root.dataset.problems = 'error';
}

/** Shows every answer of the contracts worker in the problems list of `root`. */
export function attachProblems(
  root: HTMLElement,
  results: ReadableAtom<ContractsResponse | undefined>,
  open: (path: string, line: number) => void,
): Unsubscribe {
  return results.subscribe((response) => {
    if (response?.type === 'diagnostics') renderProblems(root, response.diagnostics, open);
    else if (response?.type === 'error') renderContractsError(root, response.message);
  });
}
