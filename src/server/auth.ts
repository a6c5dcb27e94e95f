import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { SignedIn } from './access.ts';
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

/** The signed copy of a session in its cookie is trusted this long after it was made... */
const COOKIE_CACHE_SECONDS = 50;
/** ...and a session read from a request's cookies is remembered this long by the exact Cookie header. */
export const SESSION_MEMO_SECONDS = 10;

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
    database: drizzleAdapter(options.db, { provider: 'pg', schema }),
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

export interface SessionRead {
  /** The signed-in user the request's cookies name, or null. */
  user: SignedIn | null;
  /**
   * The Set-Cookie lines Better Auth answered the read with, for the response to carry: a new
   * signed copy of the session when the one in the cookies had expired and the database was read,
   * or the removal of cookies that no longer name a session.
   */
  setCookies: string[];
}

export interface SessionReader {
  read(headers: Headers): Promise<SessionRead>;
}

/**
 * Reads the session of each API request, remembering the answer for a signed-in Cookie header for
 * SESSION_MEMO_SECONDS (never past the session's own expiry). Reading it costs two HMAC checks
 * (the session token's and the cookie cache's signatures) and Better Auth's endpoint machinery,
 * about a millisecond of the one thread that also answers every other request: at a deadline each
 * learner's page polls and submits with the same cookies. The answer for a header depends only on
 * it while the cookie cache is fresh; when it came from the database instead, it is at most this
 * old. Either way a signed-out or revoked session is refused within a minute, as before: the
 * cookie cache (50 s) and the memo (10 s) together. A header that reads as nobody is not
 * remembered; at most `maxEntries` headers are (the oldest go first).
 *
 * The cookies Better Auth sets while reading go back with the response. When the signed copy has
 * expired, Better Auth reads the session from the database and signs a new copy; a browser that
 * never received it would send the expired one with every later request, and each of them would
 * read the database again (at a deadline: two queries per submission, on the embedded database's
 * one connection, between the submissions' own).
 */
export function createSessionReader(auth: Auth, options: { maxEntries?: number } = {}): SessionReader {
  const maxEntries = options.maxEntries ?? 10_000;
  const memo = new Map<string, { user: SignedIn; until: number }>();
  return {
    async read(headers) {
      const cookie = headers.get('cookie');
      const at = Date.now();
      if (cookie) {
        const known = memo.get(cookie);
        if (known && known.until > at) return { user: known.user, setCookies: [] };
        if (known) memo.delete(cookie);
      }
      const { headers: answered, response: found } = await auth.api.getSession({ headers, returnHeaders: true });
      const setCookies = answered.getSetCookie();
      if (!found) return { user: null, setCookies };
      const extra = found.user as { isInstructor?: boolean | null };
      const user: SignedIn = {
        id: found.user.id,
        name: found.user.name,
        email: found.user.email,
        isInstructor: Boolean(extra.isInstructor),
      };
      if (cookie) {
        if (memo.size >= maxEntries) {
          for (const [key, entry] of memo) if (entry.until <= at) memo.delete(key);
          while (memo.size >= maxEntries) memo.delete(memo.keys().next().value!);
        }
        const until = Math.min(at + SESSION_MEMO_SECONDS * 1000, new Date(found.session.expiresAt).getTime());
        memo.set(cookie, { user, until });
      }
      return { user, setCookies };
    },
  };
}
