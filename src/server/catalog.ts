import { createHash } from 'node:crypto';
import { HARNESS_FILES, HARNESS_PROTOCOL } from '../grading/index.ts';
import type { Exercise } from '../grading/index.ts';
import { loadExercises } from '../runtime/node.ts';

export interface CatalogEntry {
  exercise: Exercise;
  /** sha256 of everything the grade depends on: meta, contracts, starter, tests, hidden tests and hidden projects. */
  version: string;
}

export interface Catalog {
  get(id: string): CatalogEntry | undefined;
  list(): CatalogEntry[];
  /** Identifies the grader build: a grade is only comparable to grades of the same grader. */
  graderVersion: string;
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function sorted(files: Record<string, string>): [string, string][] {
  return Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The exercises this server grades, read (and validated) once from the exercises folder. */
export async function loadCatalog(root: string, packageVersion: string): Promise<Catalog> {
  const exercises = await loadExercises(root);
  const entries = new Map<string, CatalogEntry>();
  for (const exercise of exercises) {
    const version = digest([
      exercise.meta,
      exercise.contracts,
      sorted(exercise.starter),
      sorted(exercise.tests),
      sorted(exercise.hidden),
      Object.entries(exercise.projects)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, files]) => [name, sorted(files)]),
    ]).slice(0, 16);
    entries.set(exercise.meta.id, { exercise, version });
  }
  const harness = digest(sorted(HARNESS_FILES)).slice(0, 12);
  return {
    get: (id) => entries.get(id),
    list: () => [...entries.values()],
    graderVersion: `strata ${packageVersion} harness ${HARNESS_PROTOCOL}/${harness}`,
  };
}
