import { desc, isNull } from 'drizzle-orm';
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import type { Db } from '../db/connect.ts';
import { newId } from '../ids.ts';
import { ltiKey } from './schema.ts';

/** How long a replaced key stays in the JWKS, so that platforms holding a cached copy still verify. */
const REPLACED_KEY_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

export interface SigningKey {
  kid: string;
  key: CryptoKey;
}

/**
 * The tool's RS256 keys, kept in the database: the first one is made on first start, `rotate()`
 * makes a new one to sign with and keeps the previous ones published for a week.
 */
export class ToolKeys {
  private readonly db: Db;
  private readonly now: () => number;
  private cached: SigningKey | null = null;
  private readonly rotated: (() => void)[] = [];

  constructor(db: Db, now: () => number = Date.now) {
    this.db = db;
    this.now = now;
  }

  private first: Promise<void> | null = null;

  /**
   * Makes the first key when there is none to sign with. Generating an RSA key takes 0.5-2 s on a
   * busy machine, so the server does not wait for it to start: `signing()` and `jwks()` do.
   */
  ensure(): Promise<void> {
    this.first ??= (async () => {
      const [current] = await this.current();
      if (!current) await this.rotate();
    })().catch((error: unknown) => {
      this.first = null; // the next use tries again
      throw error;
    });
    return this.first;
  }

  /** A new signing key; the previous ones stay in the JWKS until they are retired. */
  async rotate(): Promise<{ kid: string }> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const kid = newId();
    const common = { kid, alg: 'RS256', use: 'sig' };
    const privateJwk: JWK = { ...(await exportJWK(privateKey)), ...common };
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), ...common };
    const at = new Date(this.now());
    await this.db.transaction(async (tx) => {
      await tx.update(ltiKey).set({ replacedAt: at }).where(isNull(ltiKey.replacedAt));
      await tx.insert(ltiKey).values({ kid, privateJwk, publicJwk, createdAt: at });
    });
    this.cached = null;
    for (const listener of this.rotated) listener();
    return { kid };
  }

  /** Called after each rotation in this process (cached access tokens are dropped). */
  onRotate(listener: () => void): void {
    this.rotated.push(listener);
  }

  /** The key new assertions and deep-linking responses are signed with. */
  async signing(): Promise<SigningKey> {
    await this.ensure();
    const [row] = await this.current();
    if (!row) throw new Error('the LTI tool has no signing key yet');
    if (this.cached?.kid === row.kid) return this.cached;
    this.cached = { kid: row.kid, key: (await importJWK(row.privateJwk, 'RS256')) as CryptoKey };
    return this.cached;
  }

  /** The public keys platforms verify the tool's signatures with. */
  async jwks(): Promise<{ keys: JWK[] }> {
    await this.ensure();
    const rows = await this.db.select().from(ltiKey).where(isNull(ltiKey.retiredAt)).orderBy(desc(ltiKey.createdAt));
    const cutoff = this.now() - REPLACED_KEY_KEPT_MS;
    return {
      keys: rows.filter((row) => !row.replacedAt || row.replacedAt.getTime() > cutoff).map((row) => row.publicJwk),
    };
  }

  private current() {
    return this.db.select().from(ltiKey).where(isNull(ltiKey.replacedAt)).orderBy(desc(ltiKey.createdAt)).limit(1);
  }
}
