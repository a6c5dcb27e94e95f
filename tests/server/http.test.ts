// The cohort API over real HTTP, as `strata serve` mounts it: the rate limits key on the socket's
// address, and a client cannot pick its own address with the header the server uses internally.
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serve } from '../../src/server/index.ts';
import type { RunningServer } from '../../src/server/index.ts';

let server: RunningServer;

beforeAll(async () => {
  server = await serve({
    siteDir: null,
    host: '127.0.0.1',
    port: 0,
    cohort: {
      dataDir: 'memory://',
      exercisesRoot: 'exercises',
      workers: 0,
      packageVersion: '0.0.0-test',
      signInPerMinute: 3,
    },
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

const signIn = (headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { origin: server.url, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email: 'nobody@example.org', password: 'wrong password' }),
  }).then((response) => response.status);

it('answers /api/health and nothing else outside /api', async () => {
  const health = (await (await fetch(`${server.url}/api/health`)).json()) as { ok: boolean; database: string };
  expect(health).toMatchObject({ ok: true, database: 'pglite' });
  expect((await fetch(`${server.url}/lessons/`)).status).toBe(404);
});

it('limits sign-in attempts by the socket address, whatever address header the client sends', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    statuses.push(await signIn({ 'x-strata-client-ip': `203.0.113.${i}`, 'x-forwarded-for': `198.51.100.${i}` }));
  }
  expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
  expect(statuses.slice(3)).toEqual([429, 429]);
});

/**
 * POSTs to the API with node:http: `declared` is the Content-Length sent (none: chunked), `chunks`
 * what is written. Resolves with the status and body of the answer, which may come before the
 * body was sent in full (a refused body is not read).
 */
function post(path: string, chunks: string[], declared?: number) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        origin: server.url,
        'content-type': 'application/json',
        ...(declared === undefined ? {} : { 'content-length': String(declared) }),
      },
    });
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    // The server may close the connection once it has answered, while the rest is being written.
    req.on('error', (error) => (req.writableEnded ? undefined : reject(error)));
    if (chunks.length === 0) req.flushHeaders();
    for (const chunk of chunks) req.write(chunk);
    if (chunks.length > 0) req.end();
  });
}

it('refuses a body over 4 MB by its Content-Length without reading it, and a chunked one as it is read', async () => {
  const limit = 4 * 1024 * 1024;
  // Declared too large: answered with nothing of the body sent.
  const declared = await post('/api/join', [], limit + 1);
  expect(declared.status).toBe(413);
  expect(JSON.parse(declared.body)).toEqual({ error: `the request is larger than ${limit} bytes` });
  // No length (chunked): counted as it arrives.
  const chunk = 'x'.repeat(64 * 1024);
  const chunked = await post(
    '/api/join',
    Array.from({ length: limit / chunk.length + 1 }, () => chunk),
  );
  expect(chunked.status).toBe(413);
  // Within the limit, both ways: the request goes on to the route (which wants a signed-in user).
  const body = JSON.stringify({ code: 'not-a-code' });
  expect((await post('/api/join', [body], Buffer.byteLength(body))).status).toBe(401);
  expect((await post('/api/join', [body])).status).toBe(401);
});

it('keeps an idle connection open past Node’s 5 s default, so a learner’s next request needs no new one', async () => {
  const { Agent } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<{ reused: boolean; status: number | undefined }>((resolve, reject) => {
      const req = request(`${server.url}/api/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ reused: req.reusedSocket, status: res.statusCode }));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    expect(await get()).toEqual({ reused: false, status: 200 });
    await new Promise((done) => setTimeout(done, 6_000));
    // With Node's default the server had closed the socket at 5 s, and the agent would open another.
    expect(await get()).toEqual({ reused: true, status: 200 });
  } finally {
    agent.destroy();
  }
}, 30_000);
