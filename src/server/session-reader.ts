import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BetterAuthOptions } from 'better-auth';
import type { SignedIn } from './access.ts';
import type { Auth } from './auth.ts';

/**
 * A session read from the database for a request's cookies is remembered this long by the exact
 * Cookie header (one answered from the signed copy, until that copy expires).
 */
export const SESSION_MEMO_SECONDS = 10;

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
 * How a read was answered (tests): from memory, by the server's own path (a token read from the
 * database, or a copy it made), or by Better Auth.
 */
export type SessionAnswer = 'memo' | 'token' | 'copy' | 'better-auth';

export interface SessionReaderOptions {
  /** Headers remembered at most (default 10,000). */
  maxEntries?: number;
  /** Told how each read was answered. */
  onAnswer?: (answer: SessionAnswer) => void;
}

/**
 * Reads the session of each API request, remembering the answer for a signed-in Cookie header for
 * as long as Better Auth would give the same one. Reading it costs two HMAC checks (the session
 * token's and the signed copy's signatures) and Better Auth's endpoint machinery, about a
 * millisecond of the one thread that also answers every other request: at a deadline each
 * learner's page polls and submits with the same cookies.
 * - Answered from the signed copy (the cookie cache): Better Auth reads nothing else while the copy
 *   is fresh and sets no cookie, so its answer for that exact header cannot change before the copy
 *   expires (or the session does). The memo keeps it until then, and a signed-out or revoked
 *   session is refused exactly when Better Auth would refuse it: once the copy has expired, within
 *   COOKIE_CACHE_SECONDS. It is done only when the header holds one copy and one token cookie, so
 *   that the copy read here for its expiry is the one Better Auth verified.
 * - Read from the database (the header has no fresh copy): remembered SESSION_MEMO_SECONDS, so a
 *   revoked session is refused within that.
 * - A header holding only the session token (the browser dropped the copy at its Max-Age), or the
 *   token and a copy made for it here, is answered on the server's own path (createCookiePath),
 *   as Better Auth would answer it and remembered as above.
 * A header that reads as nobody is not remembered; at most `maxEntries` headers are.
 *
 * The cookies Better Auth sets while reading go back with the response. When the signed copy has
 * expired, Better Auth reads the session from the database and signs a new copy; a browser that
 * never received it would send the expired one with every later request, and each of them would
 * read the database again (at a deadline: two queries per submission, on the embedded database's
 * one connection, between the submissions' own).
 */
export function createSessionReader(auth: Auth, options: SessionReaderOptions = {}): SessionReader {
  const maxEntries = options.maxEntries ?? 10_000;
  const memo = new Map<string, { user: SignedIn; until: number }>();
  let names: Promise<{ copy: string; token: string }> | null = null;
  let cookiePath: Promise<CookiePath | null> | null = null;

  function remember(cookie: string, user: SignedIn, until: number, at: number): void {
    if (until <= at) return;
    if (memo.size >= maxEntries) {
      for (const [key, entry] of memo) if (entry.until <= at) memo.delete(key);
      while (memo.size >= maxEntries) memo.delete(memo.keys().next().value!);
    }
    memo.set(cookie, { user, until });
  }

  return {
    async read(headers) {
      const cookie = headers.get('cookie');
      const at = Date.now();
      if (cookie) {
        const known = memo.get(cookie);
        if (known && known.until > at) {
          options.onAnswer?.('memo');
          return { user: known.user, setCookies: [] };
        }
        if (known) memo.delete(cookie);
        cookiePath ??= createCookiePath(auth, maxEntries);
        const quick = await (await cookiePath)?.read(cookie);
        if (quick) {
          options.onAnswer?.(quick.answer);
          // As below: a copy's answer until it expires, a database read's for SESSION_MEMO_SECONDS.
          remember(
            cookie,
            quick.user,
            quick.answer === 'copy' ? quick.until : Math.min(at + SESSION_MEMO_SECONDS * 1000, quick.until),
            at,
          );
          return { user: quick.user, setCookies: quick.setCookies };
        }
      }
      options.onAnswer?.('better-auth');
      const { headers: answered, response: found } = await auth.api.getSession({ headers, returnHeaders: true });
      const setCookies = answered.getSetCookie();
      if (!found) return { user: null, setCookies };
      const user = signedIn(found.user);
      if (cookie) {
        names ??= auth.$context.then((context) => ({
          copy: context.authCookies.sessionData.name,
          token: context.authCookies.sessionToken.name,
        }));
        // Better Auth sets cookies whenever it did not answer from a fresh signed copy.
        const copyExpires = setCookies.length === 0 ? signedCopyExpiry(cookie, await names, found.session.token) : null;
        const until = Math.min(
          copyExpires ?? at + SESSION_MEMO_SECONDS * 1000,
          new Date(found.session.expiresAt).getTime(),
        );
        remember(cookie, user, until, at);
      }
      return { user, setCookies };
    },
  };
}

function signedIn(user: { id: string; name: string; email: string }): SignedIn {
  const extra = user as { isInstructor?: boolean | null };
  return { id: user.id, name: user.name, email: user.email, isInstructor: Boolean(extra.isInstructor) };
}

interface CookiePath {
  /**
   * Answers a header exactly as Better Auth's getSession would, or null when Better Auth must:
   * - `token`: the header holds the session token cookie and no signed copy. The session is read
   *   (through Better Auth's own adapter) and a new copy made: the user, and the copy's Set-Cookie.
   *   Null for a bad signature, a session unknown, expired or due for its daily refresh, a copy too
   *   large for one cookie.
   * - `copy`: the header holds the token cookie this path read and the copy it made for it, fresh.
   *   Better Auth would check both signatures and answer from the copy, setting no cookie: this
   *   answers the same without checking them again.
   * Null for any other header.
   */
  read(
    cookie: string,
  ): Promise<{ answer: 'token' | 'copy'; user: SignedIn; until: number; setCookies: string[] } | null>;
}

/**
 * The server's own path for the two reads a deadline makes of every learner. After a long edit
 * each learner's browser has dropped the signed copy (its Max-Age is 50 s), and Better Auth's
 * getSession cost ~1 ms of the one thread per submission: its endpoint machinery, a WebCrypto HMAC
 * check of the token and a WebCrypto HMAC signing the new copy, each importing the secret as a key
 * again; the next request, with the new copy, cost another check of both. This does the same with
 * node:crypto, reading the session through Better Auth's own internal adapter (the batched reads,
 * auth.ts), and makes the copy's Set-Cookie line the way Better Auth's setCookieCache makes it
 * (the "compact" strategy: base64url of the JSON of the session data, its expiry and the
 * HMAC-SHA256 of both). A test holds it to Better Auth's own answers, byte for byte, for plain and
 * secure cookies, and Better Auth accepts the copies it makes.
 *
 * Null (Better Auth answers every read) unless the configuration is one this path knows: the
 * cookie cache on, compact, unversioned, not refreshed; no extra session fields, secondary storage,
 * account cookie, deferred refresh, hooks or plugins.
 */
async function createCookiePath(auth: Auth, maxEntries: number): Promise<CookiePath | null> {
  const context = await auth.$context;
  // The options as Better Auth knows them (the configured type names only the fields set).
  const options: BetterAuthOptions = context.options;
  const cache = options.session?.cookieCache;
  const copy = context.authCookies.sessionData;
  const attributes = copy.attributes as CookieAttributes;
  if (
    !cache?.enabled ||
    (cache.strategy ?? 'compact') !== 'compact' ||
    cache.version !== undefined ||
    context.sessionConfig.cookieRefreshCache !== false ||
    options.session?.additionalFields ||
    options.session?.deferSessionRefresh ||
    options.session?.disableSessionRefresh ||
    options.account?.storeAccountCookie ||
    options.secondaryStorage ||
    options.hooks ||
    (options.plugins?.length ?? 0) > 0 ||
    typeof attributes.maxAge !== 'number' ||
    attributes.expires !== undefined ||
    attributes.prefix !== undefined ||
    copy.name.toLowerCase().startsWith('__host-')
  ) {
    return null;
  }
  const secret = context.secret;
  const names = {
    token: context.authCookies.sessionToken.name,
    copy: copy.name,
    dontRemember: context.authCookies.dontRememberToken.name,
  };
  const { expiresIn, updateAge } = context.sessionConfig;
  const maxAge = attributes.maxAge;
  // As Better Auth's session store sizes a copy: the longest value that keeps a chunk's Set-Cookie
  // (named `<copy>.99`) within 4,050 bytes; a longer copy is chunked, which this path leaves to it.
  const maxValue = 4050 - serializeCookie(`${copy.name}.99`, '', attributes).length;
  /** The copies made here, by value: the token cookie they were made for, whom they name, until when. */
  const issued = new Map<string, { tokenCookie: string; user: SignedIn; until: number }>();

  return {
    async read(cookie) {
      const cookies = sessionCookies(cookie, names);
      if (cookies?.token == null) return null;
      if (cookies.copy !== null) {
        const made = issued.get(cookies.copy);
        if (!made || made.tokenCookie !== cookies.token || made.until <= Date.now()) return null;
        return { answer: 'copy', user: made.user, until: made.until, setCookies: [] };
      }
      const token = verifiedToken(cookies.token, secret);
      if (token === null) return null;
      const found = await context.internalAdapter.findSession(token);
      const now = Date.now();
      if (!found) return null;
      const expiresAt = new Date(found.session.expiresAt).getTime();
      if (!(expiresAt >= now) || expiresAt - expiresIn * 1000 + updateAge * 1000 <= now) return null;
      // setCookieCache, compact strategy, unversioned, remembered (no dont-remember cookie).
      const sessionData = { session: found.session, user: found.user, updatedAt: now, version: '1' };
      const copyExpiresAt = now + maxAge * 1000;
      const signature = createHmac('sha256', secret)
        .update(JSON.stringify({ ...sessionData, expiresAt: copyExpiresAt }))
        .digest('base64url');
      const value = Buffer.from(
        JSON.stringify({ session: sessionData, expiresAt: copyExpiresAt, signature }),
        'utf8',
      ).toString('base64url');
      if (value.length > maxValue) return null;
      const user = signedIn(found.user);
      if (issued.size >= maxEntries) {
        for (const [key, entry] of issued) if (entry.until <= now) issued.delete(key);
        while (issued.size >= maxEntries) issued.delete(issued.keys().next().value!);
      }
      // Better Auth answers from this copy until it expires or the session it names does.
      issued.set(value, { tokenCookie: cookies.token, user, until: Math.min(copyExpiresAt, expiresAt) });
      return { answer: 'token', user, until: expiresAt, setCookies: [serializeCookie(copy.name, value, attributes)] };
    },
  };
}

/**
 * The raw values of a Cookie header's one session token cookie and one signed copy (null when
 * absent), or null when Better Auth is left to read the header: two token cookies or copies, a
 * chunked copy, a dont-remember cookie, a quoted value or a part without `=`.
 */
export function sessionCookies(
  cookie: string,
  names: { token: string; copy: string; dontRemember: string },
): { token: string | null; copy: string | null } | null {
  let token: string | null = null;
  let copy: string | null = null;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === names.token) {
      if (token !== null || value.startsWith('"')) return null;
      token = value;
    } else if (name === names.copy) {
      if (copy !== null || value.startsWith('"')) return null;
      copy = value;
    } else if (name.startsWith(`${names.copy}.`) || name === names.dontRemember) {
      return null;
    }
  }
  return { token, copy };
}

/**
 * The session token in a token cookie's raw value when its signature is right (better-call's
 * signed cookie: `token.base64(HMAC-SHA256(token))`, URL-encoded), checked as better-call checks
 * it; otherwise null.
 */
export function verifiedToken(raw: string, secret: string): string | null {
  let value = raw;
  try {
    if (value.includes('%')) value = decodeURIComponent(value);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith('=')) return null;
  let given: Buffer;
  try {
    given = Buffer.from(atob(signature), 'latin1');
  } catch {
    return null;
  }
  const expected = createHmac('sha256', secret).update(token).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

interface CookieAttributes {
  maxAge?: number;
  expires?: Date;
  domain?: string;
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
  partitioned?: boolean;
  prefix?: string;
}

/** A Set-Cookie line as better-call (Better Auth's HTTP layer) writes it, for the attributes above. */
function serializeCookie(name: string, raw: string, options: CookieAttributes): string {
  const secure =
    options.secure === true ||
    name.toLowerCase().startsWith('__secure-') ||
    options.partitioned === true ||
    options.sameSite?.toLowerCase() === 'none';
  let line = `${name}=${encodeURIComponent(raw)}`;
  if (typeof options.maxAge === 'number' && options.maxAge >= 0) line += `; Max-Age=${Math.floor(options.maxAge)}`;
  if (options.domain) line += `; Domain=${options.domain}`;
  if (options.path) line += `; Path=${options.path}`;
  if (options.httpOnly) line += '; HttpOnly';
  if (secure) line += '; Secure';
  if (options.sameSite) line += `; SameSite=${options.sameSite.charAt(0).toUpperCase()}${options.sameSite.slice(1)}`;
  if (options.partitioned) line += '; Partitioned';
  return line;
}

/**
 * When the signed copy of the session in a Cookie header expires (ms), or null when the header does
 * not hold exactly one copy (unchunked) and one session token cookie, or the copy does not name
 * `token`. Its signature was checked by Better Auth, which answered from it.
 */
export function signedCopyExpiry(cookie: string, names: { copy: string; token: string }, token: string): number | null {
  let copy: string | null = null;
  let copies = 0;
  let tokens = 0;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (name === names.token) tokens += 1;
    else if (name === names.copy) {
      copies += 1;
      copy = part.slice(eq + 1).trim();
    } else if (name.startsWith(`${names.copy}.`)) copies += 2; // a chunked copy: not read here
  }
  if (copies !== 1 || tokens !== 1 || copy === null) return null;
  try {
    const parsed = JSON.parse(Buffer.from(decodeURIComponent(copy), 'base64url').toString('utf8')) as {
      expiresAt?: unknown;
      session?: { session?: { token?: unknown } };
    };
    if (parsed.session?.session?.token !== token) return null;
    return typeof parsed.expiresAt === 'number' && Number.isFinite(parsed.expiresAt) ? parsed.expiresAt : null;
  } catch {
    return null;
  }
}
