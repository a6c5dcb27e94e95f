// Components every lesson can use without importing them (passed to <Content components={...} />).
import Callout from './Callout.astro';
import ExerciseCard from './ExerciseCard.astro';
import FileTree from './FileTree.astro';
import ImportGraph from './ImportGraph.astro';
import LayerDiagram from './LayerDiagram.astro';
import Quiz from './Quiz.astro';

export const lessonComponents = { Callout, ExerciseCard, FileTree, ImportGraph, LayerDiagram, Quiz };
