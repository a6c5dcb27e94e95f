// The learner's project as a set of files and folders: the tree and tabs on one side, Monaco's
// models on the other. Creating, renaming and deleting go through here so the tree, the tabs, the
// editor, the contract checker and the autosave all see the same change. Deletions can be undone.
import type { EditorController } from '../monaco/index.ts';
import { showNotice } from '../panels/index.ts';
import type { ProjectSnapshot } from '../persistence/index.ts';
import { attachFileTabs } from './file-tabs.ts';
import { attachFileTree, describeRemoval } from './file-tree.ts';
import { filesUnder, parentOf, renameMap, starterTextFor } from '../store/index.ts';
import type { EntryKind, ProjectShape } from '../store/index.ts';

export interface ProjectFiles {
  open(path: string, line?: number): void;
  snapshot(): ProjectSnapshot;
  /** Replaces the whole project (reset, another tab's version, a version kept aside). */
  replace(project: ProjectSnapshot): void;
}

export function attachProjectFiles(
  root: HTMLElement,
  controller: EditorController,
  starter: Record<string, string>,
  initial: ProjectSnapshot,
  openTabs: string[],
  changed: () => void,
): ProjectFiles {
  let folders = new Set(initial.folders ?? []);
  let deleted = new Set(initial.deleted ?? []);
  const shape = (): ProjectShape => ({ files: controller.paths(), folders: [...folders] });
  const exists = (path: string) => controller.has(path);

  const tabsHost = root.querySelector<HTMLElement>('[data-tabs]');
  const treeHost = root.querySelector<HTMLElement>('[data-file-tree]');
  const tabs = tabsHost
    ? attachFileTabs(
        tabsHost,
        openTabs.filter(exists),
        () => controller.active(),
        (path) => open(path),
      )
    : undefined;
  const tree = treeHost
    ? attachFileTree(treeHost, {
        shape,
        active: () => controller.active(),
        open: (path) => open(path),
        create,
        rename,
        remove,
      })
    : undefined;

  function refresh(): void {
    tabs?.sync(new Map(), exists);
    tabs?.select(controller.active());
    tree?.refresh();
  }

  function open(path: string, line?: number): void {
    if (!controller.open(path, line)) return;
    tabs?.select(path);
    tree?.refresh();
  }

  function create(path: string, kind: EntryKind): void {
    if (kind === 'folder') {
      folders.add(path);
      changed();
      refresh();
      root.querySelector<HTMLElement>(`[data-tree-path="${CSS.escape(path)}"]`)?.focus();
      return;
    }
    folders.delete(parentOf(path));
    deleted.delete(path);
    controller.create(path, starterTextFor(path));
    open(path);
    showNotice(root, `Created ${path}.`);
  }

  function rename(from: string, to: string, kind: EntryKind): void {
    const moves = renameMap(from, to, shape());
    for (const [old, next] of moves) {
      if (folders.delete(old)) folders.add(next);
      else {
        controller.rename(old, next);
        if (starter[old] !== undefined) deleted.add(old);
      }
    }
    if (kind === 'folder' && moves.size === 0) {
      folders.delete(from);
      folders.add(to);
    }
    tabs?.sync(moves, exists);
    changed();
    refresh();
    showNotice(root, `Renamed ${from} to ${to}.`, () => rename(to, from, kind));
    root.querySelector<HTMLElement>(`[data-tree-path="${CSS.escape(to)}"]`)?.focus();
  }

  function remove(path: string, kind: EntryKind): void {
    const files = kind === 'file' ? [path] : filesUnder(path, controller.paths());
    if (kind === 'folder' && files.length > 0 && !confirm(describeRemoval(path, kind, files.length))) return;
    const before = snapshot();
    for (const file of files) {
      controller.remove(file);
      if (starter[file] !== undefined) deleted.add(file);
    }
    for (const folder of [...folders]) if (folder === path || folder.startsWith(`${path}/`)) folders.delete(folder);
    // Keep the parent folder visible when its last file goes.
    const parent = parentOf(path);
    if (parent && !shape().files.some((file) => file.startsWith(`${parent}/`))) folders.add(parent);
    changed();
    refresh();
    showNotice(root, `Deleted ${path}.`, () => replace(before));
  }

  function snapshot(): ProjectSnapshot {
    return { files: controller.files(), folders: [...folders], deleted: [...deleted] };
  }

  function replace(project: ProjectSnapshot): void {
    const active = controller.active();
    controller.replaceAll(project.files);
    folders = new Set(project.folders ?? []);
    deleted = new Set(project.deleted ?? []);
    for (const path of Object.keys(project.files)) {
      if (path.endsWith('.py') && starter[path] !== undefined && !tabs?.paths().includes(path)) tabs?.select(path);
    }
    if (exists(active)) controller.open(active);
    changed();
    refresh();
  }

  return { open, snapshot, replace };
}
