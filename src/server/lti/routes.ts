import { randomBytes } from 'node:crypto';
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { makeSignature } from 'better-auth/crypto';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { createJoinCode } from '../../cohorts/index.ts';
import type { CohortRole } from '../../cohorts/index.ts';
import { HttpError, requireRole, STAFF } from '../access.ts';
import type { Auth } from '../auth.ts';
import type { Catalog } from '../catalog.ts';
import type { Database } from '../db/connect.ts';
import * as t from '../db/schema.ts';
import { newId } from '../ids.ts';
import { cohortRoleOf } from './claims.ts';
import type { LaunchClaims } from './claims.ts';
import { deepLinkResponse } from './deep-link.ts';
import { autoPostForm, errorPage, escapeHtml, page } from './html.ts';
import type { ToolKeys } from './keys.ts';
import type { LtiSync } from './sync.ts';
import { ltiContext, ltiDeepLink, ltiLink, ltiMembership, ltiPlatform, ltiScoreSync, ltiUser } from './schema.ts';
import { LaunchError, LaunchVerifier, stateCookieName } from './verify.ts';
import type { Platform } from './verify.ts';

export interface LtiOptions {
  database: Database;
  auth: Auth;
  catalog: Catalog;
  /** The tool's public origin (the LMS sends browsers here). */
  origin: string;
  /** The queue score passback jobs go through. */
  boss: PgBoss;
  now?: () => number;
  /** How often changed grades are looked for (ms). */
  sweepIntervalMs?: number;
  /** Where refused launches are logged (console.warn by default). */
  log?: (line: string) => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DEEP_LINK_TTL_MS = 30 * 60 * 1000;
const MAX_BODY = 256 * 1024;

const platformInput = z.object({
  name: z.string().trim().min(1).max(200),
  issuer: z.string().trim().url(),
  clientId: z.string().trim().min(1).max(500),
  deploymentIds: z.array(z.string().trim().min(1).max(500)).min(1).max(100),
  authEndpoint: z.string().trim().url(),
  tokenEndpoint: z.string().trim().url(),
  jwksUri: z.string().trim().url(),
});

interface Caller {
  id: string;
  isInstructor: boolean;
  /** The account was made by an LMS launch (an LMS's instructor, trusted within their course only). */
  fromLms: boolean;
}

/** The tool's URLs, as an LMS administrator types them into the platform's registration form. */
export function toolUrls(origin: string) {
  return {
    loginUrl: `${origin}/api/lti/login`,
    launchUrl: `${origin}/api/lti/launch`,
    redirectUris: [`${origin}/api/lti/launch`],
    jwksUrl: `${origin}/api/lti/jwks`,
    deepLinkingUrl: `${origin}/api/lti/launch`,
    targetLinkUri: `${origin}/`,
    domain: new URL(origin).host,
  };
}

/** The LTI 1.3 tool under /api/lti: launches (cross-site by design) and the staff's registration routes. */
export function createLtiApp(options: LtiOptions, keys: ToolKeys, sync: LtiSync) {
  const { auth, catalog, origin } = options;
  const db = options.database.db;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.warn(line));
  const verifier = new LaunchVerifier(db, origin, now);
  const secure = origin.startsWith('https://');
  const app = new Hono().basePath('/api/lti');

  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json({ error: error.message, ...error.detail }, error.status);
    console.error(
      `lti: ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return c.json({ error: 'internal error' }, 500);
  });
  // An id_token is a few kilobytes; a registration or a deep-linking choice less.
  app.use(
    '*',
    bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.text(`the request is larger than ${MAX_BODY} bytes`, 413) }),
  );
  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });

  const refuse = (c: Context, error: LaunchError) => {
    log(`lti: launch refused: check=${error.check}: ${error.message}; claims ${JSON.stringify(error.claims)}`);
    return c.html(
      errorPage(error.check, error.message),
      error.check === 'state' || error.check === 'nonce' ? 403 : 401,
    );
  };

  // ── the launch: login initiation, then the platform's form post ─────────────────────────────
  const login = async (c: Context) => {
    const fields =
      c.req.method === 'POST'
        ? Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([, v]) => typeof v === 'string'))
        : c.req.query();
    try {
      const { redirect, state } = await verifier.login(fields);
      // The platform posts the launch back cross-site: on https the cookie must be SameSite=None.
      setCookie(c, stateCookieName(state), state, {
        path: '/api/lti',
        httpOnly: true,
        secure,
        sameSite: secure ? 'None' : 'Lax',
        maxAge: 600,
      });
      return c.redirect(redirect, 302);
    } catch (error) {
      if (error instanceof LaunchError) return refuse(c, error);
      throw error;
    }
  };
  app.get('/login', login);
  app.post('/login', login);

  app.post('/launch', async (c) => {
    const body = await c.req.parseBody();
    const form = {
      id_token: typeof body.id_token === 'string' ? body.id_token : undefined,
      state: typeof body.state === 'string' ? body.state : undefined,
    };
    if (typeof body.error === 'string') {
      return refuse(
        c,
        new LaunchError(
          'platform',
          `the platform answered ${body.error}: ${typeof body.error_description === 'string' ? body.error_description : ''}`,
        ),
      );
    }
    const cookieName = form.state ? stateCookieName(form.state) : null;
    try {
      const { platform, claims } = await verifier.verify(form, cookieName ? getCookie(c, cookieName) : undefined);
      const landing = await provision(platform, claims);
      if (cookieName) deleteCookie(c, cookieName, { path: '/api/lti', secure, sameSite: secure ? 'None' : 'Lax' });
      await signIn(c, landing.userId);
      log(
        `lti: launch ${claims.messageType} by ${claims.sub} of ${platform.issuer} as ${landing.role} → ${landing.redirect}`,
      );
      return c.redirect(landing.redirect, 303);
    } catch (error) {
      if (error instanceof LaunchError) return refuse(c, error);
      throw error;
    }
  });

  app.get('/jwks', async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await keys.jwks());
  });

  app.get('/tool', (c) => c.json(toolUrls(origin)));

  // ── staff routes (same-origin, signed in) ───────────────────────────────────────────────────
  const caller = async (c: Context): Promise<Caller> => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const fetchSite = c.req.header('sec-fetch-site');
      if (c.req.header('origin') !== origin || (fetchSite !== undefined && fetchSite !== 'same-origin')) {
        throw new HttpError(403, 'cross-origin request refused: state-changing requests must come from this site');
      }
    }
    const found = await auth.api.getSession({ headers: c.req.raw.headers });
    if (!found) throw new HttpError(401, 'sign in first');
    // One row per LMS account linked to the user (none for an account made in Strata).
    const [row] = await db
      .select({ isInstructor: t.user.isInstructor, lmsUser: ltiUser.userId })
      .from(t.user)
      .leftJoin(ltiUser, eq(ltiUser.userId, t.user.id))
      .where(eq(t.user.id, found.user.id))
      .limit(1);
    return { id: found.user.id, isInstructor: Boolean(row?.isInstructor), fromLms: Boolean(row?.lmsUser) };
  };
  const instructor = async (c: Context): Promise<Caller> => {
    const user = await caller(c);
    if (!user.isInstructor) throw new HttpError(403, 'only instructors manage LTI registrations');
    return user;
  };
  /**
   * Registering an LMS and rotating the tool's key decide whom the server trusts: an instructor
   * with their own Strata account may, an instructor an LMS launch signed in (any teacher of any
   * course on a registered LMS) may not.
   */
  const manager = async (c: Context): Promise<Caller> => {
    const user = await instructor(c);
    if (user.fromLms) {
      throw new HttpError(
        403,
        'an account made by an LMS launch cannot register LMSs or rotate the signing key: ask an instructor with a Strata account',
      );
    }
    return user;
  };

  app.get('/platforms', async (c) => {
    const user = await instructor(c);
    const platforms = await db.select().from(ltiPlatform).orderBy(ltiPlatform.createdAt);
    return c.json({ tool: toolUrls(origin), jwks: await keys.jwks(), platforms, canManage: !user.fromLms });
  });

  app.post('/platforms', async (c) => {
    const user = await manager(c);
    const parsed = platformInput.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) {
      throw new HttpError(400, 'the registration has problems', {
        problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`),
      });
    }
    const existing = await db
      .select()
      .from(ltiPlatform)
      .where(and(eq(ltiPlatform.issuer, parsed.data.issuer), eq(ltiPlatform.clientId, parsed.data.clientId)));
    if (existing.length > 0)
      throw new HttpError(409, `${parsed.data.issuer} with client id ${parsed.data.clientId} is already registered`);
    const id = newId();
    await db.insert(ltiPlatform).values({ id, ...parsed.data, createdBy: user.id });
    return c.json({ id, ...parsed.data }, 201);
  });

  app.put('/platforms/:id', async (c) => {
    await manager(c);
    const parsed = platformInput.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) {
      throw new HttpError(400, 'the registration has problems', {
        problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`),
      });
    }
    const [updated] = await db
      .update(ltiPlatform)
      .set(parsed.data)
      .where(eq(ltiPlatform.id, c.req.param('id')))
      .returning();
    if (!updated) throw new HttpError(404, 'no such platform');
    return c.json(updated);
  });

  app.post('/keys/rotate', async (c) => {
    await manager(c);
    const { kid } = await keys.rotate();
    return c.json({ kid, jwks: await keys.jwks() });
  });

  // ── deep linking: the instructor picks exercises, the LMS gets them back as assignments ──────
  app.get('/deep-link/:id', async (c) => {
    const user = await caller(c);
    const request = await deepLinkRequest(c.req.param('id'), user.id);
    const choices = catalog
      .list()
      .map((entry) => [entry.exercise.meta.id, entry] as const)
      .map(
        ([id, entry]) =>
          `<label><input type="checkbox" name="exercise" value="${escapeHtml(id)}"> ${escapeHtml(entry.exercise.meta.title)} <small>(${escapeHtml(id)})</small></label>`,
      )
      .join('');
    return c.html(
      page(
        'Add Strata exercises',
        `<h1>Add Strata exercises to your course</h1><form method="post" action="/api/lti/deep-link/${escapeHtml(request.id)}"><fieldset><legend>Exercises to add as assignments (each with a gradebook column out of 100)</legend>${choices}</fieldset><p><button>Add the chosen exercises</button></p></form>`,
      ),
    );
  });

  app.post('/deep-link/:id', async (c) => {
    const user = await caller(c);
    const request = await deepLinkRequest(c.req.param('id'), user.id);
    const body = await c.req.parseBody({ all: true });
    const picked = ([] as unknown[]).concat(body.exercise ?? []).filter((v): v is string => typeof v === 'string');
    const unknown = picked.filter((id) => !catalog.get(id));
    if (unknown.length > 0) throw new HttpError(400, `no such exercise: ${unknown.join(', ')}`);
    const [platform] = await db.select().from(ltiPlatform).where(eq(ltiPlatform.id, request.platformId));
    if (!platform) throw new HttpError(404, 'the platform of this request is no longer registered');
    await db
      .update(ltiDeepLink)
      .set({ usedAt: new Date(now()) })
      .where(eq(ltiDeepLink.id, request.id));
    const jwt = await deepLinkResponse({
      key: await keys.signing(),
      platform,
      deploymentId: request.deploymentId,
      data: request.data,
      origin,
      items: picked.map((id) => ({ id, title: catalog.get(id)!.exercise.meta.title })),
      now: now(),
    });
    return c.html(autoPostForm(request.returnUrl, { JWT: jwt }));
  });

  async function deepLinkRequest(id: string, userId: string) {
    const [request] = await db.select().from(ltiDeepLink).where(eq(ltiDeepLink.id, id));
    if (!request || request.userId !== userId) throw new HttpError(404, 'no such deep-linking request');
    if (request.usedAt) throw new HttpError(409, 'this deep-linking request was already answered');
    if (request.expiresAt.getTime() < now())
      throw new HttpError(409, 'this deep-linking request expired: start it again from the LMS');
    return request;
  }

  // ── a cohort's LMS links, roster and score sync (its staff) ──────────────────────────────────
  const staffOf = async (c: Context): Promise<string> => {
    const user = await caller(c);
    const cohortId = c.req.param('id')!;
    await requireRole(db, cohortId, { ...user, name: '', email: '' }, STAFF);
    return cohortId;
  };

  /** The LMS courses linked to the caller's cohorts (as staff), with their roster and score sync state. */
  app.get('/courses', async (c) => {
    const user = await caller(c);
    const rows = await db
      .select({ context: ltiContext, platform: ltiPlatform.name, cohort: t.cohort.name })
      .from(ltiContext)
      .innerJoin(ltiPlatform, eq(ltiPlatform.id, ltiContext.platformId))
      .innerJoin(t.cohort, eq(t.cohort.id, ltiContext.cohortId))
      .innerJoin(t.member, and(eq(t.member.cohortId, ltiContext.cohortId), eq(t.member.userId, user.id)))
      .where(inArray(t.member.role, [...STAFF]))
      .orderBy(t.cohort.name);
    const courses = [];
    for (const { context, platform, cohort } of rows) {
      const roster = await db
        .select({ status: ltiMembership.status, n: sql<number>`count(*)::int` })
        .from(ltiMembership)
        .where(and(eq(ltiMembership.cohortId, context.cohortId), eq(ltiMembership.platformId, context.platformId)))
        .groupBy(ltiMembership.status);
      const scores = await db
        .select({ status: ltiScoreSync.status, n: sql<number>`count(*)::int` })
        .from(ltiScoreSync)
        .where(eq(ltiScoreSync.cohortId, context.cohortId))
        .groupBy(ltiScoreSync.status);
      courses.push({
        cohortId: context.cohortId,
        cohort,
        platform,
        title: context.title,
        contextId: context.contextId,
        roster: context.membershipsUrl !== null,
        rosterSyncedAt: context.rosterSyncedAt,
        members: Object.fromEntries(roster.map((row) => [row.status, row.n])),
        cells: Object.fromEntries(scores.map((row) => [row.status, row.n])),
      });
    }
    return c.json({ courses });
  });

  app.get('/cohorts/:id/links', async (c) => {
    const cohortId = await staffOf(c);
    const contexts = await db.select().from(ltiContext).where(eq(ltiContext.cohortId, cohortId));
    const links = await db.select().from(ltiLink).where(eq(ltiLink.cohortId, cohortId));
    return c.json({ contexts, links });
  });

  app.post('/cohorts/:id/roster/sync', async (c) => {
    const cohortId = await staffOf(c);
    try {
      return c.json(await sync.syncRoster(cohortId));
    } catch (error) {
      throw new HttpError(409, `the roster sync failed: ${(error as Error).message}`);
    }
  });

  app.get('/cohorts/:id/roster', async (c) => {
    const cohortId = await staffOf(c);
    const members = await db
      .select({
        sub: ltiMembership.sub,
        name: ltiMembership.name,
        email: ltiMembership.email,
        roles: ltiMembership.roles,
        status: ltiMembership.status,
        seenAt: ltiMembership.seenAt,
        leftAt: ltiMembership.leftAt,
        userId: ltiUser.userId,
      })
      .from(ltiMembership)
      .leftJoin(ltiUser, and(eq(ltiUser.platformId, ltiMembership.platformId), eq(ltiUser.sub, ltiMembership.sub)))
      .where(eq(ltiMembership.cohortId, cohortId))
      .orderBy(ltiMembership.name);
    return c.json({ members });
  });

  app.post('/cohorts/:id/scores/sync', async (c) => {
    const cohortId = await staffOf(c);
    return c.json(await sync.sweep(cohortId));
  });

  app.get('/cohorts/:id/scores', async (c) => {
    const cohortId = await staffOf(c);
    const cells = await db.select().from(ltiScoreSync).where(eq(ltiScoreSync.cohortId, cohortId));
    return c.json({ cells });
  });

  // ── what a verified launch does ─────────────────────────────────────────────────────────────
  async function provision(platform: Platform, claims: LaunchClaims) {
    const role = cohortRoleOf(claims.roles);
    const userId = await userFor(platform, claims, role);
    if (claims.messageType === 'LtiDeepLinkingRequest') {
      if (role === 'learner') throw new LaunchError('roles', 'only instructors add Strata exercises to a course');
      const id = newId();
      await db.insert(ltiDeepLink).values({
        id,
        platformId: platform.id,
        deploymentId: claims.deploymentId,
        userId,
        returnUrl: claims.deepLinking!.returnUrl,
        data: claims.deepLinking!.data,
        expiresAt: new Date(now() + DEEP_LINK_TTL_MS),
      });
      return { userId, role, redirect: `${origin}/api/lti/deep-link/${id}` };
    }
    if (!claims.context) throw new LaunchError('context', 'the launch has no context (course), so it has no cohort');
    const cohortId = await cohortFor(platform, claims, userId, role);
    const exercise = exerciseOf(claims);
    if (exercise) {
      await db.transaction(async (tx) => {
        const [last] = await tx
          .select({ position: max(t.assignment.position) })
          .from(t.assignment)
          .where(eq(t.assignment.cohortId, cohortId));
        await tx
          .insert(t.assignment)
          .values({ cohortId, exercise, position: (last?.position ?? -1) + 1 })
          .onConflictDoNothing();
        await tx
          .insert(ltiLink)
          .values({
            platformId: platform.id,
            resourceLinkId: claims.resourceLink!.id,
            cohortId,
            exercise,
            lineItemUrl: claims.ags?.lineItem ?? null,
          })
          .onConflictDoUpdate({
            target: [ltiLink.platformId, ltiLink.resourceLinkId],
            set: { cohortId, exercise, lineItemUrl: claims.ags?.lineItem ?? sql`${ltiLink.lineItemUrl}` },
          });
      });
    }
    return {
      userId,
      role,
      redirect: exercise
        ? `${origin}/exercises/${exercise}/`
        : `${origin}/cohorts/cohort/?id=${encodeURIComponent(cohortId)}`,
    };
  }

  /** The exercise a resource link opens: its custom `exercise` parameter, else its target link's /exercises/<id>/. */
  function exerciseOf(claims: LaunchClaims): string | null {
    if (!claims.resourceLink) return null;
    const custom = claims.custom.exercise;
    if (custom) {
      if (!catalog.get(custom)) throw new LaunchError('custom.exercise', `no exercise ${custom} on this server`);
      return custom;
    }
    const match = claims.targetLinkUri
      ? /\/exercises\/([\w-]+)\/?$/.exec(new URL(claims.targetLinkUri).pathname)
      : null;
    if (match) {
      if (!catalog.get(match[1]!)) throw new LaunchError('target_link_uri', `no exercise ${match[1]} on this server`);
      return match[1]!;
    }
    return null;
  }

  async function userFor(platform: Platform, claims: LaunchClaims, role: CohortRole): Promise<string> {
    const [known] = await db
      .select({ userId: ltiUser.userId })
      .from(ltiUser)
      .where(and(eq(ltiUser.platformId, platform.id), eq(ltiUser.sub, claims.sub)));
    if (known) {
      if (role === 'instructor') await db.update(t.user).set({ isInstructor: true }).where(eq(t.user.id, known.userId));
      if (claims.name) await db.update(t.user).set({ name: claims.name }).where(eq(t.user.id, known.userId));
      return known.userId;
    }
    // An LMS's email is used only when no Strata account has it: a launch never signs in as an
    // account it did not create, whatever email the platform asserts.
    const email = claims.email?.toLowerCase() ?? null;
    const taken = email
      ? (await db.select({ id: t.user.id }).from(t.user).where(eq(t.user.email, email))).length > 0
      : true;
    const id = newId();
    await db.transaction(async (tx) => {
      await tx.insert(t.user).values({
        id,
        name: claims.name ?? 'LMS user',
        email: !taken && email ? email : `lti-${id}@lti.invalid`,
        emailVerified: false,
        isInstructor: role === 'instructor',
      });
      await tx.insert(ltiUser).values({ platformId: platform.id, sub: claims.sub, userId: id });
    });
    return id;
  }

  async function cohortFor(
    platform: Platform,
    claims: LaunchClaims,
    userId: string,
    role: CohortRole,
  ): Promise<string> {
    const context = claims.context!;
    const services = {
      deploymentId: claims.deploymentId,
      title: context.title ?? context.label,
      ...(claims.nrps ? { membershipsUrl: claims.nrps.membershipsUrl } : {}),
      ...(claims.ags ? { lineItemsUrl: claims.ags.lineItems, agsScopes: claims.ags.scopes } : {}),
    };
    const [linked] = await db
      .select()
      .from(ltiContext)
      .where(and(eq(ltiContext.platformId, platform.id), eq(ltiContext.contextId, context.id)));
    let cohortId = linked?.cohortId;
    if (cohortId) {
      await db
        .update(ltiContext)
        .set(services)
        .where(and(eq(ltiContext.platformId, platform.id), eq(ltiContext.contextId, context.id)));
    } else {
      if (role !== 'instructor') {
        throw new LaunchError(
          'context',
          `no cohort is linked to the course ${context.title ?? context.id} yet: its instructor launches a Strata link once first`,
        );
      }
      cohortId = newId();
      await db.transaction(async (tx) => {
        await tx.insert(t.cohort).values({
          id: cohortId!,
          name: context.title ?? context.label ?? `${platform.name} course`,
          joinCode: createJoinCode((bytes) => randomBytes(bytes.length)),
          // Learners come from the LMS: the join code starts disabled.
          joinCodeEnabled: false,
          createdBy: userId,
        });
        await tx
          .insert(ltiContext)
          .values({ platformId: platform.id, contextId: context.id, cohortId: cohortId!, ...services });
        await tx.insert(t.audit).values({
          id: newId(),
          cohortId: cohortId!,
          actorId: userId,
          action: 'lti.cohort-created',
          detail: { issuer: platform.issuer, context: context.id, title: context.title },
        });
      });
    }
    await db
      .insert(t.member)
      .values({ cohortId, userId, role })
      .onConflictDoUpdate({ target: [t.member.cohortId, t.member.userId], set: { role } });
    return cohortId;
  }

  /** Signs the launched user in with a Better Auth session, as a password sign-in would. */
  async function signIn(c: Context, userId: string): Promise<void> {
    const context = await auth.$context;
    const session = await context.internalAdapter.createSession(userId, false);
    if (!session) throw new Error('could not create a session');
    const cookie = context.authCookies.sessionToken;
    const signed = `${session.token}.${await makeSignature(session.token, context.secret)}`;
    setCookie(c, cookie.name, signed, {
      path: cookie.attributes.path ?? '/',
      httpOnly: true,
      secure,
      sameSite: 'Lax',
      maxAge: context.sessionConfig.expiresIn,
    });
    // A cached copy of a previous session (another user in this browser) must not outlive it.
    deleteCookie(c, context.authCookies.sessionData.name, { path: '/' });
  }

  return app;
}
