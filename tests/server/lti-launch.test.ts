/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// LTI 1.3 launches against a platform written in the test suite (tests/support/lti-platform.ts),
// over real HTTP on loopback, on the embedded PGlite and on a real Postgres: registration, the
// OIDC login initiation, learner and instructor launches that sign in, enrol and open the linked
// exercise, and every bad-input case refused with a page naming the check and nobody signed in.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serve } from '../../src/server/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { ROLE, TestPlatform } from '../support/lti-platform.ts';
import type { PreparedLaunch } from '../support/lti-platform.ts';
import { startPostgres } from '../support/postgres.ts';
import type { TestPostgres } from '../support/postgres.ts';
import { copyExercises, LtiBrowser, sessionCookieSet } from './lti-support.ts';

const EXERCISE = '01-import-side-effects';
const SECOND = '05-break-the-cycle';

describe.each(['pglite', 'postgres'] as const)('LTI 1.3 launches on %s', (backend) => {
  let postgres: TestPostgres | null = null;
  let running: RunningServer;
  let platform: TestPlatform;
  let tool = '';
  let admin: LtiBrowser;
  const warnings: string[] = [];
  const course = { id: `course-${backend}`, title: `Architecture 101 (${backend})` };
  const launch = (overrides: Partial<PreparedLaunch> = {}): PreparedLaunch => ({
    user: { sub: 'learner-1', name: 'Lea Learner', email: 'lea@lms.example', roles: [ROLE.learner] },
    context: course,
    resourceLink: { id: 'link-1', title: 'Import side effects' },
    targetLinkUri: `${tool}/exercises/${EXERCISE}/`,
    ...overrides,
  });

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation((line: unknown) => {
      warnings.push(String(line));
    });
    let databaseUrl: string | null = null;
    if (backend === 'postgres') {
      postgres = await startPostgres();
      databaseUrl = await postgres.createDatabase('strata_lti');
    }
    platform = await TestPlatform.start();
    running = await serve({
      cohort: {
        dataDir: 'memory://',
        databaseUrl,
        exercisesRoot: await copyExercises([EXERCISE, SECOND]),
        workers: 0,
        packageVersion: '0.0.0-test',
      },
      host: '127.0.0.1',
      port: 0,
      siteDir: null,
    });
    tool = running.url;
    platform.tool = tool;
    admin = new LtiBrowser(tool);
    const token = running.cohort!.setupLink!.split('#token=')[1]!;
    const setup = await admin.send('POST', '/api/setup', {
      token,
      name: 'Ada Admin',
      email: 'ada@example.org',
      password: 'a long password',
    });
    expect(setup.status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
    await platform?.stop();
    postgres?.stop();
    vi.restoreAllMocks();
  }, 60_000);

  it('shows an instructor the tool URLs and JWKS, and stores a platform registration', async () => {
    const empty = await admin.json('/api/lti/platforms');
    expect(empty.tool).toMatchObject({
      loginUrl: `${tool}/api/lti/login`,
      redirectUris: [`${tool}/api/lti/launch`],
      jwksUrl: `${tool}/api/lti/jwks`,
    });
    expect(empty.jwks.keys).toHaveLength(1);
    expect(empty.jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(empty.jwks.keys[0].d, 'the JWKS has no private part').toBeUndefined();

    const bad = await admin.send('POST', '/api/lti/platforms', { ...platform.registration(), jwksUri: 'not a url' });
    expect(bad.status).toBe(400);
    expect(bad.json.problems.join('\n')).toContain('jwksUri');

    const anonymous = new LtiBrowser(tool);
    expect((await anonymous.send('POST', '/api/lti/platforms', platform.registration())).status).toBe(401);

    const created = await admin.send('POST', '/api/lti/platforms', platform.registration());
    expect(created.status).toBe(201);
    const again = await admin.send('POST', '/api/lti/platforms', platform.registration());
    expect(again.status).toBe(409);
    const listed = await admin.json('/api/lti/platforms');
    expect(listed.platforms).toHaveLength(1);
    expect(listed.platforms[0]).toMatchObject({ issuer: platform.issuer, deploymentIds: [platform.deploymentId] });
  });

  it('an instructor launch creates the instructor, the cohort for the course, and opens the exercise', async () => {
    const browser = new LtiBrowser(tool);
    const teacher = launch({
      user: { sub: 'teacher-1', name: 'Ines Instructor', email: 'ines@lms.example', roles: [ROLE.instructor] },
      custom: { exercise: EXERCISE },
    });
    const { authUrl, action, fields, login } = await browser.startLaunch(platform.loginUrl(teacher));
    expect(`${authUrl.origin}${authUrl.pathname}`).toBe(`${platform.url}/auth`);
    const params = Object.fromEntries(authUrl.searchParams);
    expect(params).toMatchObject({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: `${tool}/api/lti/launch`,
    });
    expect(params.state!.length).toBeGreaterThanOrEqual(40);
    expect(params.nonce!.length).toBeGreaterThanOrEqual(40);
    expect(login.setCookies.join('\n')).toMatch(/strata_lti_\w+=[^;]+;.*HttpOnly/i);

    const landed = await browser.request(action, { form: fields, origin: platform.url });
    expect(landed.status, landed.text).toBe(303);
    expect(landed.location).toBe(`${tool}/exercises/${EXERCISE}/`);
    expect(sessionCookieSet(landed)).toBe(true);
    const me = await browser.json('/api/me');
    expect(me.user).toMatchObject({ name: 'Ines Instructor', email: 'ines@lms.example', isInstructor: true });
    expect(me.cohorts).toEqual([expect.objectContaining({ name: course.title, role: 'instructor' })]);
    const cohort = await browser.json(`/api/cohorts/${me.cohorts[0].id}`);
    expect(cohort.assignments.map((a: { exercise: string }) => a.exercise)).toEqual([EXERCISE]);
  });

  it('a learner launch signs the learner in, enrols them in the course’s cohort and opens the linked exercise', async () => {
    const browser = new LtiBrowser(tool);
    const landed = await browser.launch(platform, platform.loginUrl(launch()));
    expect(landed.status, landed.text).toBe(303);
    expect(landed.location).toBe(`${tool}/exercises/${EXERCISE}/`);
    const me = await browser.json('/api/me');
    expect(me.user).toMatchObject({ name: 'Lea Learner', isInstructor: false });
    expect(me.cohorts).toEqual([expect.objectContaining({ name: course.title, role: 'learner' })]);

    // The same LMS user launching again (another browser) is the same Strata user; a second
    // resource link adds its exercise to the cohort.
    const other = new LtiBrowser(tool);
    const second = await other.launch(
      platform,
      platform.loginUrl(
        launch({
          resourceLink: { id: 'link-2', title: 'Break the cycle' },
          targetLinkUri: `${tool}/exercises/${SECOND}/`,
        }),
      ),
    );
    expect(second.location).toBe(`${tool}/exercises/${SECOND}/`);
    const again = await other.json('/api/me');
    expect(again.user.id).toBe(me.user.id);
    const cohort = await other.json(`/api/cohorts/${me.cohorts[0].id}`);
    expect(cohort.assignments.map((a: { exercise: string }) => a.exercise)).toEqual([EXERCISE, SECOND]);
  });

  it('a teaching assistant launches as a TA of the cohort', async () => {
    const browser = new LtiBrowser(tool);
    const landed = await browser.launch(
      platform,
      platform.loginUrl(launch({ user: { sub: 'ta-1', name: 'Tom Assistant', roles: [ROLE.ta] } })),
    );
    expect(landed.status, landed.text).toBe(303);
    const me = await browser.json('/api/me');
    expect(me.user.email).toMatch(/@lti\.invalid$/);
    expect(me.cohorts).toEqual([expect.objectContaining({ role: 'ta' })]);
  });

  /** Expects a refusal naming `check`, a log line with the claims, and nobody signed in. */
  async function expectRefused(browser: LtiBrowser, hop: Awaited<ReturnType<LtiBrowser['request']>>, check: string) {
    expect(hop.status, hop.text).toBeGreaterThanOrEqual(400);
    expect(hop.text).toContain(`data-check="${check}"`);
    expect(hop.text).toContain('Nobody was signed in');
    expect(sessionCookieSet(hop)).toBe(false);
    expect((await browser.json('/api/me')).user).toBeNull();
    expect(warnings.some((line) => line.startsWith(`lti: launch refused: check=${check}:`))).toBe(true);
  }

  it('refuses a replayed launch (the nonce is single use), even with the state cookie replayed too', async () => {
    const browser = new LtiBrowser(tool);
    const { action, fields } = await browser.startLaunch(platform.loginUrl(launch()));
    const stateCookies = new Map(browser.jar);
    const first = await browser.request(action, { form: fields, origin: platform.url });
    expect(first.status).toBe(303);
    const attacker = new LtiBrowser(tool);
    for (const [name, value] of stateCookies) attacker.jar.set(name, value);
    const replayed = await attacker.request(action, { form: fields, origin: platform.url });
    await expectRefused(attacker, replayed, 'nonce');
    expect(warnings.at(-1)).toContain('"sub":"learner-1"');
    expect(warnings.at(-1)).toContain('already used');
  });

  it('refuses a forged state and a missing state', async () => {
    const browser = new LtiBrowser(tool);
    const { action, fields } = await browser.startLaunch(platform.loginUrl(launch()));
    await expectRefused(
      browser,
      await browser.request(action, { form: { ...fields, state: 'forged-state' }, origin: platform.url }),
      'state',
    );
    const { state: _dropped, ...withoutState } = fields;
    await expectRefused(browser, await browser.request(action, { form: withoutState, origin: platform.url }), 'state');
    // A state that is real but was started in another browser (no cookie here).
    const elsewhere = new LtiBrowser(tool);
    await expectRefused(elsewhere, await elsewhere.request(action, { form: fields, origin: platform.url }), 'state');
  });

  const tampered: [string, string, Partial<PreparedLaunch>][] = [
    ['a wrong audience', 'aud', { tamper: (claims) => void (claims.aud = 'another-tool') }],
    [
      'an unknown deployment',
      'deployment_id',
      {
        tamper: (claims) =>
          void (claims['https://purl.imsglobal.org/spec/lti/claim/deployment_id'] = 'deployment-unknown'),
      },
    ],
    [
      'an expired token',
      'exp',
      {
        tamper: (claims) => {
          const now = Math.floor(Date.now() / 1000);
          claims.iat = now - 400;
          claims.exp = now - 300;
        },
      },
    ],
    [
      'several audiences and no azp',
      'azp',
      { tamper: (claims) => void (claims.aud = [claims.aud, 'https://another-tool.example']) },
    ],
    ['an azp naming another client', 'azp', { tamper: (claims) => void (claims.azp = 'another-tool') }],
    [
      'an iat in the future beyond the clock skew',
      'iat',
      {
        tamper: (claims) => {
          const now = Math.floor(Date.now() / 1000);
          claims.iat = now + 300;
          claims.exp = now + 600;
        },
      },
    ],
    [
      'a token issued too long ago',
      'iat',
      {
        tamper: (claims) => {
          const now = Math.floor(Date.now() / 1000);
          claims.iat = now - 3600;
          claims.exp = now + 300;
        },
      },
    ],
    ['a nonce the tool never issued', 'nonce', { tamper: (claims) => void (claims.nonce = 'made-up-nonce') }],
    ['a missing nonce', 'nonce', { tamper: (claims) => void delete claims.nonce }],
    ['a bad signature', 'signature', { forgeSignature: true }],
    ['an unknown issuer', 'iss', { tamper: (claims) => void (claims.iss = 'https://unknown-lms.example') }],
    [
      'another LTI version',
      'version',
      { tamper: (claims) => void (claims['https://purl.imsglobal.org/spec/lti/claim/version'] = '1.1') },
    ],
    [
      'an unknown message type',
      'message_type',
      {
        tamper: (claims) =>
          void (claims['https://purl.imsglobal.org/spec/lti/claim/message_type'] = 'LtiSubmissionReviewRequest'),
      },
    ],
  ];
  it.each(tampered)('refuses %s (check %s)', async (_name, check, change) => {
    const browser = new LtiBrowser(tool);
    const hop = await browser.launch(platform, platform.loginUrl(launch(change)));
    await expectRefused(browser, hop, check);
  });

  it('accepts Canvas-style extra audiences when azp names the client id, and exp/iat within the clock skew', async () => {
    const accepted: [string, PreparedLaunch['tamper']][] = [
      [
        'aud with another entry and azp',
        (claims) => {
          claims.azp = claims.aud;
          claims.aud = [claims.aud, 'https://canvas.instructure.com/another-audience'];
        },
      ],
      [
        'an exp 30 s ago (a slow clock on the tool)',
        (claims) => {
          const now = Math.floor(Date.now() / 1000);
          claims.iat = now - 90;
          claims.exp = now - 30;
        },
      ],
      [
        'an iat 30 s ahead (a fast clock on the platform)',
        (claims) => {
          const now = Math.floor(Date.now() / 1000);
          claims.iat = now + 30;
          claims.exp = now + 330;
        },
      ],
    ];
    for (const [name, tamper] of accepted) {
      const browser = new LtiBrowser(tool);
      const landed = await browser.launch(platform, platform.loginUrl(launch({ tamper })));
      expect(landed.status, `${name}: ${landed.text}`).toBe(303);
      expect((await browser.json('/api/me')).user.name, name).toBe('Lea Learner');
    }
  });

  it('logs the claim values of a refused launch (never the token)', async () => {
    const browser = new LtiBrowser(tool);
    const { action, fields } = await browser.startLaunch(
      platform.loginUrl(launch({ tamper: (claims) => void (claims.aud = [claims.aud, 'https://x.example']) })),
    );
    await expectRefused(browser, await browser.request(action, { form: fields, origin: platform.url }), 'azp');
    const line = warnings.filter((l) => l.startsWith('lti: launch refused: check=azp:')).at(-1)!;
    const claims = JSON.parse(line.slice(line.indexOf('; claims ') + '; claims '.length)) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: platform.issuer,
      aud: [platform.clientId, 'https://x.example'],
      sub: 'learner-1',
      deployment_id: platform.deploymentId,
      version: '1.3.0',
      message_type: 'LtiResourceLinkRequest',
    });
    expect(line).not.toContain(fields.id_token!);
  });

  it('keeps the platform’s JWKS in a cache: launches one after another do not fetch it each time', async () => {
    const before = platform.jwksFetches;
    expect(before, 'earlier launches fetched it').toBeGreaterThan(0);
    for (let i = 0; i < 3; i += 1) {
      const landed = await new LtiBrowser(tool).launch(platform, platform.loginUrl(launch()));
      expect(landed.status, landed.text).toBe(303);
    }
    // At most one refetch (the cache's age may run out during the three on a slow machine).
    expect(platform.jwksFetches - before).toBeLessThanOrEqual(1);
  });

  it('refuses a login initiation from an unregistered issuer, and a target link off this tool', async () => {
    const browser = new LtiBrowser(tool);
    const unknown = await browser.request(platform.loginUrl(launch(), { iss: 'https://unknown-lms.example' }));
    await expectRefused(browser, unknown, 'iss');
    const offsite = await browser.request(platform.loginUrl(launch({ targetLinkUri: 'https://evil.example/' })));
    await expectRefused(browser, offsite, 'target_link_uri');
  });

  it('refuses an oversized launch body before reading it', async () => {
    // In process: over a socket the server answers before the client has sent the whole body.
    const response = await running.cohort!.api.fetch(
      new Request(`${tool}/api/lti/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: platform.url },
        body: new URLSearchParams({ id_token: 'x'.repeat(300 * 1024), state: 'anything' }).toString(),
      }),
    );
    expect(response.status).toBe(413);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('refreshes the platform’s JWKS when a launch is signed with a kid it has not seen', async () => {
    const fetched = platform.jwksFetches;
    await platform.rotateKey();
    // jose refetches a JWKS at most every few seconds: until then the new kid is unknown.
    let landed: Awaited<ReturnType<LtiBrowser['request']>> | null = null;
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const browser = new LtiBrowser(tool);
      landed = await browser.launch(platform, platform.loginUrl(launch()));
      if (landed.status === 303) break;
      expect(landed.text).toContain('data-check="signature"');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(landed?.status).toBe(303);
    expect(platform.jwksFetches, 'the unknown kid made the tool fetch the JWKS again').toBeGreaterThan(fetched);
  }, 120_000);
});
