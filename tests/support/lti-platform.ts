// An LTI 1.3 platform (the LMS side) for tests, on loopback: its own RS256 keys and JWKS, an OIDC
// auth endpoint that form-posts a signed id_token back to the tool, a token endpoint for
// client_credentials that verifies the tool's RS256 client assertion against the tool's JWKS,
// Names and Role Provisioning with paging, Assignment and Grade Services line items and scores,
// and a deep-linking return URL. It records what it receives so that tests can check it.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  ta: 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
};
export const SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];

export interface LaunchUser {
  sub: string;
  name: string;
  email?: string;
  roles: string[];
}

export interface PreparedLaunch {
  user: LaunchUser;
  context: { id: string; title: string };
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  resourceLink?: { id: string; title: string };
  targetLinkUri: string;
  custom?: Record<string, string>;
  /** Changes the id_token's claims before signing (bad-input tests). */
  tamper?: (claims: Record<string, unknown>) => void;
  /** Signs with a key the platform's JWKS does not have, under the real kid (a bad signature). */
  forgeSignature?: boolean;
  /** false: the AGS claim has no `lineitem` (a link made without a gradebook column). */
  lineItem?: false;
}

/** A resource link the LMS made from a deep-linking content item (an assignment in the course). */
export interface CreatedLink {
  contextId: string;
  id: string;
  title: string;
  url: string;
  custom: Record<string, string>;
  /** The line item the LMS made from the item's `lineItem`, if it had one. */
  lineItem: LineItem | null;
}

export interface Member {
  user_id: string;
  name: string;
  email?: string;
  roles: string[];
  status?: 'Active' | 'Inactive';
}

export interface RecordedScore {
  lineItem: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

export interface LineItem {
  id: string;
  scoreMaximum: number;
  label: string;
  resourceId?: string;
  resourceLinkId?: string;
  tag?: string;
}

export class TestPlatform {
  readonly clientId = `client-${randomUUID()}`;
  readonly deploymentId = `deployment-${randomUUID()}`;
  url = '';
  /** The tool's origin (set before launches: its redirect URI and JWKS are under it). */
  tool = '';
  readonly authRequests: Record<string, string>[] = [];
  readonly tokenRequests: { scope: string; assertion: JWTPayload; kid: string | undefined }[] = [];
  readonly nrpsPages: string[] = [];
  readonly scores: RecordedScore[] = [];
  readonly lineItems = new Map<string, LineItem[]>();
  readonly members = new Map<string, Member[]>();
  readonly deepLinkResponses: JWTPayload[] = [];
  /** The resource links (assignments) made from deep-linking responses, in order. */
  readonly createdLinks: CreatedLink[] = [];
  /** How many times the tool fetched this platform's JWKS. */
  jwksFetches = 0;
  /** Members per NRPS page. */
  pageSize = 2;
  /** The next this-many score POSTs answer 503 (retries). */
  failScores = 0;
  /**
   * Courses whose AGS URLs look like Moodle's: the line items URL and each line item's id carry a
   * `?type_id=` query (and an item's id ends in /lineitem), which every call must keep.
   */
  readonly moodleStyle = new Set<string>();
  private readonly launches = new Map<string, PreparedLaunch>();
  private readonly usedJti = new Set<string>();
  /** The course a deep-linking request was made in, by the `data` it carried. */
  private readonly deepLinkContexts = new Map<string, string>();
  private readonly tokens = new Set<string>();
  private keys!: { kid: string; privateKey: CryptoKey; publicJwk: JWK; otherKey: CryptoKey };
  private server!: Server;

  get issuer() {
    return this.url;
  }

  /** What the tool's registration form takes for this platform. */
  registration(name = 'Test LMS') {
    return {
      name,
      issuer: this.issuer,
      clientId: this.clientId,
      deploymentIds: [this.deploymentId],
      authEndpoint: `${this.url}/auth`,
      tokenEndpoint: `${this.url}/token`,
      jwksUri: `${this.url}/jwks`,
    };
  }

  static async start(): Promise<TestPlatform> {
    const platform = new TestPlatform();
    const pair = await generateKeyPair('RS256', { extractable: true });
    const other = await generateKeyPair('RS256');
    const kid = `platform-${randomUUID()}`;
    platform.keys = {
      kid,
      privateKey: pair.privateKey,
      publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' },
      otherKey: other.privateKey,
    };
    const app = platform.app();
    const listener = getRequestListener((request) => app.fetch(request));
    platform.server = createServer((req, res) => void listener(req, res));
    await new Promise<void>((resolve) => platform.server.listen(0, '127.0.0.1', () => resolve()));
    platform.url = `http://127.0.0.1:${(platform.server.address() as AddressInfo).port}`;
    return platform;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Replaces the platform's signing key (the tool must refetch the JWKS on the unknown kid). */
  async rotateKey(): Promise<void> {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const kid = `platform-${randomUUID()}`;
    this.keys = {
      ...this.keys,
      kid,
      privateKey: pair.privateKey,
      publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' },
    };
  }

  /** Prepares a launch and returns the tool's login initiation URL for it (what the LMS links to). */
  loginUrl(launch: PreparedLaunch, extra: Record<string, string> = {}): string {
    const hint = randomUUID();
    this.launches.set(hint, launch);
    const url = new URL(`${this.tool}/api/lti/login`);
    const params = {
      iss: this.issuer,
      login_hint: hint,
      target_link_uri: launch.targetLinkUri,
      lti_message_hint: `message-${hint}`,
      client_id: this.clientId,
      lti_deployment_id: this.deploymentId,
      ...extra,
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.href;
  }

  private app() {
    const app = new Hono();
    app.get('/jwks', (c) => {
      this.jwksFetches += 1;
      return c.json({ keys: [this.keys.publicJwk] });
    });
    app.on(['GET', 'POST'], '/auth', async (c) => this.authorize(c));
    app.post('/token', async (c) => this.token(c));
    app.get('/nrps/:context', (c) => this.memberships(c));
    app.get('/ags/:context/lineitems', (c) => this.listLineItems(c));
    app.post('/ags/:context/lineitems', (c) => this.createLineItem(c));
    app.post('/ags/:context/lineitems/:item/scores', (c) => this.score(c));
    app.post('/ags/:context/lineitems/:item/lineitem/scores', (c) => this.score(c));
    app.post('/deep-link-return', async (c) => {
      const body = await c.req.parseBody();
      const { payload } = await jwtVerify(text(body.JWT), createRemoteJWKSet(new URL(`${this.tool}/api/lti/jwks`)), {
        issuer: this.clientId,
        audience: this.issuer,
        algorithms: ['RS256'],
      });
      this.deepLinkResponses.push(payload);
      // As Canvas and Moodle do: each resource link item becomes an assignment in the course,
      // with a gradebook column made from its lineItem.
      const contextId = this.deepLinkContexts.get(String(payload['https://purl.imsglobal.org/spec/lti-dl/claim/data']));
      const items = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'];
      if (contextId && Array.isArray(items)) {
        for (const item of items as Record<string, unknown>[]) {
          if (item.type !== 'ltiResourceLink') continue;
          const id = `dl-link-${randomUUID()}`;
          const title = String(item.title);
          let lineItem: LineItem | null = null;
          const declared = item.lineItem as Omit<LineItem, 'id'> | undefined;
          if (declared) {
            const column = this.lineItems.get(contextId) ?? [];
            lineItem = {
              ...declared,
              id: this.lineItemId(contextId, column.length + 1),
              resourceLinkId: id,
            };
            column.push(lineItem);
            this.lineItems.set(contextId, column);
          }
          const custom = (item.custom ?? {}) as Record<string, string>;
          this.createdLinks.push({ contextId, id, title, url: String(item.url), custom, lineItem });
        }
      }
      return c.html('<p>Items received</p>');
    });
    return app;
  }

  private async authorize(c: Context) {
    const params =
      c.req.method === 'POST'
        ? (Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, text(v)])) as Record<
            string,
            string
          >)
        : c.req.query();
    this.authRequests.push(params);
    const problems: string[] = [];
    const expect = (name: string, value: string) => {
      if (params[name] !== value) problems.push(`${name} is ${params[name]}, not ${value}`);
    };
    expect('scope', 'openid');
    expect('response_type', 'id_token');
    expect('response_mode', 'form_post');
    expect('prompt', 'none');
    expect('client_id', this.clientId);
    expect('redirect_uri', `${this.tool}/api/lti/launch`);
    if (!params.nonce) problems.push('no nonce');
    if (!params.state) problems.push('no state');
    const launch = params.login_hint ? this.launches.get(params.login_hint) : undefined;
    if (!launch) problems.push('unknown login_hint');
    if (params.lti_message_hint !== `message-${params.login_hint}`) problems.push('lti_message_hint not echoed');
    if (problems.length > 0 || !launch) return c.text(`bad authentication request: ${problems.join('; ')}`, 400);
    const id_token = await this.idToken(launch, params.nonce!);
    return c.html(autoPost(params.redirect_uri!, { id_token, state: params.state! }));
  }

  /** A signed id_token for a prepared launch. */
  async idToken(launch: PreparedLaunch, nonce: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const context = launch.context;
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      aud: this.clientId,
      sub: launch.user.sub,
      exp: now + 300,
      iat: now,
      nonce,
      name: launch.user.name,
      ...(launch.user.email ? { email: launch.user.email } : {}),
      [`${LTI}message_type`]: launch.messageType ?? 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: this.deploymentId,
      [`${LTI}target_link_uri`]: launch.targetLinkUri,
      [`${LTI}roles`]: launch.user.roles,
      [`${LTI}context`]: { id: context.id, title: context.title, label: context.title.slice(0, 8) },
      [`${LTI}custom`]: launch.custom ?? {},
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
        context_memberships_url: `${this.url}/nrps/${context.id}`,
        service_versions: ['2.0'],
      },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: SCOPES.slice(0, 2),
        lineitems: `${this.url}/ags/${context.id}/lineitems${this.query(context.id)}`,
        ...(launch.resourceLink && launch.lineItem !== false
          ? { lineitem: this.lineItemFor(context.id, launch.resourceLink) }
          : {}),
      },
    };
    if (launch.resourceLink) claims[`${LTI}resource_link`] = launch.resourceLink;
    if (launch.messageType === 'LtiDeepLinkingRequest') {
      claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
        deep_link_return_url: `${this.url}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['window', 'iframe'],
        accept_multiple: true,
        data: `data-${nonce.slice(0, 8)}`,
      };
      this.deepLinkContexts.set(`data-${nonce.slice(0, 8)}`, context.id);
    }
    launch.tamper?.(claims);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.keys.kid, typ: 'JWT' })
      .sign(launch.forgeSignature ? this.keys.otherKey : this.keys.privateKey);
  }

  /** The line item an LMS makes for a resource link when the assignment is created. */
  private lineItemFor(contextId: string, link: { id: string; title: string }): string {
    const items = this.lineItems.get(contextId) ?? [];
    let item = items.find((i) => i.resourceLinkId === link.id);
    if (!item) {
      item = {
        id: this.lineItemId(contextId, items.length + 1),
        scoreMaximum: 100,
        label: link.title,
        resourceLinkId: link.id,
      };
      items.push(item);
      this.lineItems.set(contextId, items);
    }
    return item.id;
  }

  private async token(c: Context) {
    const body = await c.req.parseBody();
    if (body.grant_type !== 'client_credentials') return c.json({ error: 'unsupported_grant_type' }, 400);
    if (body.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return c.json({ error: 'invalid_client', error_description: 'client_assertion_type' }, 400);
    let assertion: JWTPayload;
    let kid: string | undefined;
    try {
      ({
        payload: assertion,
        protectedHeader: { kid },
      } = await jwtVerify(text(body.client_assertion), createRemoteJWKSet(new URL(`${this.tool}/api/lti/jwks`)), {
        issuer: this.clientId,
        subject: this.clientId,
        audience: `${this.url}/token`,
        algorithms: ['RS256'],
        maxTokenAge: 300,
      }));
    } catch (error) {
      return c.json({ error: 'invalid_client', error_description: (error as Error).message }, 401);
    }
    if (!assertion.jti || this.usedJti.has(assertion.jti))
      return c.json({ error: 'invalid_client', error_description: 'jti reused' }, 401);
    this.usedJti.add(assertion.jti);
    const scope = text(body.scope);
    this.tokenRequests.push({ scope, assertion, kid });
    const token = randomUUID();
    this.tokens.add(token);
    return c.json({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope });
  }

  private authorized(c: Context): boolean {
    const header = c.req.header('authorization') ?? '';
    return header.startsWith('Bearer ') && this.tokens.has(header.slice(7));
  }

  private memberships(c: Context) {
    if (!this.authorized(c)) return c.json({ error: 'unauthorized' }, 401);
    const context = c.req.param('context')!;
    const page = Number(c.req.query('page') ?? '1');
    this.nrpsPages.push(c.req.url);
    const all = this.members.get(context) ?? [];
    const members = all.slice((page - 1) * this.pageSize, page * this.pageSize);
    if (page * this.pageSize < all.length)
      c.header('Link', `<${this.url}/nrps/${context}?page=${page + 1}>; rel="next"`);
    c.header('Content-Type', 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json');
    return c.body(
      JSON.stringify({
        id: `${this.url}/nrps/${context}`,
        context: { id: context },
        members: members.map((m) => ({ status: m.status ?? 'Active', ...m })),
      }),
    );
  }

  private listLineItems(c: Context) {
    if (!this.authorized(c)) return c.json({ error: 'unauthorized' }, 401);
    if (!this.queryKept(c)) return c.json({ error: 'type_id missing' }, 400);
    const items = this.lineItems.get(c.req.param('context')!) ?? [];
    const resourceId = c.req.query('resource_id');
    c.header('Content-Type', 'application/vnd.ims.lis.v2.lineitemcontainer+json');
    return c.body(JSON.stringify(resourceId ? items.filter((i) => i.resourceId === resourceId) : items));
  }

  private async createLineItem(c: Context) {
    if (!this.authorized(c)) return c.json({ error: 'unauthorized' }, 401);
    const context = c.req.param('context')!;
    const body = await c.req.json<Omit<LineItem, 'id'>>();
    const items = this.lineItems.get(context) ?? [];
    if (!this.queryKept(c)) return c.json({ error: 'type_id missing' }, 400);
    const item = { ...body, id: this.lineItemId(context, items.length + 1) };
    items.push(item);
    this.lineItems.set(context, items);
    c.header('Content-Type', 'application/vnd.ims.lis.v2.lineitem+json');
    return c.body(JSON.stringify(item), 201);
  }

  /** Moodle's ?type_id= for a course in moodleStyle, else nothing. */
  private query(contextId: string): string {
    return this.moodleStyle.has(contextId) ? '?type_id=7' : '';
  }

  private lineItemId(contextId: string, n: number): string {
    return this.moodleStyle.has(contextId)
      ? `${this.url}/ags/${contextId}/lineitems/${n}/lineitem${this.query(contextId)}`
      : `${this.url}/ags/${contextId}/lineitems/${n}`;
  }

  /** A Moodle-style course's AGS calls must carry its type_id (Moodle answers 400 without it). */
  private queryKept(c: Context): boolean {
    const context = c.req.param('context')!;
    return !this.moodleStyle.has(context) || c.req.query('type_id') === '7';
  }

  private async score(c: Context) {
    if (!this.authorized(c)) return c.json({ error: 'unauthorized' }, 401);
    if (!this.queryKept(c)) return c.json({ error: 'type_id missing' }, 400);
    if (this.failScores > 0) {
      this.failScores -= 1;
      return c.json({ error: 'try again later' }, 503);
    }
    const url = new URL(c.req.url);
    url.pathname = url.pathname.replace(/\/scores$/, '');
    const lineItem = url.href;
    this.scores.push({
      lineItem,
      contentType: c.req.header('content-type'),
      body: await c.req.json<Record<string, unknown>>(),
    });
    return c.body(null, 204);
  }
}

/** A form field as text (a file upload is not expected here). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function autoPost(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');
  return `<!doctype html><html><body><form method="post" action="${escape(action)}">${inputs}</form><script>document.forms[0].submit()</script></body></html>`;
}

/** The action and fields of the first form in a page (what the auto-submit would post). */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const unescape = (text: string) =>
    text
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
      .replace(/&(amp|lt|gt|quot);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[name]!);
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in ${html.slice(0, 200)}`);
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescape(match[1]!)] = unescape(match[2]!);
  }
  return { action: unescape(action), fields };
}
