export interface TreeNode {
  name: string;
  folder: boolean;
  comment: string | undefined;
  children: TreeNode[];
}

/**
 * Parses an indented listing (two spaces per level, trailing "/" marks a folder, "# text" a comment)
 * into a tree. A line indented deeper than one level below its parent is an error naming the line.
 */
export function parseFileTree(source: string): TreeNode[] {
  const roots: TreeNode[] = [];
  const stack: { depth: number; node: TreeNode }[] = [];
  source.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const indent = raw.length - raw.trimStart().length;
    const depth = Math.floor(indent / 2);
    const [entry = '', ...rest] = raw.trim().split(/\s+#\s?/);
    const folder = entry.endsWith('/');
    const node: TreeNode = {
      name: folder ? entry.slice(0, -1) : entry,
      folder,
      comment: rest.length > 0 ? rest.join(' # ') : undefined,
      children: [],
    };
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (!parent && depth > 0 && roots.length === 0) {
      throw new Error(`FileTree: line ${index + 1} ("${raw.trim()}") is indented but has no parent`);
    }
    if (parent && depth > parent.depth + 1) {
      throw new Error(`FileTree: line ${index + 1} ("${raw.trim()}") is indented more than one level below its parent`);
    }
    if (parent) {
      parent.node.folder = true;
      parent.node.children.push(node);
    } else {
      roots.push(node);
    }
    stack.push({ depth, node });
  });
  return roots;
}
