import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import type { Loader } from 'astro/loaders';
import { lessonSchema, moduleSchema } from './schemas/index.ts';
import { loadExercises } from './runtime/node.ts';

/** Lessons are MDX files under content/lessons/, named by their slug. */
const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/lessons' }),
  schema: lessonSchema,
});

const modules = defineCollection({
  loader: file('./content/modules.json'),
  schema: moduleSchema,
});

/** Exercises are folders under exercises/, validated by src/schemas (a bad one fails the build). */
function exerciseLoader(root: string): Loader {
  return {
    name: 'strata-exercises',
    load: async (context) => {
      const { store, logger, watcher } = context;
      watcher?.add(root);
      const exercises = await loadExercises(root);
      store.clear();
      for (const exercise of exercises) {
        const data = await context.parseData({ id: exercise.meta.id, data: { ...exercise } });
        // The instructions (README.md) render at build time, with the same Markdown pipeline as lessons.
        store.set({ id: exercise.meta.id, data, rendered: await context.renderMarkdown(exercise.instructions) });
      }
      logger.info(`Loaded ${exercises.length} exercise(s) from ${root}`);
    },
  };
}

const exercises = defineCollection({ loader: exerciseLoader('./exercises') });

export const collections = { lessons, modules, exercises };
