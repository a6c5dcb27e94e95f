import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import type { Db } from '../db/connect.ts';
import { newSecret } from '../ids.ts';
import { CLAIM, MESSAGE_TYPES, readClaims } from './claims.ts';
import type { LaunchClaims } from './claims.ts';
import { ltiNonce, ltiPlatform } from './schema.ts';

export type Platform = typeof ltiPlatform.$inferSelect;

/** Clock skew allowed on exp and iat, and how old an id_token may be. */
export const CLOCK_SKEW_SECONDS = 60;
export const MAX_TOKEN_AGE_SECONDS = 600;
/** How long a login initiation waits for its launch. */
const LOGIN_TTL_MS = 10 * 60 * 1000;

/** A launch check that failed: `check` names it on the error page and in the log. */
export class LaunchError extends Error {
  readonly check: string;
  readonly claims: Record<string, unknown>;
  constructor(check: string, message: string, claims: Record<string, unknown> = {}) {
    super(message);
    this.check = check;
    this.claims = claims;
  }
}

export const stateCookieName = (state: string) =>
  `strata_lti_${createHash('sha256').update(state).digest('hex').slice(0, 16)}`;
const hash = (value: string) => createHash('sha256').update(value).digest('hex');

export interface LoginRequest {
  iss?: string;
  login_hint?: string;
  target_link_uri?: string;
  lti_message_hint?: string;
  client_id?: string;
  lti_deployment_id?: string;
}

/** The parts of an id_token worth logging (never the token itself). */
function loggable(payload: JWTPayload | null): Record<string, unknown> {
  if (!payload) return {};
  return {
    iss: payload.iss,
    aud: payload.aud,
    azp: payload.azp,
    sub: payload.sub,
    exp: payload.exp,
    iat: payload.iat,
    nonce: payload.nonce,
    deployment_id: payload[CLAIM.deploymentId],
    version: payload[CLAIM.version],
    message_type: payload[CLAIM.messageType],
  };
}

export class LaunchVerifier {
  private readonly db: Db;
  private readonly origin: string;
  private readonly now: () => number;
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(db: Db, origin: string, now: () => number = Date.now) {
    this.db = db;
    this.origin = origin;
    this.now = now;
  }

  /**
   * OIDC login initiation: checks the platform is registered and returns where to send the browser
   * (the platform's auth endpoint) and the state to bind to a cookie. The nonce is stored, single use.
   */
  async login(request: LoginRequest): Promise<{ redirect: string; state: string }> {
    const claims = { ...request };
    if (!request.iss) throw new LaunchError('iss', 'the login initiation has no iss', claims);
    if (!request.login_hint) throw new LaunchError('login_hint', 'the login initiation has no login_hint', claims);
    if (!request.target_link_uri)
      throw new LaunchError('target_link_uri', 'the login initiation has no target_link_uri', claims);
    if (!this.ours(request.target_link_uri))
      throw new LaunchError('target_link_uri', `the target_link_uri is not on this tool (${this.origin})`, claims);
    const platforms = await this.db.select().from(ltiPlatform).where(eq(ltiPlatform.issuer, request.iss));
    if (platforms.length === 0)
      throw new LaunchError('iss', `no platform is registered with issuer ${request.iss}`, claims);
    const platform = request.client_id
      ? platforms.find((p) => p.clientId === request.client_id)
      : platforms.length === 1
        ? platforms[0]
        : undefined;
    if (!platform) {
      throw new LaunchError(
        'client_id',
        request.client_id
          ? `no registration of ${request.iss} has client id ${request.client_id}`
          : `${request.iss} has several registrations and the login initiation names no client_id`,
        claims,
      );
    }
    if (request.lti_deployment_id && !platform.deploymentIds.includes(request.lti_deployment_id)) {
      throw new LaunchError('deployment_id', `deployment ${request.lti_deployment_id} is not registered`, claims);
    }
    const state = newSecret();
    const nonce = newSecret();
    // Nonces a day past their expiry can no longer be told apart from unknown ones: drop them.
    await this.db.delete(ltiNonce).where(lt(ltiNonce.expiresAt, new Date(this.now() - 24 * 60 * 60 * 1000)));
    await this.db.insert(ltiNonce).values({
      nonce,
      stateHash: hash(state),
      platformId: platform.id,
      expiresAt: new Date(this.now() + LOGIN_TTL_MS),
    });
    const url = new URL(platform.authEndpoint);
    const params: Record<string, string> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: `${this.origin}/api/lti/launch`,
      login_hint: request.login_hint,
      state,
      nonce,
    };
    if (request.lti_message_hint) params.lti_message_hint = request.lti_message_hint;
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return { redirect: url.href, state };
  }

  /**
   * Checks a launch (the platform's form post) in order: state against the browser's cookie, the
   * issuer, the audience, the signature against the platform's JWKS, exp/iat, the nonce (used up
   * here), the deployment, the version and the message type. Throws a LaunchError naming the first
   * check that failed.
   */
  async verify(form: { id_token?: string; state?: string }, cookieState: string | undefined) {
    if (!form.state) throw new LaunchError('state', 'the launch has no state');
    if (!cookieState || !sameString(cookieState, form.state)) {
      throw new LaunchError(
        'state',
        'the state does not belong to a login started in this browser (forged, expired, or its cookie was blocked)',
      );
    }
    if (!form.id_token) throw new LaunchError('id_token', 'the launch has no id_token');
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(form.id_token);
    } catch (error) {
      throw new LaunchError('id_token', `the id_token is not a JWT: ${(error as Error).message}`);
    }
    const claims = loggable(unverified);
    const iss = unverified.iss;
    if (!iss) throw new LaunchError('iss', 'the id_token has no iss', claims);
    const platforms = await this.db.select().from(ltiPlatform).where(eq(ltiPlatform.issuer, iss));
    if (platforms.length === 0) throw new LaunchError('iss', `no platform is registered with issuer ${iss}`, claims);
    const audiences = typeof unverified.aud === 'string' ? [unverified.aud] : (unverified.aud ?? []);
    const azp = typeof unverified.azp === 'string' ? unverified.azp : undefined;
    // The registration the token is for: the one its azp names, else its registered audience.
    const platform = azp
      ? platforms.find((p) => p.clientId === azp && audiences.includes(azp))
      : platforms.find((p) => audiences.includes(p.clientId));
    if (!platform) {
      if (azp && platforms.some((p) => audiences.includes(p.clientId))) {
        throw new LaunchError(
          'azp',
          `the id_token's azp (${azp}) is not a client id registered for ${iss} in its audience (${audiences.join(', ')})`,
          claims,
        );
      }
      throw new LaunchError(
        'aud',
        `the id_token's audience (${audiences.join(', ') || 'none'}) has no client id registered for ${iss}`,
        claims,
      );
    }
    // The LTI security framework (5.1.3): a token with several audiences names the tool in azp.
    if (audiences.length > 1 && !azp) {
      throw new LaunchError(
        'azp',
        `the id_token has several audiences (${audiences.join(', ')}) and no azp naming ${platform.clientId}`,
        claims,
      );
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(form.id_token, this.keySet(platform.jwksUri), {
        issuer: platform.issuer,
        audience: platform.clientId,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_SKEW_SECONDS,
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
        currentDate: new Date(this.now()),
        requiredClaims: ['exp', 'iat', 'nonce'],
      }));
    } catch (error) {
      throw joseFailure(error, claims, platform.jwksUri);
    }
    const nonce = String(payload.nonce);
    const [used] = await this.db
      .update(ltiNonce)
      .set({ usedAt: new Date(this.now()) })
      .where(
        and(
          eq(ltiNonce.nonce, nonce),
          isNull(ltiNonce.usedAt),
          eq(ltiNonce.platformId, platform.id),
          gt(ltiNonce.expiresAt, new Date(this.now())),
        ),
      )
      .returning();
    if (!used) {
      const [known] = await this.db.select().from(ltiNonce).where(eq(ltiNonce.nonce, nonce));
      throw new LaunchError(
        'nonce',
        !known
          ? 'the nonce was not issued by this tool'
          : known.usedAt
            ? 'the nonce was already used (a replayed launch)'
            : known.platformId !== platform.id
              ? 'the nonce was issued for another platform'
              : 'the nonce expired before the launch arrived',
        claims,
      );
    }
    if (used.stateHash !== hash(form.state)) {
      throw new LaunchError('state', 'the state is not the one sent with this nonce', claims);
    }
    const deploymentId = payload[CLAIM.deploymentId];
    if (typeof deploymentId !== 'string' || !platform.deploymentIds.includes(deploymentId)) {
      throw new LaunchError(
        'deployment_id',
        `deployment ${String(deploymentId)} is not registered for ${platform.name}`,
        claims,
      );
    }
    if (payload[CLAIM.version] !== '1.3.0') {
      throw new LaunchError('version', `the LTI version is ${String(payload[CLAIM.version])}, not 1.3.0`, claims);
    }
    const messageType = payload[CLAIM.messageType];
    if (!MESSAGE_TYPES.includes(messageType as (typeof MESSAGE_TYPES)[number])) {
      throw new LaunchError('message_type', `message type ${String(messageType)} is not supported`, claims);
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
      throw new LaunchError('sub', 'the launch has no sub (anonymous launches cannot sign in)', claims);
    }
    if (!Array.isArray(payload[CLAIM.roles])) throw new LaunchError('roles', 'the launch has no roles claim', claims);
    const read: LaunchClaims = readClaims(payload);
    if (read.messageType === 'LtiResourceLinkRequest' && !read.resourceLink) {
      throw new LaunchError('resource_link', 'the resource link launch has no resource_link id', claims);
    }
    if (read.messageType === 'LtiDeepLinkingRequest' && !read.deepLinking) {
      throw new LaunchError('deep_linking_settings', 'the deep linking request has no deep_link_return_url', claims);
    }
    if (read.targetLinkUri && !this.ours(read.targetLinkUri)) {
      throw new LaunchError('target_link_uri', `the target_link_uri is not on this tool (${this.origin})`, claims);
    }
    return { platform, claims: read, logged: claims };
  }

  private ours(uri: string): boolean {
    return uri === this.origin || uri.startsWith(`${this.origin}/`);
  }

  /** One cached JWKS per platform: jose refetches it on an unknown kid (at most every 5 s) and every 10 min. */
  private keySet(jwksUri: string) {
    let set = this.keySets.get(jwksUri);
    if (!set) {
      set = createRemoteJWKSet(new URL(jwksUri), {
        cooldownDuration: 5_000,
        cacheMaxAge: 600_000,
        timeoutDuration: 10_000,
      });
      this.keySets.set(jwksUri, set);
    }
    return set;
  }
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function joseFailure(error: unknown, claims: Record<string, unknown>, jwksUri: string): LaunchError {
  if (error instanceof errors.JWTExpired) {
    // jose names 'iat' when the token was issued too long ago, 'exp' when it expired.
    return error.claim === 'iat'
      ? new LaunchError('iat', `the id_token was issued too long ago (${error.message})`, claims)
      : new LaunchError('exp', `the id_token expired (${error.message})`, claims);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new LaunchError(error.claim, `the id_token's ${error.claim} failed: ${error.message}`, claims);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new LaunchError('signature', "the id_token's signature does not verify with the platform's key", claims);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new LaunchError(
      'signature',
      `no key in the platform's JWKS (${jwksUri}) matches the id_token's kid`,
      claims,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new LaunchError('alg', 'the id_token is not signed with RS256', claims);
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error instanceof TypeError) {
    return new LaunchError('jwks', `could not fetch the platform's JWKS from ${jwksUri}: ${error.message}`, claims);
  }
  if (error instanceof errors.JOSEError || error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new LaunchError('id_token', `the id_token is not valid: ${(error as Error).message}`, claims);
  }
  return new LaunchError('id_token', `the id_token could not be verified: ${String(error)}`, claims);
}
