// The problems list under the editor: one entry per import that breaks a contract (however many
// contracts it breaks), each jumping to its file and line.
import type { ReadableAtom, Unsubscribe } from '../store/index.ts';
import type { ContractsResponse, Diagnostic } from '../types.ts';
import { brokenImports, ruleProblems } from './broken-imports.ts';

/** Fills the problems list, one entry per import that breaks a contract (as the graph counts them). */
function renderProblems(
  root: HTMLElement,
  diagnostics: readonly Diagnostic[],
  open: (path: string, line: number) => void,
  contracts: number,
): void {
  const list = root.querySelector('[data-problems]');
  const status = root.querySelector('[data-problems-status]');
  if (!list || !status) return;
  const broken = brokenImports(diagnostics);
  const rules = ruleProblems(diagnostics);
  const imports =
    contracts === 0
      ? 'There are no contracts yet: write them in the configuration file.'
      : broken.length === 0
        ? 'All import contracts are kept.'
        : `${broken.length} ${broken.length === 1 ? 'import breaks' : 'imports break'} a contract:`;
  status.textContent =
    rules.length === 0
      ? imports
      : `${broken.length === 0 ? '' : `${imports.slice(0, -1)}; `}${rules.length} ${rules.length === 1 ? 'line breaks' : 'lines break'} a structure rule:`;
  list.replaceChildren(
    ...broken.map((entry) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      const reasons = entry.reasons.map(({ contract, summary }) => `${contract}: ${summary}`).join('; ');
      button.textContent = `${entry.file}:${entry.line} — ${reasons}`;
      button.addEventListener('click', () => open(entry.file, entry.line));
      item.append(button);
      return item;
    }),
    ...rules.map((rule) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${rule.file}:${rule.line}:${rule.column ?? 1} — ${rule.contract}: ${rule.summary} (${rule.text ?? ''})`;
      button.addEventListener('click', () => open(rule.file, rule.line));
      item.append(button);
      return item;
    }),
  );
  root.dataset.problems = String(broken.length + rules.length);
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
    if (response?.type === 'diagnostics') renderProblems(root, response.diagnostics, open, response.contracts);
    else if (response?.type === 'error') renderContractsError(root, response.message);
  });
}
