import { z } from 'zod';

const when = z
  .string()
  .datetime({ offset: true })
  .nullable()
  .optional()
  .transform((value) => (value ? Date.parse(value) : null));

export const assignmentInput = z
  .object({
    exercise: z.string().regex(/^\d{2}-[a-z0-9-]+$/, 'an exercise id such as "05-break-the-cycle"'),
    opensAt: when,
    dueAt: when,
    lateDueAt: when,
    lateCreditPct: z.number().min(0).max(100).default(0),
    rateLimit: z
      .object({
        count: z.number().int().min(1).max(1000),
        windowMinutes: z
          .number()
          .int()
          .min(1)
          .max(60 * 24 * 30),
      })
      .nullable()
      .default(null),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.lateDueAt !== null && value.dueAt === null) {
      ctx.addIssue({ code: 'custom', path: ['lateDueAt'], message: 'a late due date needs a due date' });
    }
    if (value.lateDueAt !== null && value.dueAt !== null && value.lateDueAt < value.dueAt) {
      ctx.addIssue({ code: 'custom', path: ['lateDueAt'], message: 'the late due date is before the due date' });
    }
    if (value.opensAt !== null && value.dueAt !== null && value.dueAt < value.opensAt) {
      ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'the due date is before the open date' });
    }
  });

export const cohortInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    scorePolicy: z.enum(['best', 'last']).default('best'),
    hiddenDetail: z.enum(['never', 'after_due', 'always']).default('never'),
    maxQueued: z.number().int().min(1).max(100_000).nullable().default(null),
    lateDays: z.number().int().min(0).max(60).default(0),
    assignments: z.array(assignmentInput).max(100).default([]),
  })
  .strict();

export const joinInput = z.object({ code: z.string().min(4).max(64) }).strict();

export const staffInput = z
  .object({ email: z.string().trim().toLowerCase().email(), role: z.enum(['ta', 'instructor', 'learner']) })
  .strict();

export const extensionInput = z
  .object({
    userId: z.string().min(1),
    exercise: z.string().min(1),
    dueAt: z
      .string()
      .datetime({ offset: true })
      .transform((value) => Date.parse(value)),
    lateDueAt: when,
  })
  .strict();

export const overrideInput = z
  .object({
    userId: z.string().min(1),
    exercise: z.string().min(1),
    score: z.number().min(0).max(100),
    reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  })
  .strict();

export const regradeInput = z
  .object({
    submission: z.string().min(1).optional(),
    exercise: z.string().min(1).optional(),
    /** Hold the new grades until the instructor accepts the run's changes (or discards them). */
    review: z.boolean().default(false),
  })
  .strict();

/** Accept or discard a re-grade run: all of it, or only the changes of the listed gradebook cells. */
export const regradeDecisionInput = z
  .object({
    accept: z.boolean(),
    cells: z
      .array(z.object({ userId: z.string().min(1), exercise: z.string().min(1) }).strict())
      .min(1, 'list at least one cell, or leave cells out to decide the whole run')
      .max(10_000)
      .optional(),
  })
  .strict();

export const filesInput = z.object({ files: z.record(z.string(), z.string()) }).strict();

/** A browser's copy of the learner's progress (normalised by the server), merged or, on a reset or import, replacing. */
export const progressInput = z
  .object({ progress: z.record(z.string(), z.unknown()), replace: z.boolean().default(false) })
  .strict();

export const setupInput = z
  .object({
    token: z.string().min(16).max(128),
    name: z.string().trim().min(1).max(120),
    email: z.string().trim().toLowerCase().email(),
    password: z.string().min(8).max(128),
  })
  .strict();

/** Zod's issues as "field: message" lines. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`);
}

export const joinCodeInput = z
  .object({ enabled: z.boolean().default(true), rotate: z.boolean().default(false) })
  .strict();
