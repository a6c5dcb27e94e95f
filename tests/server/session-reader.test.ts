// The session reader's memo answers as Better Auth would for the same Cookie header, for exactly as
// long: a signed-out or revoked session is refused when Better Auth itself would refuse it; its
// token-only path answers byte for byte as Better Auth does. Real Better Auth on an in-memory
// PGlite; only the clock (Date) is moved.
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { batchSessionReads, createAuth } from '../../src/server/auth.ts';
import type { Auth } from '../../src/server/auth.ts';
import { openDatabase } from '../../src/server/db/connect.ts';
import type { Database } from '../../src/server/db/connect.ts';
import * as t from '../../src/server/db/schema.ts';
import {
  createSessionReader,
  SESSION_MEMO_SECONDS,
  sessionCookies,
  signedCopyExpiry,
  verifiedToken,
} from '../../src/server/session-reader.ts';
import type { SessionAnswer } from '../../src/server/session-reader.ts';

const ORIGIN = 'http://127.0.0.1:4321';
const COPY_SECONDS = 50; // the cookie cache's Max-Age (auth.ts)
let database: Database;
let auth: Auth;
let reads = 0;
/** The same Better Auth, counting the session reads that reach it. */
let counted: Auth;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  auth = createAuth({ db: database.db, secret: 'x'.repeat(48), origin: ORIGIN });
  counted = {
    ...auth,
    api: {
      ...auth.api,
      getSession: ((...args: Parameters<Auth['api']['getSession']>) => {
        reads += 1;
        return auth.api.getSession(...args);
      }) as Auth['api']['getSession'],
    },
  };
}, 120_000);

afterAll(async () => {
  await database?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

let people = 0;
/** Signs a new learner up; answers the Cookie header a browser would send next, with and without the signed copy. */
async function signUp(
  on: Auth = auth,
  origin = ORIGIN,
  name = `Learner ${people + 1}`,
): Promise<{ withCopy: string; tokenOnly: string; token: string }> {
  people += 1;
  const { headers } = await on.api.signUpEmail({
    body: { name, email: `learner${people}@example.org`, password: 'a long password' },
    headers: new Headers({ origin }),
    returnHeaders: true,
  });
  const pairs = headers.getSetCookie().map((line) => line.split(';')[0]!);
  const tokenOnly = pairs.filter((pair) => pair.includes('session_token=')).join('; ');
  const token = decodeURIComponent(tokenOnly.split('=')[1]!).split('.')[0]!;
  return { withCopy: pairs.join('; '), tokenOnly, token };
}

async function revoke(token: string): Promise<void> {
  const { eq } = await import('drizzle-orm');
  await database.db.delete(t.session).where(eq(t.session.token, token));
}

const at = (cookie: string) => new Headers({ cookie });

describe('the session reader', () => {
  it('answers a header with a fresh signed copy from memory until the copy expires, then asks Better Auth again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const { withCopy, token } = await signUp();
    const reader = createSessionReader(counted);
    reads = 0;
    expect((await reader.read(at(withCopy))).user?.email).toMatch(/@example\.org$/);
    expect(reads).toBe(1);
    await revoke(token);

    vi.setSystemTime(start + 30_000);
    // Better Auth trusts the copy until it expires, revoked or not: the memo gives that same answer.
    expect((await auth.api.getSession({ headers: at(withCopy) }))?.user.email).toMatch(/@example\.org$/);
    const remembered = await reader.read(at(withCopy));
    expect(remembered.user?.email).toMatch(/@example\.org$/);
    expect(remembered.setCookies).toEqual([]);
    expect(reads).toBe(1);

    vi.setSystemTime(start + (COPY_SECONDS + 1) * 1000);
    const refused = await reader.read(at(withCopy));
    expect(reads).toBe(2);
    expect(refused.user).toBeNull();
    // The browser is told to drop the cookies that no longer name a session.
    expect(refused.setCookies.join('\n')).toMatch(/session_token=;/);
  });

  it('remembers a session read from the database for SESSION_MEMO_SECONDS only', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const { tokenOnly, token } = await signUp();
    const answers: SessionAnswer[] = [];
    const reader = createSessionReader(auth, { onAnswer: (answer) => answers.push(answer) });
    const first = await reader.read(at(tokenOnly));
    expect(first.user).not.toBeNull();
    // The database was read: a new signed copy goes back with the answer.
    expect(first.setCookies.some((line) => line.includes('session_data='))).toBe(true);
    await revoke(token);

    vi.setSystemTime(start + (SESSION_MEMO_SECONDS - 1) * 1000);
    expect((await reader.read(at(tokenOnly))).user).not.toBeNull();
    expect(answers).toEqual(['token', 'memo']);

    vi.setSystemTime(start + (SESSION_MEMO_SECONDS + 1) * 1000);
    const refused = await reader.read(at(tokenOnly));
    expect(refused.user).toBeNull();
    // The token path finds no session and leaves the answer to Better Auth, which clears the cookies.
    expect(answers).toEqual(['token', 'memo', 'better-auth']);
    expect(refused.setCookies.join('\n')).toMatch(/session_token=;/);
  });

  it('does not take a second copy in the header at its word: such a header is remembered SESSION_MEMO_SECONDS', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const { withCopy } = await signUp();
    const copy = withCopy.split('; ').find((pair) => pair.includes('session_data='))!;
    const [name, value] = [copy.slice(0, copy.indexOf('=')), copy.slice(copy.indexOf('=') + 1)];
    const payload = JSON.parse(Buffer.from(decodeURIComponent(value), 'base64url').toString()) as {
      expiresAt: number;
    };
    const forged = Buffer.from(JSON.stringify({ ...payload, expiresAt: start + 14 * 86_400_000 })).toString(
      'base64url',
    );
    const header = `${withCopy}; ${name}=${forged}`;
    const reader = createSessionReader(counted);
    reads = 0;
    expect((await reader.read(at(header))).user).not.toBeNull();
    vi.setSystemTime(start + (SESSION_MEMO_SECONDS + 1) * 1000);
    await reader.read(at(header));
    expect(reads).toBe(2);
  });

  it('reads the expiry only of one unchunked copy naming the session token', () => {
    const names = { copy: 'better-auth.session_data', token: 'better-auth.session_token' };
    const copy = (token: string, expiresAt: unknown) =>
      Buffer.from(JSON.stringify({ session: { session: { token } }, expiresAt, signature: 's' })).toString('base64url');
    const good = `better-auth.session_token=abc.sig; better-auth.session_data=${copy('abc', 1234)}; theme=dark`;
    expect(signedCopyExpiry(good, names, 'abc')).toBe(1234);
    expect(signedCopyExpiry(good, names, 'other')).toBeNull();
    expect(signedCopyExpiry(`better-auth.session_token=abc.sig`, names, 'abc')).toBeNull();
    expect(signedCopyExpiry(`${good}; better-auth.session_token=xyz.sig`, names, 'abc')).toBeNull();
    expect(
      signedCopyExpiry(`better-auth.session_token=abc.sig; better-auth.session_data.0=${copy('abc', 1)}`, names, 'abc'),
    ).toBeNull();
    expect(
      signedCopyExpiry(
        `better-auth.session_token=abc.sig; better-auth.session_data=${copy('abc', 'soon')}`,
        names,
        'abc',
      ),
    ).toBeNull();
    expect(
      signedCopyExpiry(`better-auth.session_token=abc.sig; better-auth.session_data=%%%`, names, 'abc'),
    ).toBeNull();
  });
});

describe('the token-only path', () => {
  /** What Better Auth itself answers for a Cookie header. */
  const betterAuth = async (on: Auth, cookie: string) => {
    const { headers, response } = await on.api.getSession({ headers: at(cookie), returnHeaders: true });
    return { id: response?.user.id ?? null, setCookies: headers.getSetCookie() };
  };

  for (const origin of [ORIGIN, 'https://course.example.org']) {
    it(`answers a header holding only the token byte for byte as Better Auth does (${origin.split(':')[0]})`, async () => {
      const on = origin === ORIGIN ? auth : createAuth({ db: database.db, secret: 'y'.repeat(48), origin });
      // A name that JSON and base64 must carry as it is: quotes, a backslash, letters beyond ASCII.
      const { tokenOnly } = await signUp(on, origin, 'Zoë "Q" \\ Ωmega');
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 5_000);
      const answers: SessionAnswer[] = [];
      const reader = createSessionReader(on, { onAnswer: (answer) => answers.push(answer) });
      const read = await reader.read(at(tokenOnly));
      expect(answers).toEqual(['token']);
      const expected = await betterAuth(on, tokenOnly);
      expect(read.setCookies).toHaveLength(1);
      expect(read.setCookies).toEqual(expected.setCookies);
      expect(read.user?.id).toBe(expected.id);
      expect(read.user?.name).toBe('Zoë "Q" \\ Ωmega');
      if (origin !== ORIGIN) expect(read.setCookies[0]).toMatch(/^__Secure-\S+session_data=.*; Secure; SameSite=Lax$/);
      // Better Auth takes the copy made here for its own: it answers from it and sets no cookie.
      const withCopy = `${tokenOnly}; ${read.setCookies[0]!.split(';')[0]}`;
      expect(await betterAuth(on, withCopy)).toEqual({ id: expected.id, setCookies: [] });
      // The next request, with that copy, is answered the same without Better Auth.
      const next = await reader.read(at(withCopy));
      expect(answers).toEqual(['token', 'copy']);
      expect(next).toEqual({ user: read.user, setCookies: [] });
    });
  }

  it('leaves to Better Auth every header it would not answer exactly the same', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const { tokenOnly, withCopy, token } = await signUp();
    const eq = tokenOnly.indexOf('=');
    const [name, value] = [tokenOnly.slice(0, eq), tokenOnly.slice(eq + 1)];
    const cases: Record<string, string> = {
      'a token with another signature': `${name}=${encodeURIComponent(`${token.slice(1)}x.${decodeURIComponent(value).split('.')[1]}`)}`,
      'two token cookies': `${tokenOnly}; ${tokenOnly}`,
      'a signed copy as well': withCopy,
      'a dont-remember cookie': `${tokenOnly}; better-auth.dont_remember=true.x`,
      'a part without a value': `${tokenOnly}; theme`,
    };
    for (const [what, cookie] of Object.entries(cases)) {
      const answers: SessionAnswer[] = [];
      const read = await createSessionReader(auth, { onAnswer: (answer) => answers.push(answer) }).read(at(cookie));
      expect(answers, what).toEqual(['better-auth']);
      expect(read.user?.id ?? null, what).toBe((await betterAuth(auth, cookie)).id);
    }

    // Due for Better Auth's daily refresh: it renews the session and its token cookie.
    vi.setSystemTime(start + 86_400_000 + 1000);
    const answers: SessionAnswer[] = [];
    const reader = createSessionReader(auth, { onAnswer: (answer) => answers.push(answer) });
    const refreshed = await reader.read(at(tokenOnly));
    expect(answers).toEqual(['better-auth']);
    expect(refreshed.user).not.toBeNull();
    expect(refreshed.setCookies.join('\n')).toMatch(/session_token=[^;]+; Max-Age=1209600/);

    // Expired: refused by Better Auth, which clears the cookies.
    vi.setSystemTime(start + 16 * 86_400_000);
    const expired = await reader.read(at(tokenOnly));
    expect(answers).toEqual(['better-auth', 'better-auth']);
    expect(expired.user).toBeNull();
  });

  it('answers a copy it made only with the token cookie it was made for, and only until it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const mine = await signUp();
    const theirs = await signUp();
    const answers: SessionAnswer[] = [];
    const reader = createSessionReader(auth, { onAnswer: (answer) => answers.push(answer) });
    const made = (await reader.read(at(mine.tokenOnly))).setCookies[0]!.split(';')[0]!;
    // Someone else's token cookie with my copy: Better Auth sees the copy names another token.
    const mixed = `${theirs.tokenOnly}; ${made}`;
    const answered = await reader.read(at(mixed));
    expect(answers).toEqual(['token', 'better-auth']);
    expect(answered.user?.id ?? null).toBe((await betterAuth(auth, mixed)).id);

    await revoke(mine.token);
    vi.setSystemTime(start + 30_000);
    // Revoked, but the copy is fresh: Better Auth answers from it, and so does the reader.
    const withCopy = `${mine.tokenOnly}; ${made}`;
    expect((await betterAuth(auth, withCopy)).id).not.toBeNull();
    expect((await reader.read(at(withCopy))).user).not.toBeNull();
    expect(answers.at(-1)).toBe('copy');

    vi.setSystemTime(start + (COPY_SECONDS + 1) * 1000);
    const refused = await reader.read(at(withCopy));
    expect(answers.at(-1)).toBe('better-auth');
    expect(refused.user).toBeNull();
  });

  it('reads the token cookie and the copy of a header only when Better Auth would read the same ones', () => {
    const names = { token: 'a.session_token', copy: 'a.session_data', dontRemember: 'a.dont_remember' };
    expect(sessionCookies('theme=dark; a.session_token=t.s', names)).toEqual({ token: 't.s', copy: null });
    expect(sessionCookies('a.session_data=c; a.session_token=t.s', names)).toEqual({ token: 't.s', copy: 'c' });
    expect(sessionCookies('theme=dark', names)).toEqual({ token: null, copy: null });
    for (const cookie of [
      'a.session_token=t.s; a.session_token=u.s',
      'a.session_token=t.s; a.session_data=c; a.session_data=d',
      'a.session_token=t.s; a.session_data.0=c',
      'a.session_token=t.s; a.dont_remember=x',
      'a.session_token="t.s"',
      'a.session_token=t.s; theme',
    ]) {
      expect(sessionCookies(cookie, names), cookie).toBeNull();
    }
  });

  it('verifies the token cookie as better-call signs it', () => {
    const secret = 's'.repeat(32);
    const signed = (token: string) => `${token}.${createHmac('sha256', secret).update(token).digest('base64')}`;
    const good = signed('tok3n');
    expect(verifiedToken(encodeURIComponent(good), secret)).toBe('tok3n');
    expect(verifiedToken(good, secret)).toBe('tok3n');
    expect(verifiedToken(good, 'another secret')).toBeNull();
    expect(verifiedToken(`tok3n.${good.split('.')[1]!.slice(1)}`, secret)).toBeNull();
    expect(verifiedToken(`tok3n.${'*'.repeat(43)}=`, secret)).toBeNull();
    expect(verifiedToken(`other.${good.split('.')[1]!}`, secret)).toBeNull();
    expect(verifiedToken('%E0%A4%A', secret)).toBeNull();
    expect(verifiedToken(good.split('.')[1]!, secret)).toBeNull();
  });
});

describe('session reads from the database, batched', () => {
  it('answers each token as the adapter itself does, in two queries for the reads made together', async () => {
    const { drizzleAdapter } = await import('better-auth/adapters/drizzle');
    const factory = () => drizzleAdapter(database.db, { provider: 'pg', schema: t });
    const plain = factory()(auth.options);
    const batches: number[] = [];
    const batched = batchSessionReads(factory(), (tokens) => batches.push(tokens))(auth.options);
    const tokens = [(await signUp()).token, (await signUp()).token, (await signUp()).token];
    const revoked = (await signUp()).token;
    await revoke(revoked);
    const read = (adapter: typeof plain, token: string) =>
      adapter.findOne<Record<string, unknown>>({
        model: 'session',
        where: [{ field: 'token', value: token }],
        join: { user: true },
      });

    const together = await Promise.all(
      [...tokens, tokens[0]!, revoked, 'no-such-token'].map((token) => read(batched, token)),
    );
    const alone = await Promise.all(
      [...tokens, tokens[0]!, revoked, 'no-such-token'].map((token) => read(plain, token)),
    );
    expect(together).toEqual(alone);
    expect(together[0]).toMatchObject({ token: tokens[0] });
    expect((together[0] as { user: { email: string } }).user.email).toMatch(/@example\.org$/);
    expect(together.slice(-2)).toEqual([null, null]);
    // The six reads made in the same turn (five tokens) went together.
    expect(batches).toEqual([5]);

    // Reads asked for while a batch runs wait for it and go together after it.
    batches.length = 0;
    const held: { later?: Promise<unknown[]> } = {};
    const during = batchSessionReads(factory(), (size) => {
      batches.push(size);
      held.later ??= Promise.all(tokens.slice(1).map((token) => read(during, token)));
    })(auth.options);
    const first = await read(during, tokens[0]!);
    expect([first, ...((await held.later) ?? [])]).toEqual(alone.slice(0, 3));
    expect(batches).toEqual([1, 2]);
  });

  it('leaves every other read to the adapter', async () => {
    const { drizzleAdapter } = await import('better-auth/adapters/drizzle');
    const batches: number[] = [];
    const batched = batchSessionReads(drizzleAdapter(database.db, { provider: 'pg', schema: t }), (tokens) =>
      batches.push(tokens),
    )(auth.options);
    const { token } = await signUp();
    const session = await batched.findOne<{ userId: string }>({
      model: 'session',
      where: [{ field: 'token', value: token }],
    });
    expect(session?.userId).toBeTruthy();
    expect(await batched.findOne({ model: 'user', where: [{ field: 'id', value: session!.userId }] })).toMatchObject({
      id: session!.userId,
    });
    expect(batches).toEqual([]);
  });
});
