import { z } from 'zod';

/** Front matter of one MDX lesson under `content/lessons/`. */
export const lessonSchema = z
  .object({
    title: z.string().min(3).describe('Lesson title shown in the page heading, sidebar and search results.'),
    summary: z
      .string()
      .min(20)
      .max(300)
      .describe('One or two sentences on what the lesson teaches; used on the home page and in meta tags.'),
    module: z
      .number()
      .int()
      .min(1)
      .max(9)
      .describe('Number of the module the lesson belongs to (see content/modules.json).'),
    order: z.number().int().min(1).describe('Position of the lesson in the whole course (1-based, unique).'),
    minutes: z.number().int().min(1).max(120).describe('Estimated reading time in minutes.'),
    objectives: z
      .array(z.string().min(3))
      .min(1)
      .max(8)
      .describe('What the learner can do after the lesson, one sentence each.'),
    exercise: z
      .string()
      .regex(/^\d{2}-[a-z0-9-]+$/, 'must be an exercise folder name such as "01-package-api"')
      .optional()
      .describe('Folder name of the exercise that practises this lesson, if any.'),
    draft: z.boolean().default(false).describe('Drafts are built in development only.'),
  })
  .strict();

export type Lesson = z.infer<typeof lessonSchema>;

/** One entry of `content/modules.json`. */
export const moduleSchema = z
  .object({
    id: z
      .string()
      .regex(/^module-\d+$/, 'must look like "module-1"')
      .describe('Stable identifier, "module-N".'),
    number: z.number().int().min(1).max(9).describe("Module number, matching the lessons' `module` field."),
    title: z.string().min(3).describe('Module title.'),
    summary: z.string().min(20).describe('What the module covers, one or two sentences.'),
  })
  .strict();

export type CourseModule = z.infer<typeof moduleSchema>;
