import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseExercise } from '../../grading/index.ts';
import type { Exercise } from '../../grading/index.ts';
import { readTree } from './read-tree.ts';

const EXERCISE_FOLDER = /^\d{2}-[a-z0-9-]+$/;

/** Lists exercise folder names (`NN-slug`) under `root`, in order. */
export async function listExerciseFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && EXERCISE_FOLDER.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** Reads and validates `root/<folder>`. Throws ExerciseError on a malformed exercise. */
export async function loadExercise(root: string, folder: string): Promise<Exercise> {
  return parseExercise(folder, await readTree(join(root, folder)));
}

/** Reads and validates every exercise under `root`. */
export async function loadExercises(root: string): Promise<Exercise[]> {
  const folders = await listExerciseFolders(root);
  return Promise.all(folders.map((folder) => loadExercise(root, folder)));
}
