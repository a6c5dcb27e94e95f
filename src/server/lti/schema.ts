// LTI 1.3's tables (Drizzle): the platforms registered with this tool, the tool's own signing keys,
// the single-use launch nonces, and how LMS users, courses and resource links map onto Strata's
// users, cohorts and exercises. drizzle.config.ts lists this file next to db/schema.ts.
import { index, integer, jsonb, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';
import type { JWK } from 'jose';
import { cohort, user } from '../db/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A platform (an LMS installation) registered with this tool, one row per issuer + client id. */
export const ltiPlatform = pgTable(
  'lti_platform',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    deploymentIds: jsonb('deployment_ids').$type<string[]>().notNull(),
    authEndpoint: text('auth_endpoint').notNull(),
    tokenEndpoint: text('token_endpoint').notNull(),
    jwksUri: text('jwks_uri').notNull(),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('lti_platform_issuer_idx').on(t.issuer, t.clientId)],
);

/** The tool's RS256 signing keys: one active, earlier ones kept in the JWKS until retired. */
export const ltiKey = pgTable('lti_key', {
  kid: text('kid').primaryKey(),
  privateJwk: jsonb('private_jwk').$type<JWK>().notNull(),
  publicJwk: jsonb('public_jwk').$type<JWK>().notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  /** Set when a newer key replaced it; it stays published until retiredAt. */
  replacedAt: at('replaced_at'),
  retiredAt: at('retired_at'),
});

/** A login initiation: its nonce (single use) and the hash of the state bound to the browser's cookie. */
export const ltiNonce = pgTable('lti_nonce', {
  nonce: text('nonce').primaryKey(),
  stateHash: text('state_hash').notNull(),
  platformId: text('platform_id')
    .notNull()
    .references(() => ltiPlatform.id, { onDelete: 'cascade' }),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
});

/** An LMS user (the id_token's sub) and the Strata user their launches sign in as. */
export const ltiUser = pgTable(
  'lti_user',
  {
    platformId: text('platform_id')
      .notNull()
      .references(() => ltiPlatform.id, { onDelete: 'cascade' }),
    sub: text('sub').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.sub] }), index('lti_user_user_idx').on(t.userId)],
);

/** An LMS course (context) and its cohort, with the service endpoints its launches announced. */
export const ltiContext = pgTable(
  'lti_context',
  {
    platformId: text('platform_id')
      .notNull()
      .references(() => ltiPlatform.id, { onDelete: 'cascade' }),
    contextId: text('context_id').notNull(),
    deploymentId: text('deployment_id').notNull(),
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    title: text('title'),
    membershipsUrl: text('memberships_url'),
    lineItemsUrl: text('line_items_url'),
    agsScopes: jsonb('ags_scopes').$type<string[]>(),
    rosterSyncedAt: at('roster_synced_at'),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.contextId] }), index('lti_context_cohort_idx').on(t.cohortId)],
);

/** An LMS resource link (an assignment) and the exercise it opens, with its AGS line item. */
export const ltiLink = pgTable(
  'lti_link',
  {
    platformId: text('platform_id')
      .notNull()
      .references(() => ltiPlatform.id, { onDelete: 'cascade' }),
    resourceLinkId: text('resource_link_id').notNull(),
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    exercise: text('exercise').notNull(),
    lineItemUrl: text('line_item_url'),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.resourceLinkId] }), index('lti_link_cohort_idx').on(t.cohortId)],
);

/** Per gradebook cell: the score last sent to the LMS, and how the last attempt went. */
export const ltiScoreSync = pgTable(
  'lti_score_sync',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    exercise: text('exercise').notNull(),
    /** The counted score the last successful POST sent (0..100). */
    sentScore: real('sent_score'),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId, t.exercise] })],
);

/** Roster members from NRPS: who the LMS says is in the course, and when they left. */
export const ltiMembership = pgTable(
  'lti_membership',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohort.id, { onDelete: 'cascade' }),
    platformId: text('platform_id')
      .notNull()
      .references(() => ltiPlatform.id, { onDelete: 'cascade' }),
    sub: text('sub').notNull(),
    name: text('name'),
    email: text('email'),
    roles: jsonb('roles').$type<string[]>().notNull(),
    status: text('status', { enum: ['active', 'inactive', 'left'] }).notNull(),
    seenAt: at('seen_at').notNull().defaultNow(),
    leftAt: at('left_at'),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.platformId, t.sub] })],
);

/** A deep-linking request waiting for the instructor to pick exercises (short-lived). */
export const ltiDeepLink = pgTable('lti_deep_link', {
  id: text('id').primaryKey(),
  platformId: text('platform_id')
    .notNull()
    .references(() => ltiPlatform.id, { onDelete: 'cascade' }),
  deploymentId: text('deployment_id').notNull(),
  userId: text('user_id')
    .notNull()
    .references(() => user.id, { onDelete: 'cascade' }),
  returnUrl: text('return_url').notNull(),
  data: text('data'),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
});
