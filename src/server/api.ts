import { randomBytes, createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { PgBoss } from 'pg-boss';
import type { z } from 'zod';
import {
  buildGradebook,
  createJoinCode,
  deadlines,
  gradebookCsv,
  hiddenDetailVisible,
  normaliseJoinCode,
  parseRoster,
  rateLimit,
  reportForLearner,
  submissionsCsv,
  timing,
  emptyProgress,
  mergeProgress,
  normaliseProgress,
  sameProgress,
} from '../cohorts/index.ts';
import type { Assignment, Extension, GradedAttempt, Override, countedScore } from '../cohorts/index.ts';
import type { GradeReport } from '../schemas/index.ts';
import type { Acceptor } from './accept.ts';
import { ANYONE, HttpError, INSTRUCTOR, requireRole, roleIn, STAFF } from './access.ts';
import type { SignedIn } from './access.ts';
import type { Auth } from './auth.ts';
import type { Catalog } from './catalog.ts';
import type { Database, Db } from './db/connect.ts';
import * as t from './db/schema.ts';
import { enqueueGrade, GRADE_QUEUE, GRADE_DEAD_QUEUE, gradeGroup } from './grader.ts';
import { newId } from './ids.ts';
import * as input from './inputs.ts';
import { lateDaysByExercise, lateDaysSpent } from './late-days.ts';
import { cellKey, decideRegrade } from './regrades.ts';
import { toAssignment, toExtension } from './rows.ts';
import { createSessionReader } from './session-reader.ts';
import { checkSubmissionFiles } from './submissions.ts';

export interface ApiOptions {
  database: Database;
  auth: Auth;
  boss: PgBoss;
  catalog: Catalog;
  /** Stores submissions (several at once when they arrive together) and queues their gradings. */
  acceptor: Acceptor;
  origin: string;
  now?: () => number;
}

type Env = { Variables: { user: SignedIn | null; announced: (() => void) | undefined } };

const MAX_BODY = 4 * 1024 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The cohort server's HTTP API, under /api. Every route checks who may call it. */
export function createApi(options: ApiOptions): Hono<Env> {
  const { auth, boss, catalog } = options;
  const db = options.database.db;
  const now = options.now ?? Date.now;
  const sessions = createSessionReader(auth);
  const { acceptor } = options;
  const app = new Hono<Env>().basePath('/api');

  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json({ error: error.message, ...error.detail }, error.status);
    console.error(
      `api: ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));

  // Cross-site requests cannot change anything: every state-changing request must say it comes from
  // our own origin (browsers always send Origin on POST, PUT, PATCH and DELETE). Stricter than
  // checking only form content types: a no-cors request with a typeless body is refused too.
  app.use('*', async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      const fetchSite = c.req.header('sec-fetch-site');
      if (origin !== options.origin || (fetchSite !== undefined && fetchSite !== 'same-origin')) {
        throw new HttpError(403, 'cross-origin request refused: state-changing requests must come from this site');
      }
    }
    await next();
  });
  // A body that says its length is judged by it, without being read here: hono's bodyLimit reads
  // `c.req.raw.body`, which turns the Node request into a web stream that the route then reads
  // through (~0.2 ms of the one thread per submission in a profile of a 50-learner burst), where
  // the route's own read takes the Node request's chunks directly. A body without a length
  // (chunked) is counted as it is read, as before.
  const countedLimit = bodyLimit({
    maxSize: MAX_BODY,
    onError: (c) => c.json({ error: `the request is larger than ${MAX_BODY} bytes` }, 413),
  });
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next(); // their bodies are never read
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined)
      return countedLimit(c as Context<Env, string>, next);
    if (Number(length) > MAX_BODY) return c.json({ error: `the request is larger than ${MAX_BODY} bytes` }, 413);
    await next();
  });
  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });

  // ── accounts ────────────────────────────────────────────────────────────────────────────────
  app.on(['GET', 'POST'], '/auth/*', (c) => auth.handler(c.req.raw));

  // A submission is on its way to the acceptor from the moment it arrives: the acceptor's group
  // waits for it while its session and body are read (accept.ts).
  const SUBMISSIONS = '/cohorts/:id/exercises/:exercise/submissions';
  app.use(SUBMISSIONS, async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const announced = acceptor.announce();
    c.set('announced', announced);
    try {
      await next();
    } finally {
      announced();
    }
  });

  app.use('*', async (c, next) => {
    const { user, setCookies } = await sessions.read(c.req.raw.headers);
    c.set('user', user);
    await next();
    for (const cookie of setCookies) c.res.headers.append('Set-Cookie', cookie);
  });

  const signedIn = (c: Context<Env>): SignedIn => {
    const user = c.get('user');
    if (!user) throw new HttpError(401, 'sign in first');
    return user;
  };

  async function body<T extends z.ZodType>(c: Context<Env>, schema: T): Promise<z.output<T>> {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new HttpError(400, 'the body is not JSON');
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new HttpError(400, 'the request has problems', { problems: input.describeIssues(parsed.error) });
    return parsed.data;
  }

  app.get('/health', async (c) => {
    const queues = await boss.getQueues([GRADE_QUEUE, GRADE_DEAD_QUEUE]).catch(() => []);
    const grade = queues.find((queue) => queue.name === GRADE_QUEUE);
    return c.json({
      ok: true,
      database: options.database.kind,
      queue: {
        queued: grade?.queuedCount ?? 0,
        active: grade?.activeCount ?? 0,
        deferred: grade?.deferredCount ?? 0,
        total: grade?.totalCount ?? 0,
        dead: queues.find((queue) => queue.name === GRADE_DEAD_QUEUE)?.totalCount ?? 0,
      },
    });
  });

  app.post('/setup', async (c) => {
    const request = await body(c, input.setupInput);
    const tokenHash = createHash('sha256').update(request.token).digest('hex');
    const [claimed] = await db
      .update(t.setupToken)
      .set({ usedAt: new Date(now()) })
      .where(and(eq(t.setupToken.tokenHash, tokenHash), isNull(t.setupToken.usedAt)))
      .returning();
    if (!claimed) throw new HttpError(403, 'this setup link is not valid or was already used');
    try {
      const response = await auth.api.signUpEmail({
        body: { name: request.name, email: request.email, password: request.password },
        headers: c.req.raw.headers,
        asResponse: true,
      });
      if (!response.ok) throw new HttpError(400, 'could not create the account', { status: response.status });
      const [created] = await db.select().from(t.user).where(eq(t.user.email, request.email));
      if (!created) throw new HttpError(400, 'could not create the account');
      await db.update(t.user).set({ isInstructor: true }).where(eq(t.user.id, created.id));
      await db.update(t.setupToken).set({ usedBy: created.id }).where(eq(t.setupToken.tokenHash, tokenHash));
      await audit(db, null, created.id, 'instructor.created', { via: 'setup link' });
      const out = c.json({ ok: true, user: { id: created.id, name: created.name, email: created.email } });
      for (const cookie of response.headers.getSetCookie()) out.headers.append('Set-Cookie', cookie);
      return out;
    } catch (error) {
      await db.update(t.setupToken).set({ usedAt: null }).where(eq(t.setupToken.tokenHash, tokenHash));
      throw error;
    }
  });

  app.get('/me', async (c) => {
    const cached = c.get('user');
    if (!cached) return c.json({ user: null, cohorts: [] });
    const user = await withInstructorFlag(cached);
    await acceptInvites(db, user);
    const cohorts = await db
      .select({ id: t.cohort.id, name: t.cohort.name, role: t.member.role })
      .from(t.member)
      .innerJoin(t.cohort, eq(t.cohort.id, t.member.cohortId))
      .where(eq(t.member.userId, user.id))
      .orderBy(asc(t.cohort.name));
    return c.json({ user, cohorts });
  });

  // ── cohorts ─────────────────────────────────────────────────────────────────────────────────
  app.post('/cohorts', async (c) => {
    const user = await withInstructorFlag(signedIn(c));
    if (!user.isInstructor) throw new HttpError(403, 'only instructors create cohorts');
    const request = await body(c, input.cohortInput);
    checkExercises(
      catalog,
      request.assignments.map((a) => a.exercise),
    );
    const id = newId();
    await db.transaction(async (tx) => {
      await tx.insert(t.cohort).values({
        id,
        name: request.name,
        joinCode: createJoinCode((bytes) => randomBytes(bytes.length)),
        scorePolicy: request.scorePolicy,
        hiddenDetail: request.hiddenDetail,
        maxQueued: request.maxQueued,
        lateDays: request.lateDays,
        createdBy: user.id,
      });
      await tx.insert(t.member).values({ cohortId: id, userId: user.id, role: 'instructor' });
      await writeAssignments(tx, id, request.assignments);
      await audit(tx, id, user.id, 'cohort.created', { name: request.name });
    });
    return c.json(await cohortView(id, user), 201);
  });

  app.get('/cohorts/:id', async (c) => {
    const user = signedIn(c);
    await requireRole(db, c.req.param('id'), user, ANYONE);
    return c.json(await cohortView(c.req.param('id'), user));
  });

  app.put('/cohorts/:id', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, INSTRUCTOR);
    const request = await body(c, input.cohortInput);
    checkExercises(
      catalog,
      request.assignments.map((a) => a.exercise),
    );
    await db.transaction(async (tx) => {
      await tx
        .update(t.cohort)
        .set({
          name: request.name,
          scorePolicy: request.scorePolicy,
          hiddenDetail: request.hiddenDetail,
          maxQueued: request.maxQueued,
          lateDays: request.lateDays,
        })
        .where(eq(t.cohort.id, id));
      await tx.delete(t.assignment).where(eq(t.assignment.cohortId, id));
      await writeAssignments(tx, id, request.assignments);
      await audit(tx, id, user.id, 'cohort.updated', request);
    });
    return c.json(await cohortView(id, user));
  });

  app.post('/cohorts/:id/join-code', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, INSTRUCTOR);
    const request = await body(c, input.joinCodeInput);
    const change: Partial<typeof t.cohort.$inferInsert> = { joinCodeEnabled: request.enabled };
    if (request.rotate) change.joinCode = createJoinCode((bytes) => randomBytes(bytes.length));
    await db.update(t.cohort).set(change).where(eq(t.cohort.id, id));
    await audit(db, id, user.id, 'join-code.changed', { enabled: request.enabled, rotated: request.rotate });
    return c.json(await cohortView(id, user));
  });

  app.post('/join', async (c) => {
    const user = signedIn(c);
    const { code } = await body(c, input.joinInput);
    const [found] = await db
      .select()
      .from(t.cohort)
      .where(and(eq(t.cohort.joinCode, normaliseJoinCode(code)), eq(t.cohort.joinCodeEnabled, true)));
    if (!found) throw new HttpError(404, 'no cohort has this join code (it may have been changed or turned off)');
    await db.insert(t.member).values({ cohortId: found.id, userId: user.id, role: 'learner' }).onConflictDoNothing();
    return c.json({ cohort: { id: found.id, name: found.name }, role: await roleIn(db, found.id, user.id) });
  });

  app.get('/cohorts/:id/members', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, STAFF);
    const members = await db
      .select({
        id: t.user.id,
        name: t.user.name,
        email: t.user.email,
        role: t.member.role,
        joinedAt: t.member.joinedAt,
      })
      .from(t.member)
      .innerJoin(t.user, eq(t.user.id, t.member.userId))
      .where(eq(t.member.cohortId, id))
      .orderBy(asc(t.user.name));
    const invites = await db.select().from(t.invite).where(eq(t.invite.cohortId, id)).orderBy(asc(t.invite.name));
    const spent = await lateDaysSpent(db, id);
    return c.json({
      members: members.map((m) => ({ ...m, lateDaysSpent: spent.get(m.id) ?? 0 })),
      invites: invites.map(({ email, name }) => ({ email, name })),
    });
  });

  app.post('/cohorts/:id/roster', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, INSTRUCTOR);
    const parsed = parseRoster(await c.req.text());
    let enrolled = 0;
    let invited = 0;
    await db.transaction(async (tx) => {
      for (const entry of parsed.entries) {
        const [existing] = await tx.select().from(t.user).where(eq(t.user.email, entry.email));
        if (existing) {
          const added = await tx
            .insert(t.member)
            .values({ cohortId: id, userId: existing.id, role: 'learner' })
            .onConflictDoNothing()
            .returning();
          enrolled += added.length;
        } else {
          const added = await tx
            .insert(t.invite)
            .values({ cohortId: id, ...entry })
            .onConflictDoNothing()
            .returning();
          invited += added.length;
        }
      }
      await audit(tx, id, user.id, 'roster.imported', { enrolled, invited, problems: parsed.problems.length });
    });
    return c.json({ enrolled, invited, problems: parsed.problems });
  });

  app.post('/cohorts/:id/staff', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, INSTRUCTOR);
    const request = await body(c, input.staffInput);
    const [target] = await db.select().from(t.user).where(eq(t.user.email, request.email));
    if (!target) throw new HttpError(404, `no account uses ${request.email}; ask them to sign up first`);
    if (target.id === user.id) throw new HttpError(409, 'you cannot change your own role');
    await db
      .insert(t.member)
      .values({ cohortId: id, userId: target.id, role: request.role })
      .onConflictDoUpdate({ target: [t.member.cohortId, t.member.userId], set: { role: request.role } });
    if (request.role === 'instructor')
      await db.update(t.user).set({ isInstructor: true }).where(eq(t.user.id, target.id));
    await audit(db, id, user.id, 'member.role', { userId: target.id, role: request.role });
    return c.json({ ok: true });
  });

  app.post('/cohorts/:id/extensions', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, STAFF);
    const request = await body(c, input.extensionInput);
    if ((await roleIn(db, id, request.userId)) !== 'learner')
      throw new HttpError(404, 'no such learner in this cohort');
    await requireAssignment(id, request.exercise);
    const values = {
      dueAt: new Date(request.dueAt),
      lateDueAt: request.lateDueAt === null ? null : new Date(request.lateDueAt),
      grantedBy: user.id,
      grantedAt: new Date(now()),
    };
    await db
      .insert(t.extension)
      .values({ cohortId: id, userId: request.userId, exercise: request.exercise, ...values })
      .onConflictDoUpdate({ target: [t.extension.cohortId, t.extension.userId, t.extension.exercise], set: values });
    await audit(db, id, user.id, 'extension.granted', { ...request });
    return c.json({ ok: true });
  });

  app.post('/cohorts/:id/overrides', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, INSTRUCTOR);
    const request = await body(c, input.overrideInput);
    if ((await roleIn(db, id, request.userId)) !== 'learner')
      throw new HttpError(404, 'no such learner in this cohort');
    await requireAssignment(id, request.exercise);
    await db.insert(t.override).values({ id: newId(), cohortId: id, by: user.id, at: new Date(now()), ...request });
    await audit(db, id, user.id, 'score.overridden', { ...request });
    return c.json({ ok: true });
  });

  app.get('/cohorts/:id/audit', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, INSTRUCTOR);
    const rows = await db
      .select({ action: t.audit.action, detail: t.audit.detail, at: t.audit.at, actor: t.user.name })
      .from(t.audit)
      .leftJoin(t.user, eq(t.user.id, t.audit.actorId))
      .where(eq(t.audit.cohortId, id))
      .orderBy(desc(t.audit.at))
      .limit(500);
    return c.json({ entries: rows });
  });

  // ── gradebook ───────────────────────────────────────────────────────────────────────────────
  app.get('/cohorts/:id/gradebook', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, STAFF);
    const book = await gradebook(id);
    if (c.req.query('format') === 'csv') {
      return c.body(gradebookCsv(book), 200, {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="gradebook.csv"`,
      });
    }
    // Late-day tokens each learner spent per exercise (userId → exercise → days), for the cells' marks.
    return c.json({ ...book, lateDaysSpent: await lateDaysByExercise(db, id) });
  });

  app.get('/cohorts/:id/submissions.csv', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, STAFF);
    const assignments = await loadAssignments(id);
    const extensions = await loadExtensions(id);
    const rows = await db
      .select({
        id: t.submission.id,
        userId: t.submission.userId,
        name: t.user.name,
        email: t.user.email,
        exercise: t.submission.exercise,
        submittedAt: t.submission.submittedAt,
        status: t.submission.status,
        score: t.grade.score,
        filesHash: t.submission.filesHash,
        graderVersion: t.grade.graderVersion,
      })
      .from(t.submission)
      .innerJoin(t.user, eq(t.user.id, t.submission.userId))
      .leftJoin(t.grade, eq(t.grade.id, t.submission.currentGradeId))
      .where(eq(t.submission.cohortId, id));
    const csv = submissionsCsv(
      rows.map((row) => {
        const assignment = assignments.get(row.exercise);
        const when = assignment
          ? timing(assignment, row.submittedAt.getTime(), extensions.get(row.userId)?.get(row.exercise))
          : 'on_time';
        return {
          ...row,
          submittedAt: row.submittedAt.getTime(),
          score: row.score ?? null,
          late: when === 'late',
          graderVersion: row.graderVersion ?? '',
        };
      }),
    );
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="submissions.csv"`,
    });
  });

  app.post('/cohorts/:id/regrades', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, INSTRUCTOR);
    const { review, ...scope } = await body(c, input.regradeInput);
    const conditions = [eq(t.submission.cohortId, id)];
    if (scope.submission) conditions.push(eq(t.submission.id, scope.submission));
    if (scope.exercise) conditions.push(eq(t.submission.exercise, scope.exercise));
    const targets = await db
      .select({
        id: t.submission.id,
        userId: t.submission.userId,
        exercise: t.submission.exercise,
        version: t.submission.exerciseVersion,
      })
      .from(t.submission)
      .where(and(...conditions));
    if (scope.submission && targets.length === 0) throw new HttpError(404, 'no such submission in this cohort');
    const before = cellsOf(await gradebook(id));
    const regradeId = newId();
    await db.transaction(async (tx) => {
      await tx
        .insert(t.regrade)
        .values({ id: regradeId, cohortId: id, scope, review, requestedBy: user.id, total: targets.length, before });
      // Against the exercise as this server has it now (its hidden tests may have changed).
      for (const target of targets) {
        const exerciseVersion = catalog.get(target.exercise)?.version ?? target.version;
        const group = gradeGroup(id, target.userId, target.exercise);
        await enqueueGrade(boss, tx, { submissionId: target.id, regradeId, exerciseVersion, group, hold: review });
      }
      // A submission that could not be graded shows it is queued again, and by whom (its grade will be its first).
      await tx
        .update(t.submission)
        .set({ status: 'queued', waiting: 'could not be graded before; re-queued by an instructor' })
        .where(and(...conditions, eq(t.submission.status, 'failed')));
      await audit(tx, id, user.id, 'regrade.requested', { regradeId, scope, submissions: targets.length });
    });
    return c.json({ id: regradeId, total: targets.length }, 202);
  });

  app.get('/cohorts/:id/regrades/:regrade', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, INSTRUCTOR);
    const [run] = await db
      .select()
      .from(t.regrade)
      .where(and(eq(t.regrade.id, c.req.param('regrade')), eq(t.regrade.cohortId, id)));
    if (!run) throw new HttpError(404, 'no such re-grade');
    const graded = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(t.grade)
      .where(eq(t.grade.regradeId, run.id));
    const done = graded[0]?.n ?? 0;
    const after = cellsOf(await gradebook(id, run.id));
    const changes: {
      userId: string;
      exercise: string;
      before: number | null;
      after: number | null;
      decision: 'accepted' | 'discarded' | null;
    }[] = [];
    for (const [userId, cells] of Object.entries(after)) {
      for (const [exercise, score] of Object.entries(cells)) {
        const previous = run.before[userId]?.[exercise] ?? null;
        if (previous === score) continue;
        // A cell decided on its own keeps that decision; the others follow the run's.
        const decision = run.cellDecisions?.[cellKey({ userId, exercise })] ?? run.decision ?? null;
        changes.push({ userId, exercise, before: previous, after: score, decision });
      }
    }
    return c.json({
      id: run.id,
      total: run.total,
      done,
      finished: done >= run.total,
      review: run.review,
      decision: run.decision,
      changes,
    });
  });

  app.post('/cohorts/:id/regrades/:regrade/decision', async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    await requireRole(db, id, user, INSTRUCTOR);
    const { accept, cells } = await body(c, input.regradeDecisionInput);
    const result = await decideRegrade(db, {
      cohortId: id,
      regradeId: c.req.param('regrade'),
      actorId: user.id,
      accept,
      cells,
      at: new Date(now()),
    });
    return c.json(result);
  });

  // ── submissions ─────────────────────────────────────────────────────────────────────────────
  app.post(SUBMISSIONS, async (c) => {
    const user = signedIn(c);
    // This route takes the deadline rush: the acceptor stores submissions that arrive together in
    // one transaction (accept.ts). A refused body is answered after the membership checks, as before.
    let files: Record<string, string> | HttpError;
    try {
      files = checkSubmissionFiles((await body(c, input.filesInput)).files);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      files = error;
    }
    const accepted = await acceptor.submit(
      { cohortId: c.req.param('id'), exercise: c.req.param('exercise'), userId: user.id, files, at: now() },
      c.get('announced'),
    );
    return c.json(
      { id: accepted.id, status: 'queued', late: accepted.late, lateDaysSpent: accepted.lateDaysSpent },
      202,
    );
  });

  app.get(SUBMISSIONS, async (c) => {
    const user = signedIn(c);
    const id = c.req.param('id');
    const role = await requireRole(db, id, user, ANYONE);
    const of = role === 'learner' ? user.id : (c.req.query('user') ?? user.id);
    const rows = await db
      .select({
        id: t.submission.id,
        submittedAt: t.submission.submittedAt,
        status: t.submission.status,
        score: t.grade.score,
        failure: t.submission.failure,
        waiting: t.submission.waiting,
      })
      .from(t.submission)
      .leftJoin(t.grade, eq(t.grade.id, t.submission.currentGradeId))
      .where(
        and(
          eq(t.submission.cohortId, id),
          eq(t.submission.userId, of),
          eq(t.submission.exercise, c.req.param('exercise')),
        ),
      )
      .orderBy(desc(t.submission.submittedAt));
    const assignment = (await loadAssignments(id)).get(c.req.param('exercise'));
    return c.json({ submissions: rows, next: assignment ? nextSubmission(assignment, rows, now()) : null });
  });

  app.get('/submissions/:id', async (c) => {
    const user = signedIn(c);
    const [row] = await db
      .select()
      .from(t.submission)
      .where(eq(t.submission.id, c.req.param('id')));
    if (!row) throw new HttpError(404, 'no such submission');
    const role = await roleIn(db, row.cohortId, user.id);
    const own = row.userId === user.id;
    if (!role || (role === 'learner' && !own)) throw new HttpError(404, 'no such submission');
    const [current] = row.currentGradeId
      ? await db.select().from(t.grade).where(eq(t.grade.id, row.currentGradeId))
      : [];
    const staff = role === 'instructor' || role === 'ta';
    let report = (current?.report as GradeReport | undefined) ?? null;
    if (report && !staff) {
      const [cohortRow] = await db.select().from(t.cohort).where(eq(t.cohort.id, row.cohortId));
      const assignments = await loadAssignments(row.cohortId);
      const assignment = assignments.get(row.exercise);
      const [ext] = await db
        .select()
        .from(t.extension)
        .where(
          and(
            eq(t.extension.cohortId, row.cohortId),
            eq(t.extension.userId, row.userId),
            eq(t.extension.exercise, row.exercise),
          ),
        );
      const visible =
        !!cohortRow &&
        !!assignment &&
        hiddenDetailVisible(cohortRow.hiddenDetail, assignment, now(), ext ? toExtension(ext) : null);
      report = reportForLearner(report, {
        hiddenDetail: visible,
        hiddenSources: Object.values(catalog.get(row.exercise)?.exercise.hidden ?? {}),
      });
    }
    return c.json({
      id: row.id,
      cohortId: row.cohortId,
      exercise: row.exercise,
      submittedAt: row.submittedAt,
      status: row.status,
      failure: row.failure,
      waiting: row.waiting,
      score: current?.score ?? null,
      graderVersion: current?.graderVersion ?? null,
      report,
      files: own || staff ? row.files : undefined,
      filesHash: row.filesHash,
    });
  });

  // ── a learner's working copy ────────────────────────────────────────────────────────────────
  app.get('/workspace/:exercise', async (c) => {
    const user = signedIn(c);
    const [row] = await db
      .select()
      .from(t.workspace)
      .where(and(eq(t.workspace.userId, user.id), eq(t.workspace.exercise, c.req.param('exercise'))));
    return c.json(row ? { files: row.files, updatedAt: row.updatedAt } : { files: null, updatedAt: null });
  });

  app.put('/workspace/:exercise', async (c) => {
    const user = signedIn(c);
    const exercise = c.req.param('exercise');
    if (!catalog.get(exercise)) throw new HttpError(404, `no exercise ${exercise}`);
    const files = checkSubmissionFiles((await body(c, input.filesInput)).files);
    const updatedAt = new Date(now());
    await db
      .insert(t.workspace)
      .values({ userId: user.id, exercise, files, updatedAt })
      .onConflictDoUpdate({ target: [t.workspace.userId, t.workspace.exercise], set: { files, updatedAt } });
    return c.json({ ok: true, updatedAt });
  });

  // ── a learner's progress, following them between browsers ──────────────────────────────────────
  app.get('/progress', async (c) => {
    const user = signedIn(c);
    const [row] = await db.select().from(t.progress).where(eq(t.progress.userId, user.id));
    return c.json({ progress: row ? normaliseProgress(row.progress) : emptyProgress() });
  });

  app.put('/progress', async (c) => {
    const user = signedIn(c);
    const request = await body(c, input.progressInput);
    const sent = normaliseProgress(request.progress);
    // Two browsers syncing at once: the row is locked, so each merge starts from the other's result.
    const merged = await db.transaction(async (tx) => {
      await tx.insert(t.progress).values({ userId: user.id, progress: emptyProgress() }).onConflictDoNothing();
      const [row] = await tx.select().from(t.progress).where(eq(t.progress.userId, user.id)).for('update');
      const next = request.replace ? sent : mergeProgress(normaliseProgress(row?.progress), sent);
      if (!row || !sameProgress(next, normaliseProgress(row.progress))) {
        await tx
          .update(t.progress)
          .set({ progress: next, updatedAt: new Date(now()) })
          .where(eq(t.progress.userId, user.id));
      }
      return next;
    });
    return c.json({ progress: merged });
  });

  // ── helpers over the database ───────────────────────────────────────────────────────────────
  /** The session may come from the signed cookie cache: read the instructor flag afresh where it decides. */
  async function withInstructorFlag(user: SignedIn): Promise<SignedIn> {
    const [row] = await db.select({ isInstructor: t.user.isInstructor }).from(t.user).where(eq(t.user.id, user.id));
    return { ...user, isInstructor: row?.isInstructor ?? false };
  }

  async function cohortView(id: string, user: SignedIn) {
    const [row] = await db.select().from(t.cohort).where(eq(t.cohort.id, id));
    if (!row) throw new HttpError(404, 'no such cohort');
    const role = await roleIn(db, id, user.id);
    const assignments = [...(await loadAssignments(id)).values()];
    const staff = role === 'instructor' || role === 'ta';
    let mine: Record<string, ReturnType<typeof countedScore>> | undefined;
    let extensions: Record<string, Extension> = {};
    let spent: Record<string, number> | undefined;
    if (role === 'learner') {
      spent = (await lateDaysByExercise(db, id, user.id))[user.id] ?? {};
      const book = await gradebook(id, undefined, user.id);
      const cells = book.rows[0]?.cells ?? [];
      mine = Object.fromEntries(book.exercises.map((exercise, i) => [exercise, cells[i]!]));
      extensions = Object.fromEntries((await loadExtensions(id)).get(user.id) ?? new Map<string, Extension>());
    }
    return {
      id: row.id,
      name: row.name,
      role,
      scorePolicy: row.scorePolicy,
      hiddenDetail: row.hiddenDetail,
      joinCode: staff ? row.joinCode : undefined,
      joinCodeEnabled: staff ? row.joinCodeEnabled : undefined,
      maxQueued: row.maxQueued,
      // Late-day tokens: how many each learner has, and (for a learner) how many they spent, in all
      // and per exercise.
      lateDays: {
        total: row.lateDays,
        spent: spent ? Object.values(spent).reduce((sum, days) => sum + days, 0) : undefined,
        byExercise: spent,
      },
      assignments: assignments.map((a) => ({
        ...a,
        title: catalog.get(a.exercise)?.exercise.meta.title ?? a.exercise,
        opensAt: iso(a.opensAt),
        dueAt: iso(a.dueAt),
        lateDueAt: iso(a.lateDueAt),
        // The dates that apply to this learner: an extension that sets no late due date keeps the
        // late window's length after its new due date (deadlines()), so pages need not work it out.
        extension: extensions[a.exercise] ? isoDates(deadlines(a, extensions[a.exercise])) : null,
      })),
      scores: mine,
    };
  }

  async function requireAssignment(cohortId: string, exercise: string): Promise<Assignment> {
    const assignment = (await loadAssignments(cohortId)).get(exercise);
    if (!assignment) throw new HttpError(404, `exercise ${exercise} is not part of this cohort`);
    return assignment;
  }

  async function loadAssignments(cohortId: string): Promise<Map<string, Assignment>> {
    const rows = await db
      .select()
      .from(t.assignment)
      .where(eq(t.assignment.cohortId, cohortId))
      .orderBy(asc(t.assignment.position));
    return new Map(rows.map((row) => [row.exercise, toAssignment(row)]));
  }

  async function loadExtensions(cohortId: string): Promise<Map<string, Map<string, Extension>>> {
    const rows = await db.select().from(t.extension).where(eq(t.extension.cohortId, cohortId));
    const out = new Map<string, Map<string, Extension>>();
    for (const row of rows) {
      if (!out.has(row.userId)) out.set(row.userId, new Map());
      out.get(row.userId)!.set(row.exercise, toExtension(row));
    }
    return out;
  }

  /**
   * The cohort's gradebook. With `regradeId`, a submission counts with its grade from that run
   * when it has one (to compare a re-grade with what stood before it).
   */
  async function gradebook(cohortId: string, regradeId?: string, onlyUser?: string) {
    const [row] = await db.select().from(t.cohort).where(eq(t.cohort.id, cohortId));
    if (!row) throw new HttpError(404, 'no such cohort');
    const learnerConditions = [eq(t.member.cohortId, cohortId), eq(t.member.role, 'learner' as const)];
    if (onlyUser) learnerConditions.push(eq(t.member.userId, onlyUser));
    const learners = await db
      .select({ id: t.user.id, name: t.user.name, email: t.user.email })
      .from(t.member)
      .innerJoin(t.user, eq(t.user.id, t.member.userId))
      .where(and(...learnerConditions));
    const assignments = [...(await loadAssignments(cohortId)).values()];
    const submissionConditions = [eq(t.submission.cohortId, cohortId), eq(t.submission.status, 'graded' as const)];
    if (onlyUser) submissionConditions.push(eq(t.submission.userId, onlyUser));
    const graded = await db
      .select({
        id: t.submission.id,
        userId: t.submission.userId,
        exercise: t.submission.exercise,
        submittedAt: t.submission.submittedAt,
        score: t.grade.score,
      })
      .from(t.submission)
      .innerJoin(t.grade, eq(t.grade.id, t.submission.currentGradeId))
      .where(and(...submissionConditions));
    const rerun = new Map<string, number>();
    if (regradeId && graded.length > 0) {
      const rows = await db
        .select({ submissionId: t.grade.submissionId, score: t.grade.score })
        .from(t.grade)
        .where(
          and(
            eq(t.grade.regradeId, regradeId),
            inArray(
              t.grade.submissionId,
              graded.map((g) => g.id),
            ),
          ),
        );
      for (const r of rows) rerun.set(r.submissionId, r.score);
    }
    const attempts = new Map<string, Map<string, GradedAttempt[]>>();
    for (const g of graded) {
      if (!attempts.has(g.userId)) attempts.set(g.userId, new Map());
      const byExercise = attempts.get(g.userId)!;
      if (!byExercise.has(g.exercise)) byExercise.set(g.exercise, []);
      byExercise
        .get(g.exercise)!
        .push({ id: g.id, submittedAt: g.submittedAt.getTime(), score: rerun.get(g.id) ?? g.score });
    }
    const overrideRows = await db.select().from(t.override).where(eq(t.override.cohortId, cohortId));
    const overrides = new Map<string, Map<string, Override[]>>();
    for (const o of overrideRows) {
      if (!overrides.has(o.userId)) overrides.set(o.userId, new Map());
      const byExercise = overrides.get(o.userId)!;
      if (!byExercise.has(o.exercise)) byExercise.set(o.exercise, []);
      byExercise.get(o.exercise)!.push({ score: o.score, reason: o.reason, at: o.at.getTime() });
    }
    return buildGradebook({
      learners,
      assignments,
      policy: row.scorePolicy,
      attempts,
      extensions: await loadExtensions(cohortId),
      overrides,
    });
  }

  return app;
}

function cellsOf(book: {
  exercises: string[];
  rows: { learner: { id: string }; cells: { score: number | null }[] }[];
}) {
  const out: Record<string, Record<string, number | null>> = {};
  for (const row of book.rows) {
    out[row.learner.id] = Object.fromEntries(
      book.exercises.map((exercise, i) => [exercise, row.cells[i]?.score ?? null]),
    );
  }
  return out;
}

/**
 * When the learner may submit this exercise again: now (with how many submissions the window
 * still allows), or the time the rate limit frees a place. Failed submissions do not count.
 */
function nextSubmission(
  assignment: Assignment,
  rows: { submittedAt: Date; status: string }[],
  at: number,
): { allowedAt: string; remaining: number | null } {
  const verdict = rateLimit(
    assignment.rateLimit,
    rows.filter((row) => row.status !== 'failed').map((row) => row.submittedAt.getTime()),
    at,
  );
  return verdict.allowed
    ? { allowedAt: new Date(at).toISOString(), remaining: verdict.remaining === null ? null : verdict.remaining + 1 }
    : { allowedAt: new Date(verdict.nextAt).toISOString(), remaining: 0 };
}

function iso(value: number | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function isoDates(dates: { dueAt: number | null; lateDueAt: number | null }) {
  return { dueAt: iso(dates.dueAt), lateDueAt: iso(dates.lateDueAt) };
}

function checkExercises(catalog: Catalog, exercises: string[]): void {
  const unknown = exercises.filter((exercise) => !catalog.get(exercise));
  if (unknown.length > 0) throw new HttpError(400, `unknown exercise: ${unknown.join(', ')}`);
  const seen = new Set<string>();
  for (const exercise of exercises) {
    if (seen.has(exercise)) throw new HttpError(400, `exercise ${exercise} is listed twice`);
    seen.add(exercise);
  }
}

async function writeAssignments(tx: Db, cohortId: string, assignments: z.output<typeof input.assignmentInput>[]) {
  if (assignments.length === 0) return;
  await tx.insert(t.assignment).values(
    assignments.map((a, position) => ({
      cohortId,
      exercise: a.exercise,
      position,
      opensAt: a.opensAt === null ? null : new Date(a.opensAt),
      dueAt: a.dueAt === null ? null : new Date(a.dueAt),
      lateDueAt: a.lateDueAt === null ? null : new Date(a.lateDueAt),
      lateCreditPct: a.lateCreditPct,
      rateLimitCount: a.rateLimit?.count ?? null,
      rateLimitWindowMinutes: a.rateLimit?.windowMinutes ?? null,
    })),
  );
}

/** Roster rows imported before the learner signed up become memberships on their first visit. */
async function acceptInvites(db: Db, user: SignedIn): Promise<void> {
  const pending = await db.select().from(t.invite).where(eq(t.invite.email, user.email.toLowerCase()));
  for (const invite of pending) {
    await db
      .insert(t.member)
      .values({ cohortId: invite.cohortId, userId: user.id, role: 'learner' })
      .onConflictDoNothing();
    await db.delete(t.invite).where(and(eq(t.invite.cohortId, invite.cohortId), eq(t.invite.email, invite.email)));
  }
}

async function audit(db: Db, cohortId: string | null, actorId: string | null, action: string, detail: unknown) {
  await db.insert(t.audit).values({ id: newId(), cohortId, actorId, action, detail: detail });
}
