import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exercise } from '../../grading/index.ts';
import { loadExercise } from './exercises.ts';

/** The exercises/ folder: the nearest one above `cwd`, else the one shipped with Strata. */
export function findExercisesRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, 'exercises');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    if (dirname(dir) === dir) break;
  }
  return fileURLToPath(new URL('../../../exercises', import.meta.url));
}

/** Loads an exercise given as an id (`01-import-side-effects`) or a path to its folder. */
export async function resolveExercise(spec: string, cwd: string): Promise<Exercise> {
  const asPath = resolve(cwd, spec);
  if (existsSync(join(asPath, 'exercise.json'))) return loadExercise(dirname(asPath), basename(asPath));
  const root = findExercisesRoot(cwd);
  if (!existsSync(join(root, spec))) {
    throw new Error(`exercise "${spec}" not found (looked for a folder ${asPath} and ${join(root, spec)})`);
  }
  return loadExercise(root, spec);
}
