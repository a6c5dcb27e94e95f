// Node-only public surface of the runtime layer: file access and local processes.
// Browser code imports `./index.ts` instead.
export { readTree } from './node/read-tree.ts';
export { listExerciseFolders, loadExercise, loadExercises } from './node/exercises.ts';
