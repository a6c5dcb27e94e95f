import { z } from 'zod';

const hintSchema = z
  .object({
    text: z.string().min(10).describe('The hint, in Markdown; hints are revealed one at a time, in order.'),
    tests: z
      .array(z.string().min(1))
      .default([])
      .describe('Test ids (or prefixes such as "test_orders") whose failure makes this hint relevant.'),
    contracts: z
      .array(z.string().min(1))
      .default([])
      .describe('Contract names whose breakage makes this hint relevant.'),
    section: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'must be a heading anchor such as "moving-code-down"')
      .optional()
      .describe('Anchor of the lesson section this hint comes from.'),
  })
  .strict();

const essentialSchema = z
  .object({
    tests: z
      .array(z.string().min(1))
      .default([])
      .describe('Test names (Class.method, as reports show them) or prefixes ("InvoiceTest.") that check the point.'),
    contracts: z.array(z.string().min(1)).default([]).describe('Contract names that check the point.'),
    cap: z.number().min(0).max(99).describe('Highest score (percent) while any of them fails.'),
    why: z
      .string()
      .min(20)
      .describe('What the point is, shown to the learner when the cap applies (no hidden-test detail).'),
  })
  .strict()
  .refine((essential) => essential.tests.length + essential.contracts.length > 0, {
    message: 'name at least one test or contract',
  });

const IMPORT_ARROW = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)* -> [A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/;

/** The check that the learner's contracts keep the project they were written for. */
export const OWN_PROJECT_CHECK = 'Keeps your own project';

const hiddenProjectSchema = z.discriminatedUnion('expect', [
  z
    .object({
      expect: z
        .literal('kept')
        .describe("The learner's contracts must keep this project: its architecture is legitimate."),
      check: z
        .string()
        .min(3)
        .describe('Name of the graded check, shown like a contract ("Keeps the shop with a new discount").'),
    })
    .strict(),
  z
    .object({
      expect: z.literal('broken').describe("The learner's contracts must report this project's illegal imports."),
      check: z.string().min(3).describe('Name of the graded check ("Catches domain → adapters").'),
      by: z
        .array(z.string().regex(IMPORT_ARROW, 'must be an import such as "shop.domain.orders -> shop.adapters.db"'))
        .min(1)
        .describe(
          'The illegal imports, "importer -> imported": every one must be in a violation the learner\'s contracts report.',
        ),
    })
    .strict(),
]);

const writesContractsSchema = z
  .object({
    config: z
      .enum(['.importlinter', 'setup.cfg', 'pyproject.toml'])
      .default('.importlinter')
      .describe("The file in the learner's project that holds their contracts (in starter/ and solution/)."),
    require: z
      .array(z.enum(['layers', 'forbidden', 'independence', 'protected', 'acyclic_siblings']))
      .default([])
      .describe('Contract types the configuration must use: each is a graded check ("Uses a layers contract").'),
    projects: z
      .record(z.string().regex(/^[a-z0-9-]+$/, 'must be a folder name such as "clean-shop"'), hiddenProjectSchema)
      .refine((projects) => Object.values(projects).some((project) => project.expect === 'kept'), {
        message: 'needs at least one project that must be kept',
      })
      .refine((projects) => Object.values(projects).some((project) => project.expect === 'broken'), {
        message: 'needs at least one project that must be broken',
      })
      .describe("Hidden projects (files in projects/<name>/) the learner's contracts are graded on."),
  })
  .strict()
  .superRefine((value, context) => {
    const seen = new Set([OWN_PROJECT_CHECK]);
    for (const [name, project] of Object.entries(value.projects)) {
      if (seen.has(project.check))
        context.addIssue({
          code: 'custom',
          path: ['projects', name, 'check'],
          message: `"${project.check}" names another check: each check needs its own name`,
        });
      seen.add(project.check);
    }
  });

/** Metadata of one exercise: `exercises/NN-slug/exercise.json`. */
export const exerciseSchema = z
  .object({
    id: z
      .string()
      .regex(/^\d{2}-[a-z0-9-]+$/, 'must be "NN-slug", the same as the folder name')
      .describe('Stable id, equal to the folder name.'),
    title: z.string().min(3).describe('Exercise title.'),
    lesson: z.string().min(1).describe('Slug of the lesson this exercise belongs to (a file in content/lessons/).'),
    summary: z.string().min(20).max(300).describe('One or two sentences on the task.'),
    difficulty: z.enum(['intro', 'core', 'stretch', 'capstone']).describe('How hard the exercise is.'),
    minutes: z.number().int().min(1).max(240).describe('Estimated minutes to solve.'),
    weights: z
      .object({
        contracts: z.number().min(0).describe('Weight of the import contracts in the score.'),
        visible: z.number().min(0).describe('Weight of the visible tests in the score.'),
        hidden: z.number().min(0).describe('Weight of the hidden tests in the score.'),
      })
      .strict()
      .refine((w) => w.contracts + w.visible + w.hidden > 0, 'at least one weight must be positive')
      .describe('Relative weights of the three parts of the grade.'),
    python: z
      .string()
      .regex(/^3\.(1[0-9]|[2-9][0-9])$/, 'must be a Python version such as "3.10"')
      .default('3.10')
      .describe(
        "Python version the learner's files are graded as, on every runtime: newer syntax fails to import everywhere, and an older interpreter refuses to grade.",
      ),
    limits: z
      .object({
        testSeconds: z.number().positive().max(60).default(5).describe('Time limit for one test.'),
        totalSeconds: z.number().positive().max(600).default(30).describe('Time limit for the whole run.'),
      })
      .strict()
      .default({ testSeconds: 5, totalSeconds: 30 })
      .describe('Time limits applied by the harness.'),
    hints: z.array(hintSchema).min(2).max(3).describe('Two or three progressive hints.'),
    solution: z
      .object({
        reveal: z
          .enum(['always', 'after-attempts', 'after-pass', 'never'])
          .describe('When the reference solution may be shown to the learner.'),
        attempts: z.number().int().min(1).optional().describe('Checks needed before reveal, with "after-attempts".'),
      })
      .strict()
      .refine((s) => s.reveal !== 'after-attempts' || s.attempts !== undefined, {
        message: '"attempts" is required when reveal is "after-attempts"',
        path: ['attempts'],
      })
      .describe('When the solution is revealed.'),
    entry: z.string().optional().describe('File opened first in the editor (path inside starter/).'),
    starterCeiling: z
      .number()
      .min(0)
      .max(100)
      .default(40)
      .describe(
        'Highest score (percent) the untouched starter may get; `strata exercises check` fails above it. Raise it only with a reason.',
      ),
    essentials: z
      .array(essentialSchema)
      .default([])
      .describe(
        'The point of the exercise: while a test or contract named here fails, the score is at most `cap`, however many other checks pass. A submission that keeps the anti-pattern the exercise teaches against must not score well.',
      ),
    debt: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Names of contracts whose `ignore_imports` is architecture debt to pay off: each entry is graded as an item of the contracts part, paid once the contract holds without it (content/AUTHORING.md, "Grade a debt list").',
      ),
    writesContracts: writesContractsSchema
      .optional()
      .describe(
        'The learner writes the contracts: their configuration is graded on hidden projects it must keep and break, and on their own project (no contracts file at the exercise root).',
      ),
  })
  .strict();

export type ExerciseMeta = z.infer<typeof exerciseSchema>;
export type ExerciseHint = z.infer<typeof hintSchema>;
export type ExerciseEssential = z.infer<typeof essentialSchema>;
export type WritesContracts = z.infer<typeof writesContractsSchema>;
export type HiddenProject = z.infer<typeof hiddenProjectSchema>;
