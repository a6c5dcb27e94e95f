// LTI Advantage services the tool calls on the platform: an OAuth 2 access token from the
// platform's token endpoint (client_credentials with an RS256 client assertion), Names and Role
// Provisioning (the roster, page by page), and Assignment and Grade Services (line items, scores).
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ToolKeys } from './keys.ts';
import type { Platform } from './verify.ts';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const TIMEOUT_MS = 15_000;
/** At most this many NRPS pages are read in one sync (a loop in the platform's paging stops here). */
const MAX_PAGES = 200;

export class ServiceError extends Error {}

export interface NrpsMember {
  user_id: string;
  status?: 'Active' | 'Inactive' | 'Deleted';
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  roles?: string[];
}

export interface LineItem {
  id: string;
  scoreMaximum: number;
  label: string;
  resourceId?: string;
  resourceLinkId?: string;
  tag?: string;
}

export interface Score {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
  timestamp: string;
}

export class PlatformServices {
  private readonly keys: ToolKeys;
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(keys: ToolKeys) {
    this.keys = keys;
    // After a rotation the next call asks for a new token, signed with the new key.
    keys.onRotate(() => this.tokens.clear());
  }

  /** An access token for these scopes, reused until a minute before it expires. */
  async accessToken(platform: Platform, scopes: string[]): Promise<string> {
    const cacheKey = `${platform.id} ${[...scopes].sort().join(' ')}`;
    const cached = this.tokens.get(cacheKey);
    if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
    const { kid, key } = await this.keys.signing();
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.tokenEndpoint)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti(randomUUID())
      .sign(key);
    const response = await fetch(platform.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: assertion,
        scope: scopes.join(' '),
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => null)) as { access_token?: string; expires_in?: number } | null;
    if (!response.ok || !body?.access_token) {
      throw new ServiceError(
        `the token endpoint ${platform.tokenEndpoint} answered ${response.status}: ${JSON.stringify(body)}`,
      );
    }
    this.tokens.set(cacheKey, { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 });
    return body.access_token;
  }

  /** Every member of the course, following the `Link: <…>; rel="next"` pages. */
  async members(platform: Platform, membershipsUrl: string): Promise<{ members: NrpsMember[]; pages: number }> {
    const token = await this.accessToken(platform, [
      'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    ]);
    const members: NrpsMember[] = [];
    let next: string | null = membershipsUrl;
    let pages = 0;
    while (next) {
      if (pages >= MAX_PAGES) throw new ServiceError(`the roster has more than ${MAX_PAGES} pages`);
      const response: Response = await fetch(next, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
        },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) throw new ServiceError(`${next} answered ${response.status}: ${await response.text()}`);
      const page = (await response.json()) as { members?: NrpsMember[] };
      members.push(...(page.members ?? []));
      pages += 1;
      next = nextLink(response.headers.get('link'));
    }
    return { members, pages };
  }

  /** The line item for an exercise in a course: found by resource id, else created (out of 100). */
  async lineItemFor(platform: Platform, lineItemsUrl: string, exercise: string, label: string): Promise<string> {
    const token = await this.accessToken(platform, ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem']);
    const url = new URL(lineItemsUrl);
    url.searchParams.set('resource_id', exercise);
    const listed = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!listed.ok) throw new ServiceError(`${url.href} answered ${listed.status}: ${await listed.text()}`);
    const found = ((await listed.json()) as LineItem[]).find((item) => item.resourceId === exercise);
    if (found) return found.id;
    const created = await fetch(lineItemsUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' },
      body: JSON.stringify({ scoreMaximum: 100, label, resourceId: exercise, tag: 'strata' }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!created.ok) throw new ServiceError(`${lineItemsUrl} answered ${created.status}: ${await created.text()}`);
    return ((await created.json()) as LineItem).id;
  }

  /** POSTs a score to a line item's /scores. */
  async postScore(platform: Platform, lineItemUrl: string, score: Score): Promise<void> {
    const token = await this.accessToken(platform, ['https://purl.imsglobal.org/spec/lti-ags/scope/score']);
    const url = new URL(lineItemUrl);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
      body: JSON.stringify(score),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new ServiceError(`${url.href} answered ${response.status}: ${await response.text()}`);
  }
}

/** The rel="next" target of an HTTP Link header, if any. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2]!)) return match[1]!;
  }
  return null;
}
