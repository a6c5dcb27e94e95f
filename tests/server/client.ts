// A signed-in (or anonymous) caller of the cohort API, as a browser on the course's origin would be.
import type { CohortServer } from '../../src/server/index.ts';
import { CookieJar } from '../support/cookie-jar.ts';

export const ORIGIN = 'http://127.0.0.1:4321';

let clients = 0;

export class ApiClient {
  /** This learner's browser's cookies. */
  readonly jar = new CookieJar();
  readonly bodies: string[] = [];
  private readonly server: Pick<CohortServer, 'api'>;
  private readonly ip: string;
  /** Each client is its own address unless told otherwise, as separate learners' machines are. */
  constructor(server: Pick<CohortServer, 'api'>, ip?: string) {
    this.server = server;
    clients += 1;
    this.ip = ip ?? `10.0.${Math.floor(clients / 250)}.${clients % 250}`;
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const init: RequestInit = {
      method,
      headers: {
        origin: ORIGIN,
        'x-strata-client-ip': this.ip,
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await this.server.api.fetch(new Request(`${ORIGIN}${path}`, init));
    this.jar.keep(response.headers.getSetCookie());
    const text = await response.text();
    this.bodies.push(text);
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by each test's assertions
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = null;
    }
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
    return { status: response.status, json, text, headers: response.headers };
  }

  /** The Cookie header this client sends. */
  get cookie(): string {
    return this.jar.header();
  }

  get = (path: string) => this.call('GET', path);
  post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.call('POST', path, body ?? {}, headers);
  put = (path: string, body?: unknown) => this.call('PUT', path, body ?? {});

  async signUp(name: string, email: string, password = 'a long password') {
    const response = await this.post('/api/auth/sign-up/email', { name, email, password });
    if (response.status !== 200) throw new Error(`sign-up ${email}: ${response.status} ${response.text}`);
    return (response.json as { user: { id: string } }).user;
  }
}

/** Polls a submission until it is graded or failed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a submission's JSON, checked by the caller
export async function waitGraded(client: ApiClient, id: string): Promise<any> {
  for (;;) {
    const response = await client.get(`/api/submissions/${id}`);
    const status = (response.json as { status?: string } | null)?.status;
    if (status === 'graded' || status === 'failed') return response.json;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A cohort server in another process (`strata serve --origin ORIGIN` on any port), reached over
 * HTTP: the same ApiClient then talks to it as it does to one in this process.
 */
export function overHttp(url: string): Pick<CohortServer, 'api'> {
  return {
    api: {
      async fetch(request) {
        const { pathname, search } = new URL(request.url);
        return fetch(`${url}${pathname}${search}`, {
          method: request.method,
          headers: request.headers,
          body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text(),
        });
      },
    },
  };
}
