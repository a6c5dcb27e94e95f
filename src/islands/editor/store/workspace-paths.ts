// Pure rules for the learner's file tree: which paths may be created or renamed to, what a folder
// holds, and how the flat path map looks as a tree. No DOM, so it is unit-tested in Node.

/** Folders the grader fills itself (its copies of the tests); a learner's files there are ignored. */
const RESERVED_FOLDERS = ['tests', 'hidden', '.strata'];
/**
 * The contracts come from the exercise; a learner's copy would be ignored when grading. Not
 * `pyproject.toml`: the grader ships it with the project (exercise 03 has the learner write one).
 */
const RESERVED_FILES = ['.importlinter', 'setup.cfg'];
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type EntryKind = 'file' | 'folder';

export interface ProjectShape {
  files: readonly string[];
  /** Folders the learner made that hold no file yet (others are implied by the files' paths). */
  folders: readonly string[];
}

export interface TreeNode {
  name: string;
  path: string;
  kind: EntryKind;
  children: TreeNode[];
}

/** Trims spaces and slashes a learner might type around a path (`/reports/x.py ` → `reports/x.py`). */
export function normalisePath(raw: string): string {
  return raw
    .trim()
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^\.\//, '')
    .replace(/^\/+|\/+$/g, '');
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Every folder in the project: the learner's empty ones and every parent of a file. */
export function allFolders(shape: ProjectShape): Set<string> {
  const folders = new Set<string>();
  for (const path of [...shape.files, ...shape.folders]) {
    let parent = shape.folders.includes(path) ? path : parentOf(path);
    while (parent && !folders.has(parent)) {
      folders.add(parent);
      parent = parentOf(parent);
    }
  }
  return folders;
}

/** Files inside `folder` (at any depth). */
export function filesUnder(folder: string, files: readonly string[]): string[] {
  return files.filter((path) => path.startsWith(`${folder}/`));
}

export interface PathOptions {
  /**
   * Reserved names that are the learner's own on this exercise: the contracts file of an exercise
   * where the learner writes the contracts (writesContracts), which they may delete and create again.
   */
  learnerFiles?: readonly string[];
}

/**
 * Why `path` cannot become a new file or folder (or the new name of `renaming`), or undefined if
 * it can. Messages name the offending part so the learner can fix it.
 */
export function pathProblem(
  path: string,
  kind: EntryKind,
  shape: ProjectShape,
  renaming?: string,
  options: PathOptions = {},
): string | undefined {
  if (path === '') return 'Type a name, for example reports/export.py.';
  const segments = path.split('/');
  const own = options.learnerFiles?.includes(path) ?? false;
  if (segments.length === 1 && RESERVED_FILES.includes(path) && !own) {
    return `${path} would be ignored: the exercise's own contracts are the ones checked.`;
  }
  for (const segment of segments) {
    if (segment === '.' || segment === '..') return `“${segment}” is not allowed in a path: name the folder itself.`;
    if (!SEGMENT.test(segment) && !own) {
      return `“${segment}” has characters a path should not have: use letters, digits, _ - and . (no spaces).`;
    }
  }
  const [top] = segments;
  if (top && RESERVED_FOLDERS.includes(top)) {
    return `${top}/ belongs to the grader (it copies the exercise's tests there), so files in it would be ignored. Choose another folder.`;
  }
  const name = baseName(path);
  if (kind === 'file' && name.endsWith('.py') && !IDENTIFIER.test(name.slice(0, -3))) {
    return `Python cannot import a module named “${name.slice(0, -3)}”: use letters, digits and _ (not starting with a digit).`;
  }
  if (kind === 'folder' && name.includes('.')) {
    return `A package folder name cannot contain “.”: Python would read “${name}” as nested packages.`;
  }
  const folders = allFolders(shape);
  const moving = (candidate: string) =>
    renaming !== undefined && (candidate === renaming || candidate.startsWith(`${renaming}/`));
  if ((shape.files.includes(path) || folders.has(path)) && !moving(path)) {
    return `${path} already exists.`;
  }
  for (let parent = parentOf(path); parent; parent = parentOf(parent)) {
    if (shape.files.includes(parent)) return `${parent} is a file, so it cannot hold ${baseName(path)}.`;
  }
  if (renaming !== undefined && kind === 'folder' && path.startsWith(`${renaming}/`)) {
    return `A folder cannot move inside itself (${renaming} → ${path}).`;
  }
  return undefined;
}

/** Maps each affected path to its new name when `from` (a file or a whole folder) becomes `to`. */
export function renameMap(from: string, to: string, shape: ProjectShape): Map<string, string> {
  const moves = new Map<string, string>();
  for (const path of [...shape.files, ...shape.folders]) {
    if (path === from) moves.set(path, to);
    else if (path.startsWith(`${from}/`)) moves.set(path, `${to}${path.slice(from.length)}`);
  }
  return moves;
}

/** The project as a tree: folders first, then files, each sorted by name. */
export function buildTree(shape: ProjectShape): TreeNode[] {
  const root: TreeNode = { name: '', path: '', kind: 'folder', children: [] };
  const nodes = new Map<string, TreeNode>([['', root]]);
  const folderNode = (path: string): TreeNode => {
    const existing = nodes.get(path);
    if (existing) return existing;
    const node: TreeNode = { name: baseName(path), path, kind: 'folder', children: [] };
    nodes.set(path, node);
    folderNode(parentOf(path)).children.push(node);
    return node;
  };
  for (const folder of [...allFolders(shape)].sort()) folderNode(folder);
  for (const file of [...shape.files].sort()) {
    folderNode(parentOf(file)).children.push({ name: baseName(file), path: file, kind: 'file', children: [] });
  }
  const order = (list: TreeNode[]) => {
    list.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
    for (const node of list) order(node.children);
  };
  order(root.children);
  return root.children;
}

/** Starter text for a new file: packages get a docstring so the learner sees what the file is for. */
export function starterTextFor(path: string): string {
  if (baseName(path) === '__init__.py')
    return `"""The ${parentOf(path).replace(/\//g, '.') || 'top-level'} package."""\n`;
  return '';
}
