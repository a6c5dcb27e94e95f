import { CONFIG_FILE_NAMES, ContractsError, findConfigFile, parseConfig } from '../contracts/index.ts';
import { exerciseSchema, formatIssues } from '../schemas/index.ts';
import { debtProblem } from './debt-config.ts';
import type { ExerciseMeta } from '../schemas/index.ts';

/** A file tree as a flat map of POSIX paths to text. */
export type FileMap = Record<string, string>;

/** An exercise folder, parsed and validated. */
export interface Exercise {
  meta: ExerciseMeta;
  /** Markdown shown beside the editor (`README.md`). */
  instructions: string;
  /**
   * The import-linter configuration the learner's project must keep; when the learner writes the
   * contracts (`meta.writesContracts`), the starter's configuration file, which they edit.
   */
  contracts: { path: string; text: string };
  starter: FileMap;
  solution: FileMap;
  tests: FileMap;
  hidden: FileMap;
  /** Hidden projects the learner's contracts are graded on (`projects/<name>/`), by name; empty unless `meta.writesContracts`. */
  projects: Record<string, FileMap>;
}

/** A malformed exercise: names the folder, the file and, where known, the field. */
export class ExerciseError extends Error {
  readonly folder: string;
  readonly file: string;
  readonly field: string | undefined;

  constructor(folder: string, file: string, message: string, field?: string) {
    super(`${folder}/${file}${field ? ` (${field})` : ''}: ${message}`);
    this.name = 'ExerciseError';
    this.folder = folder;
    this.file = file;
    this.field = field;
  }
}

const TREES = ['starter', 'solution', 'tests', 'hidden'] as const;

function subtree(files: FileMap, prefix: string): FileMap {
  const out: FileMap = {};
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith(`${prefix}/`)) out[path.slice(prefix.length + 1)] = text;
  }
  return out;
}

function hasModule(module: string, files: FileMap): boolean {
  const base = module.split('.').join('/');
  return [`${base}.py`, `${base}/__init__.py`].some(
    (path) => files[path] !== undefined || files[`src/${path}`] !== undefined,
  );
}

/** `projects/<name>/...` split by name, each declared in `writesContracts.projects` and each declared one present. */
function hiddenProjects(folder: string, meta: ExerciseMeta, files: FileMap): Record<string, FileMap> {
  const all = subtree(files, 'projects');
  const names = new Set(Object.keys(all).map((path) => path.split('/')[0] ?? path));
  const declared = meta.writesContracts?.projects ?? {};
  const projects: Record<string, FileMap> = {};
  for (const name of names) {
    if (declared[name] === undefined) {
      throw new ExerciseError(
        folder,
        `projects/${name}/`,
        meta.writesContracts
          ? `is not declared in exercise.json (writesContracts.projects.${name})`
          : 'hidden projects need writesContracts in exercise.json',
      );
    }
    projects[name] = subtree(all, name);
  }
  for (const [name, project] of Object.entries(declared)) {
    const tree = projects[name];
    if (!tree || !Object.keys(tree).some((path) => path.endsWith('.py'))) {
      throw new ExerciseError(
        folder,
        `projects/${name}/`,
        'folder is missing or has no Python files',
        `writesContracts.projects.${name}`,
      );
    }
    if (project.expect === 'broken') {
      project.by.forEach((arrow, index) => {
        const importer = arrow.split(' -> ')[0] ?? '';
        if (!hasModule(importer, tree)) {
          throw new ExerciseError(
            folder,
            'exercise.json',
            `"${arrow}": projects/${name}/ has no module ${importer}`,
            `writesContracts.projects.${name}.by.${index}`,
          );
        }
      });
    }
  }
  return projects;
}

/**
 * Parses the files of `exercises/<folder>/` (paths relative to that folder) into an Exercise.
 * Throws ExerciseError naming the folder, file and field of the first problem found.
 */
export function parseExercise(folder: string, files: FileMap): Exercise {
  const metaText = files['exercise.json'];
  if (metaText === undefined) throw new ExerciseError(folder, 'exercise.json', 'file is missing');
  let raw: unknown;
  try {
    raw = JSON.parse(metaText);
  } catch (error) {
    throw new ExerciseError(folder, 'exercise.json', `is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = exerciseSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = first && first.path.length > 0 ? first.path.join('.') : undefined;
    throw new ExerciseError(folder, 'exercise.json', formatIssues(parsed.error).join('; '), field);
  }
  const meta = parsed.data;
  if (meta.id !== folder) {
    throw new ExerciseError(folder, 'exercise.json', `id "${meta.id}" must equal the folder name "${folder}"`, 'id');
  }
  const instructions = files['README.md'];
  if (instructions === undefined || instructions.trim() === '') {
    throw new ExerciseError(folder, 'README.md', 'instructions are missing or empty');
  }
  const trees = Object.fromEntries(TREES.map((name) => [name, subtree(files, name)])) as Record<
    (typeof TREES)[number],
    FileMap
  >;
  for (const name of ['starter', 'solution'] as const) {
    if (Object.keys(trees[name]).length === 0)
      throw new ExerciseError(folder, `${name}/`, 'folder is missing or empty');
  }
  if (meta.entry !== undefined && trees.starter[meta.entry] === undefined) {
    throw new ExerciseError(folder, 'exercise.json', `entry "${meta.entry}" is not a file in starter/`, 'entry');
  }
  // The exercise's contracts are the file lint-imports would read in its folder (same names, same order).
  const configFiles = CONFIG_FILE_NAMES.filter((name) => files[name] !== undefined);
  const contractPath = findConfigFile(files)?.path;
  const projects = hiddenProjects(folder, meta, files);
  if (meta.writesContracts) {
    const { config } = meta.writesContracts;
    if (meta.debt.length > 0) {
      throw new ExerciseError(
        folder,
        'exercise.json',
        "a debt list needs the exercise's own contracts: the learner writes them here (writesContracts)",
        'debt',
      );
    }
    if (configFiles.length > 0) {
      throw new ExerciseError(
        folder,
        configFiles[0]!,
        "the learner writes the contracts (writesContracts): remove the exercise's own contracts file",
      );
    }
    for (const name of ['starter', 'solution'] as const) {
      if (trees[name][config] === undefined) {
        throw new ExerciseError(
          folder,
          `${name}/${config}`,
          `file is missing: the learner's contracts live there (writesContracts.config)`,
        );
      }
    }
    return { meta, instructions, contracts: { path: config, text: trees.starter[config] ?? '' }, ...trees, projects };
  }
  if (contractPath === undefined) {
    if (configFiles.length > 0) {
      throw new ExerciseError(
        folder,
        configFiles[0]!,
        configFiles[0] === 'pyproject.toml'
          ? 'has no [tool.importlinter] table, so lint-imports finds no contracts here'
          : 'has no [importlinter] section, so lint-imports finds no contracts here',
      );
    }
    throw new ExerciseError(folder, '.importlinter', `no import contracts (${CONFIG_FILE_NAMES.join(', ')})`);
  }
  if (meta.debt.length > 0) {
    const contracts = { path: contractPath, text: files[contractPath] ?? '' };
    let problem: string | undefined;
    try {
      problem = debtProblem(parseConfig(contracts), meta.debt);
    } catch (error) {
      if (!(error instanceof ContractsError)) throw error;
      throw new ExerciseError(folder, contractPath, error.message);
    }
    if (problem) throw new ExerciseError(folder, 'exercise.json', problem, 'debt');
  }
  return {
    meta,
    instructions,
    contracts: { path: contractPath, text: files[contractPath] ?? '' },
    ...trees,
    projects,
  };
}
