import { randomBytes, randomUUID } from 'node:crypto';

/** Row ids: random UUIDs (nothing to enumerate). */
export function newId(): string {
  return randomUUID();
}

/** A secret for links and cookies: 32 random bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
