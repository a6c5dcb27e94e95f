// The session reader's memo answers as Better Auth would for the same Cookie header, for exactly as
// long: a signed-out or revoked session is refused when Better Auth itself would refuse it. Real
// Better Auth on an in-memory PGlite; only the clock (Date) is moved.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  batchSessionReads,
  createAuth,
  createSessionReader,
  SESSION_MEMO_SECONDS,
  signedCopyExpiry,
} from '../../src/server/auth.ts';
import type { Auth } from '../../src/server/auth.ts';
import { openDatabase } from '../../src/server/db/connect.ts';
import type { Database } from '../../src/server/db/connect.ts';
import * as t from '../../src/server/db/schema.ts';

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
async function signUp(): Promise<{ withCopy: string; tokenOnly: string; token: string }> {
  people += 1;
  const { headers } = await auth.api.signUpEmail({
    body: { name: `Learner ${people}`, email: `learner${people}@example.org`, password: 'a long password' },
    headers: new Headers({ origin: ORIGIN }),
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
    const reader = createSessionReader(counted);
    reads = 0;
    const first = await reader.read(at(tokenOnly));
    expect(first.user).not.toBeNull();
    // The database was read: a new signed copy goes back with the answer.
    expect(first.setCookies.some((line) => line.includes('session_data='))).toBe(true);
    await revoke(token);

    vi.setSystemTime(start + (SESSION_MEMO_SECONDS - 1) * 1000);
    expect((await reader.read(at(tokenOnly))).user).not.toBeNull();
    expect(reads).toBe(1);

    vi.setSystemTime(start + (SESSION_MEMO_SECONDS + 1) * 1000);
    expect((await reader.read(at(tokenOnly))).user).toBeNull();
    expect(reads).toBe(2);
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
