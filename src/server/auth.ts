import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from './db/connect.ts';
import * as schema from './db/schema.ts';

/** The header the HTTP server sets to the socket's address (any copy from the client is replaced). */
export const CLIENT_IP_HEADER = 'x-strata-client-ip';

export interface AuthOptions {
  db: Db;
  /** Signs session cookies; kept in the data folder so sessions survive a restart. */
  secret: string;
  /** The origin the course is served from (http://127.0.0.1:4321); cookies are Secure on https. */
  origin: string;
  /** Sign-in and sign-up attempts per minute per client address. */
  signInPerMinute?: number;
}

/** The signed copy of a session in its cookie is trusted this long after it was made (session-reader.ts). */
const COOKIE_CACHE_SECONDS = 50;

/**
 * Email + password accounts and sessions (Better Auth): scrypt password hashes, HttpOnly
 * SameSite=Lax session cookies (Secure over HTTPS), Origin checks on every state-changing auth
 * request, and sign-in attempts rate limited per client address in the database (shared by every
 * web process).
 */
export function createAuth(options: AuthOptions) {
  const secure = options.origin.startsWith('https://');
  const perMinute = options.signInPerMinute ?? 10;
  return betterAuth({
    appName: 'Strata',
    baseURL: options.origin,
    basePath: '/api/auth',
    secret: options.secret,
    trustedOrigins: [options.origin],
    database: batchSessionReads(drizzleAdapter(options.db, { provider: 'pg', schema })),
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    user: {
      additionalFields: {
        // Set only by the setup link or by another instructor, never by the sign-up form.
        isInstructor: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 14,
      updateAge: 60 * 60 * 24,
      // A signed copy of the session in a cookie answers most requests without the two session
      // queries; a signed-out or revoked session is still refused within a minute (this and the
      // memo of createSessionReader together).
      cookieCache: { enabled: true, maxAge: COOKIE_CACHE_SECONDS },
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: {
        '/sign-in/email': { window: 60, max: perMinute },
        '/sign-up/email': { window: 60, max: perMinute },
      },
    },
    advanced: {
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

type AdapterFactory = ReturnType<typeof drizzleAdapter>;
type Adapter = ReturnType<AdapterFactory>;
type FindOne = Adapter['findOne'];
type Row = Record<string, unknown>;

/**
 * Session reads from the database wait for others this long after the last one was asked for...
 * Node accepts one new connection per turn of its event loop (libuv, since its pull request 3696),
 * so the requests of a burst on new connections come in one by one, a turn each. A batch read at
 * the end of the first turn held up the next connection's accept while it ran: one batch per
 * connection, each a turn of its own.
 */
export const SESSION_GATHER_MS = 2;
/** ...and at most this long after the first waiting one. */
export const SESSION_GATHER_MAX_MS = 10;

/**
 * Better Auth reads a session from the database with two queries (the session by its token, then
 * its user). At a deadline after a long edit every learner's browser has dropped the signed copy,
 * and fifty submissions made a hundred queries, one after the other on the embedded database's one
 * connection, between the submissions' own. This wraps the adapter so that the session reads asked
 * for together are answered together: the sessions by their tokens and their users by their ids,
 * two queries for all of them, each answer the same object findOne gives (tested against it). A
 * batch goes once no read has been asked for in SESSION_GATHER_MS (at most SESSION_GATHER_MAX_MS
 * after its first), one at a time; the reads asked for meanwhile make the next. Every other call
 * goes to the adapter as it is.
 */
export function batchSessionReads(
  factory: AdapterFactory,
  /** Told of each batch: how many distinct tokens it read (tests). */
  onBatch?: (tokens: number) => void,
): AdapterFactory {
  return (options) => {
    const adapter = factory(options);
    const waiting = new Map<string, { resolve: (row: Row | null) => void; reject: (error: unknown) => void }[]>();
    let busy = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let firstAsked = 0;
    let lastAsked = 0;

    async function readTogether(tokens: string[]): Promise<Map<string, Row>> {
      const sessions = await adapter.findMany<Row>({
        model: 'session',
        where: [{ field: 'token', operator: 'in', value: tokens }],
        limit: tokens.length,
      });
      const userIds = [...new Set(sessions.map((session) => String(session.userId)))];
      const users =
        userIds.length === 0
          ? []
          : await adapter.findMany<Row>({
              model: 'user',
              where: [{ field: 'id', operator: 'in', value: userIds }],
              limit: userIds.length,
            });
      const byId = new Map(users.map((user) => [String(user.id), user]));
      return new Map(
        sessions.map((session) => [
          String(session.token),
          { ...session, user: byId.get(String(session.userId)) ?? null },
        ]),
      );
    }

    /** Sends the waiting reads once they stop coming (or have waited long enough) and none is running. */
    function schedule(): void {
      if (busy || timer || waiting.size === 0) return;
      const now = performance.now();
      const wait = Math.min(SESSION_GATHER_MS - (now - lastAsked), SESSION_GATHER_MAX_MS - (now - firstAsked));
      timer = setTimeout(
        () => {
          timer = null;
          const at = performance.now();
          if (at - lastAsked < SESSION_GATHER_MS && at - firstAsked < SESSION_GATHER_MAX_MS) schedule();
          else flush();
        },
        Math.max(0, Math.ceil(wait)),
      );
    }

    function flush(): void {
      busy = true;
      const batch = new Map(waiting);
      waiting.clear();
      onBatch?.(batch.size);
      readTogether([...batch.keys()])
        .then(
          (found) => {
            for (const [token, callers] of batch)
              for (const caller of callers) caller.resolve(found.get(token) ?? null);
          },
          (error: unknown) => {
            for (const callers of batch.values()) for (const caller of callers) caller.reject(error);
          },
        )
        .finally(() => {
          busy = false;
          schedule();
        });
    }

    const findOne = ((query: Parameters<FindOne>[0]) => {
      const only = query.where.length === 1 ? query.where[0]! : null;
      const joins = Object.keys(query.join ?? {});
      const sessionByToken =
        query.model === 'session' &&
        only?.field === 'token' &&
        (only.operator ?? 'eq') === 'eq' &&
        (only.mode ?? 'sensitive') === 'sensitive' &&
        typeof only.value === 'string' &&
        query.select === undefined &&
        joins.length === 1 &&
        query.join?.user === true;
      if (!sessionByToken) return adapter.findOne(query);
      const token = only.value as string;
      return new Promise<Row | null>((resolve, reject) => {
        lastAsked = performance.now();
        if (waiting.size === 0) firstAsked = lastAsked;
        const callers = waiting.get(token) ?? [];
        callers.push({ resolve, reject });
        waiting.set(token, callers);
        schedule();
      });
    }) as FindOne;
    return { ...adapter, findOne };
  };
}
