// The learner's project as data, with no DOM: what every other part of the workspace reads and
// changes. Pure, so it runs under vitest in Node.
export {
  allFolders,
  baseName,
  buildTree,
  filesUnder,
  normalisePath,
  parentOf,
  pathProblem,
  renameMap,
  starterTextFor,
} from './workspace-paths.ts';
export type { EntryKind, ProjectShape, TreeNode } from './workspace-paths.ts';
