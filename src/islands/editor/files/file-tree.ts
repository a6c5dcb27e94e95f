// The workspace's file tree: folders and files as nested lists of buttons, with New file, New
// folder, Rename (F2) and Delete (Del). Names are typed in place; a bad name is explained next to
// the field and nothing changes until it is fixed. The rules live in workspace-paths.ts.
import { baseName, buildTree, normalisePath, parentOf, pathProblem } from '../store/index.ts';
import type { EntryKind, ProjectShape, TreeNode } from '../store/index.ts';

export interface FileTreeActions {
  shape(): ProjectShape;
  active(): string;
  open(path: string): void;
  create(path: string, kind: EntryKind): void;
  rename(from: string, to: string, kind: EntryKind): void;
  remove(path: string, kind: EntryKind): void;
  /** Reserved names the learner may create on this exercise (see PathOptions). */
  learnerFiles?: readonly string[];
}

const ICONS = {
  rename:
    'M3 17.25V21h3.75L17.8 9.94l-3.75-3.75L3 17.25zm17.7-10.2a1 1 0 0 0 0-1.42l-2.34-2.34a1 1 0 0 0-1.42 0l-1.83 1.83 3.75 3.75 1.84-1.82z',
  remove: 'M6 19a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z',
};

function iconButton(action: keyof typeof ICONS, label: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'tree-action';
  button.dataset.treeAction = action;
  button.setAttribute('aria-label', label);
  button.title = label;
  button.innerHTML = `<svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true"><path fill="currentColor" d="${ICONS[action]}"/></svg>`;
  return button;
}

/** An inline name field; resolves with the typed path, or undefined when the learner gives up. */
function nameField(
  host: HTMLElement,
  label: string,
  initial: string,
  check: (path: string) => string | undefined,
  done: (path: string | undefined) => void,
): void {
  const form = document.createElement('form');
  form.className = 'tree-form';
  const id = `tree-field-${Math.random().toString(36).slice(2, 8)}`;
  form.innerHTML = `<label for="${id}"></label><input id="${id}" type="text" spellcheck="false" autocomplete="off" aria-describedby="${id}-error"><p id="${id}-error" class="tree-error" role="alert"></p>`;
  const input = form.querySelector('input')!;
  const error = form.querySelector('p')!;
  form.querySelector('label')!.textContent = label;
  input.value = initial;
  let finished = false;
  const finish = (value: string | undefined) => {
    if (finished) return;
    finished = true;
    form.remove();
    done(value);
  };
  const attempt = (): boolean => {
    const path = normalisePath(input.value);
    const problem = check(path);
    error.textContent = problem ?? '';
    input.setAttribute('aria-invalid', String(Boolean(problem)));
    if (problem) return false;
    finish(path);
    return true;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      finish(undefined);
    }
  });
  // Clicking away keeps a good name and drops an unfinished or wrong one, like most editors.
  input.addEventListener('blur', () => {
    if (!finished && !attempt()) finish(undefined);
  });
  host.append(form);
  input.focus();
  const dot = initial.lastIndexOf('.');
  const slash = initial.lastIndexOf('/');
  input.setSelectionRange(slash + 1, dot > slash ? dot : initial.length);
}

/** Renders the tree into `host` (a `[data-file-tree]` element) and wires its actions. */
export function attachFileTree(host: HTMLElement, actions: FileTreeActions): { refresh(): void } {
  const collapsed = new Set<string>();
  const list = host.querySelector<HTMLElement>('[data-tree]')!;
  const formHost = host.querySelector<HTMLElement>('[data-tree-form]')!;

  const startCreate = (kind: EntryKind) => {
    const folder = parentOf(actions.active());
    const prefix = folder ? `${folder}/` : '';
    nameField(
      formHost,
      kind === 'file' ? 'New file (path from the project root)' : 'New folder (path from the project root)',
      kind === 'file' ? `${prefix}new_module.py` : `${prefix}new_package`,
      (path) => pathProblem(path, kind, actions.shape(), undefined, actions),
      (path) => {
        if (path) actions.create(path, kind);
        host.querySelector<HTMLButtonElement>(`[data-tree-new="${kind}"]`)?.focus();
      },
    );
  };

  const startRename = (node: TreeNode, row: HTMLElement) => {
    row.hidden = true;
    nameField(
      row.parentElement!,
      `New path for ${node.path}`,
      node.path,
      (path) => (path === node.path ? undefined : pathProblem(path, node.kind, actions.shape(), node.path, actions)),
      (path) => {
        row.hidden = false;
        if (path && path !== node.path) actions.rename(node.path, path, node.kind);
        else row.querySelector<HTMLButtonElement>('.tree-entry')?.focus();
      },
    );
  };

  const render = (nodes: TreeNode[], depth: number): HTMLUListElement => {
    const ul = document.createElement('ul');
    ul.setAttribute('role', 'list');
    for (const node of nodes) {
      const li = document.createElement('li');
      li.dataset.kind = node.kind;
      li.dataset.path = node.path;
      const row = document.createElement('div');
      row.className = 'tree-row';
      row.style.setProperty('--depth', String(depth));
      const entry = document.createElement('button');
      entry.type = 'button';
      entry.className = 'tree-entry';
      entry.dataset.treePath = node.path;
      entry.setAttribute('aria-keyshortcuts', 'F2 Delete');
      if (node.kind === 'folder') {
        const open = !collapsed.has(node.path);
        entry.setAttribute('aria-expanded', String(open));
        entry.textContent = `${node.name}/`;
        entry.setAttribute('aria-label', `Folder ${node.path}`);
        entry.addEventListener('click', () => {
          if (open) collapsed.add(node.path);
          else collapsed.delete(node.path);
          refresh();
          host.querySelector<HTMLButtonElement>(`[data-tree-path="${CSS.escape(node.path)}"]`)?.focus();
        });
      } else {
        entry.textContent = node.name;
        entry.setAttribute('aria-label', node.path);
        if (node.path === actions.active()) entry.setAttribute('aria-current', 'true');
        entry.addEventListener('click', () => actions.open(node.path));
      }
      entry.addEventListener('keydown', (event) => {
        if (event.key === 'F2') {
          event.preventDefault();
          startRename(node, row);
        } else if (event.key === 'Delete') {
          event.preventDefault();
          actions.remove(node.path, node.kind);
        }
      });
      const rename = iconButton('rename', `Rename ${node.path}`);
      rename.addEventListener('click', () => startRename(node, row));
      const remove = iconButton('remove', `Delete ${node.path}`);
      remove.addEventListener('click', () => actions.remove(node.path, node.kind));
      row.append(entry, rename, remove);
      li.append(row);
      if (node.kind === 'folder' && !collapsed.has(node.path) && node.children.length > 0) {
        li.append(render(node.children, depth + 1));
      }
      ul.append(li);
    }
    return ul;
  };

  const refresh = () => {
    const tree = buildTree(actions.shape());
    list.replaceChildren(render(tree, 0));
  };
  for (const button of host.querySelectorAll<HTMLButtonElement>('[data-tree-new]')) {
    button.addEventListener('click', () => startCreate(button.dataset.treeNew === 'folder' ? 'folder' : 'file'));
  }
  refresh();
  return { refresh };
}

/** A short, human name for what a delete will remove, for the confirmation question. */
export function describeRemoval(path: string, kind: EntryKind, fileCount: number): string {
  if (kind === 'file') return `Delete ${path}?`;
  if (fileCount === 0) return `Delete the empty folder ${path}?`;
  return `Delete ${baseName(path)}/ and the ${fileCount} ${fileCount === 1 ? 'file' : 'files'} in it?`;
}
