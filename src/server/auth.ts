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
      // queries; a signed-out or revoked session is still refused within a minute.
      cookieCache: { enabled: true, maxAge: 60 },
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
