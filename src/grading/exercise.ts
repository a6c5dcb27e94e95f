import { ContractsError, parseConfig } from '../contracts/index.ts';
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
  /** The import-linter configuration the learner's project must keep. */
  contracts: { path: string; text: string };
  starter: FileMap;
  solution: FileMap;
  tests: FileMap;
  hidden: FileMap;
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

const CONTRACT_FILES = ['.importlinter', 'setup.cfg', 'pyproject.toml'] as const;
const TREES = ['starter', 'solution', 'tests', 'hidden'] as const;

function subtree(files: FileMap, prefix: string): FileMap {
  const out: FileMap = {};
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith(`${prefix}/`)) out[path.slice(prefix.length + 1)] = text;
  }
  return out;
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
  const contractPath = CONTRACT_FILES.find((name) => files[name] !== undefined);
  if (contractPath === undefined) {
    throw new ExerciseError(
      folder,
      '.importlinter',
      'no import contracts (.importlinter, setup.cfg or pyproject.toml)',
    );
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
  return {
    meta,
    instructions,
    contracts: { path: contractPath, text: files[contractPath] ?? '' },
    ...trees,
  };
}
