// The cohort server's tables (Drizzle). drizzle-kit generates the SQL migrations in drizzle/ from
// this file (`npm run db:generate`); the server applies them on start. Times are timestamptz;
// the domain layer works in epoch milliseconds.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

import type { Progress } from '../../cohorts/index.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// ── Better Auth's tables (email + password accounts and sessions) ───────────────────────────────
export const user = pgTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('emailVerified').notNull().default(false),
  image: text('image'),
  createdAt: at('createdAt').notNull().defaultNow(),
  updatedAt: at('updatedAt').notNull().defaultNow(),
  /** May create cohorts. The first one comes from the one-time setup link. */
  isInstructor: boolean('isInstructor').notNull().default(false),
});

export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: at('expiresAt').notNull(),
    token: text('token').notNull().unique(),
    createdAt: at('createdAt').notNull().defaultNow(),
    updatedAt: at('updatedAt').notNull().defaultNow(),
    ipAddress: text('ipAddress'),
    userAgent: text('userAgent'),
    userId: text('userId')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

export const account = pgTable(
  'account',
  {
    id: text('id').primaryKey(),
    accountId: text('accountId').notNull(),
    providerId: text('providerId').notNull(),
    userId: text('userId')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    accessToken: text('accessToken'),
    refreshToken: text('refreshToken'),
    idToken: text('idToken'),
    accessTokenExpiresAt: at('accessTokenExpiresAt'),
    refreshTokenExpiresAt: at('refreshTokenExpiresAt'),
    scope: text('scope'),
    password: text('password'),
    createdAt: at('createdAt').notNull().defaultNow(),
    updatedAt: at('updatedAt').notNull().defaultNow(),
  },
  (t) => [index('account_user_idx').on(t.userId)],
);

export const verification = pgTable(
  'verification',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: at('expiresAt').notNull(),
    createdAt: at('createdAt').notNull().defaultNow(),
    updatedAt: at('updatedAt').notNull().defaultNow(),
  },
  (t) => [index('verification_identifier_idx').on(t.identifier)],
);

/** Better Auth's rate-limit counters, in the database so that every web process shares them. */
export const rateLimit = pgTable('rateLimit', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique(),
  count: integer('count').notNull(),
  lastRequest: bigint('lastRequest', { mode: 'number' }).notNull(),
});

// ── Strata ────────────────────────────────────────────────────────────────────────────────────
/** One-time links that create an instructor account (the first one is printed on first start). */
export const setupToken = pgTable('setup_token', {
  tokenHash: text('token_hash').primaryKey(),
  createdAt: at('created_at').notNull().defaultNow(),
  usedAt: at('used_at'),
  usedBy: text('used_by').references(() => user.id),
});

export const cohort = pgTable('cohort', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  joinCode: text('join_code').notNull().unique(),
  joinCodeEnabled: boolean('join_code_enabled').notNull().default(true),
  scorePolicy: text('score_policy', { enum: ['best', 'last'] })
    .notNull()
    .default('best'),
  hiddenDetail: text('hidden_detail', { enum: ['never', 'after_due', 'always'] })
    .notNull()
    .default('never'),
  /** Fair share: at most this many of the cohort's submissions queued or grading at once (null: no cap). */
  maxQueued: integer('max_queued'),
  /** Late-day tokens each learner may spend (automatically, at submission) to move a due date. */
  lateDays: integer('late_days').notNull().default(0),
  createdBy: text('created_by')
    .notNull()
    .references(() => user.id),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const member = pgTable(
  'member',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['instructor', 'ta', 'learner'] }).notNull(),
    joinedAt: at('joined_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('member_user_idx').on(t.userId)],
);

/** Roster rows imported before the learner has an account: they join on first sign-in. */
export const invite = pgTable(
  'invite',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.email] }), index('invite_email_idx').on(t.email)],
);

export const assignment = pgTable(
  'assignment',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    exercise: text('exercise').notNull(),
    position: integer('position').notNull(),
    opensAt: at('opens_at'),
    dueAt: at('due_at'),
    lateDueAt: at('late_due_at'),
    lateCreditPct: real('late_credit_pct').notNull().default(0),
    rateLimitCount: integer('rate_limit_count'),
    rateLimitWindowMinutes: integer('rate_limit_window_minutes'),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.exercise] })],
);

export const extension = pgTable(
  'extension',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    exercise: text('exercise').notNull(),
    dueAt: at('due_at').notNull(),
    lateDueAt: at('late_due_at'),
    grantedBy: text('granted_by')
      .notNull()
      .references(() => user.id),
    grantedAt: at('granted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId, t.exercise] })],
);

/** Immutable: a submission's files never change once stored. */
export const submission = pgTable(
  'submission',
  {
    id: text('id').primaryKey(),
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    exercise: text('exercise').notNull(),
    /** sha256 of the exercise folder the server graded against when it was submitted. */
    exerciseVersion: text('exercise_version').notNull(),
    files: jsonb('files').$type<Record<string, string>>().notNull(),
    filesHash: text('files_hash').notNull(),
    submittedAt: at('submitted_at').notNull().defaultNow(),
    status: text('status', { enum: ['queued', 'grading', 'graded', 'failed'] })
      .notNull()
      .default('queued'),
    /** The grade that currently stands for this submission (the latest grading of it). */
    currentGradeId: text('current_grade_id'),
    failure: text('failure'),
    /** Why it is not graded yet, while it waits (a worker refused it: another exercise version). */
    waiting: text('waiting'),
  },
  (t) => [
    index('submission_learner_idx').on(t.cohortId, t.userId, t.exercise, t.submittedAt),
    index('submission_cohort_idx').on(t.cohortId, t.exercise),
  ],
);

/** Late-day tokens spent: each row moved one learner's due date on one exercise by `days`. */
export const lateDay = pgTable(
  'late_day',
  {
    id: text('id').primaryKey(),
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    exercise: text('exercise').notNull(),
    days: integer('days').notNull(),
    submissionId: text('submission_id').notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('late_day_learner_idx').on(t.cohortId, t.userId)],
);

/** Every grading of a submission: the first one and each re-grade. */
export const grade = pgTable(
  'grade',
  {
    id: text('id').primaryKey(),
    submissionId: text('submission_id')
      .notNull()
      .references(() => submission.id, { onDelete: 'cascade' }),
    /** The re-grade run it belongs to, or null for the grading on submit. */
    regradeId: text('regrade_id'),
    score: real('score').notNull(),
    status: text('status').notNull(),
    /** The full instructor report (GradeReport with hidden detail). Never sent to a learner as is. */
    report: jsonb('report').notNull(),
    graderVersion: text('grader_version').notNull(),
    /** The exercise version it was graded against (a re-grade after the tests change has a new one). */
    exerciseVersion: text('exercise_version').notNull(),
    gradedAt: at('graded_at').notNull().defaultNow(),
  },
  (t) => [
    // One grade per submission per run: a job retried after it wrote its grade writes nothing new.
    uniqueIndex('grade_once_idx').on(t.submissionId, sql`coalesce(${t.regradeId}, '')`),
  ],
);

export const override = pgTable(
  'score_override',
  {
    id: text('id').primaryKey(),
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    exercise: text('exercise').notNull(),
    score: real('score').notNull(),
    reason: text('reason').notNull(),
    by: text('by')
      .notNull()
      .references(() => user.id),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('override_cell_idx').on(t.cohortId, t.userId, t.exercise)],
);

export const regrade = pgTable('regrade', {
  id: text('id').primaryKey(),
  cohortId: text('cohort_id')
    .notNull()
    .references(() => cohort.id, { onDelete: 'cascade' }),
  scope: jsonb('scope').$type<{ submission?: string; exercise?: string }>().notNull(),
  requestedBy: text('requested_by')
    .notNull()
    .references(() => user.id),
  requestedAt: at('requested_at').notNull().defaultNow(),
  total: integer('total').notNull(),
  /** Gradebook cells before the run, to show which ones it changed: userId → exercise → score. */
  before: jsonb('before').$type<Record<string, Record<string, number | null>>>().notNull(),
  /**
   * A run for review: its grades change nothing in the gradebook until the instructor accepts the
   * run (or discards it). Otherwise each grade stands as it is recorded.
   */
  review: boolean('review').notNull().default(false),
  decision: text('decision', { enum: ['accepted', 'discarded'] }),
  /**
   * Decisions taken one gradebook cell at a time before (or instead of) the run's: "userId exercise"
   * → accepted or discarded. A later decision on the whole run leaves these cells as decided.
   */
  cellDecisions: jsonb('cell_decisions').$type<Record<string, 'accepted' | 'discarded'>>().notNull().default({}),
  decidedAt: at('decided_at'),
  decidedBy: text('decided_by').references(() => user.id),
});

/** Append-only record of what staff did: overrides, extensions, re-grades, roster changes. */
export const audit = pgTable(
  'audit',
  {
    id: text('id').primaryKey(),
    cohortId: text('cohort_id').references(() => cohort.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').references(() => user.id),
    action: text('action').notNull(),
    detail: jsonb('detail').notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('audit_cohort_idx').on(t.cohortId, t.at)],
);

/** A learner's working copy of an exercise, so that their work follows them to another browser. */
export const workspace = pgTable(
  'workspace',
  {
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    exercise: text('exercise').notNull(),
    files: jsonb('files').$type<Record<string, string>>().notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.exercise] })],
);

/** A learner's course progress (lessons read, quizzes, Checks), merged from every browser they use. */
export const progress = pgTable('progress', {
  userId: text('user_id')
    .primaryKey()
    .references(() => user.id, { onDelete: 'cascade' }),
  progress: jsonb('progress').$type<Progress>().notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
