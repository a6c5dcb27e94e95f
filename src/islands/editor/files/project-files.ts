// The file tree and the tabs over the project store, and what the tree's buttons do: create,
// rename and delete, each told in a notice, renames and deletions with Undo. Deleting a folder that
// holds files asks first, in the page.
import { confirmInPage, showNotice } from '../panels/index.ts';
import { changesContent, starterTextFor } from '../store/index.ts';
import type { EntryKind, ProjectStore } from '../store/index.ts';
import { attachFileTabs } from './file-tabs.ts';
import { attachFileTree, describeRemoval } from './file-tree.ts';

/**
 * Wires the `[data-tabs]` and `[data-file-tree]` parts of `root`; returns a function that stops.
 * `learnerFiles`: reserved names that are the learner's own here (their contracts file).
 */
export function attachProjectFiles(
  root: HTMLElement,
  store: ProjectStore,
  learnerFiles: readonly string[] = [],
): () => void {
  const focusEntry = (path: string) =>
    root.querySelector<HTMLElement>(`[data-tree-path="${CSS.escape(path)}"]`)?.focus();

  function create(path: string, kind: EntryKind): void {
    if (kind === 'folder') {
      store.createFolder(path);
      focusEntry(path);
      return;
    }
    store.createFile(path, starterTextFor(path));
    store.open(path);
    showNotice(root, `Created ${path}.`);
  }

  function rename(from: string, to: string, kind: EntryKind): void {
    store.rename(from, to, kind);
    showNotice(root, `Renamed ${from} to ${to}.`, () => rename(to, from, kind));
    focusEntry(to);
  }

  async function remove(path: string, kind: EntryKind): Promise<void> {
    const count = kind === 'folder' ? store.shape().files.filter((file) => file.startsWith(`${path}/`)).length : 1;
    if (kind === 'folder' && count > 0) {
      const sure = await confirmInPage(root, describeRemoval(path, kind, count), 'Delete');
      if (!sure) {
        focusEntry(path);
        return;
      }
    }
    const before = store.snapshot();
    store.remove(path, kind);
    showNotice(root, `Deleted ${path}.`, () => store.replace(before, { reason: 'undo' }));
  }

  const tabsHost = root.querySelector<HTMLElement>('[data-tabs]');
  const treeHost = root.querySelector<HTMLElement>('[data-file-tree]');
  const stopTabs = tabsHost ? attachFileTabs(tabsHost, store) : undefined;
  const tree = treeHost
    ? attachFileTree(treeHost, {
        shape: () => store.shape(),
        active: () => store.get().active,
        open: (path) => void store.open(path),
        create,
        rename,
        remove: (path, kind) => void remove(path, kind),
        learnerFiles,
      })
    : undefined;
  // The tree redraws when files come or go or another file is opened, not as the learner types.
  const stopTree = store.listen((_state, change) => {
    if (change.type === 'edit' || change.type === 'save' || !tree) return;
    if (changesContent(change) || change.type === 'open' || change.type === 'tabs') tree.refresh();
  });
  return () => {
    stopTabs?.();
    stopTree();
  };
}
