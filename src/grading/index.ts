export { parseExercise, ExerciseError } from './exercise.ts';
export type { Exercise, FileMap } from './exercise.ts';
