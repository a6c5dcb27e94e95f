// The cohort API over real HTTP, as `strata serve` mounts it: the rate limits key on the socket's
// address, and a client cannot pick its own address with the header the server uses internally.
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
