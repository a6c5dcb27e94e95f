// A browser as far as LTI launches need one: a cookie jar for the tool's origin, redirects not
// followed (each hop is checked), forms posted from the platform's origin.
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formOf } from '../support/lti-platform.ts';
import type { TestPlatform } from '../support/lti-platform.ts';
import { CookieJar } from '../support/cookie-jar.ts';

export interface Hop {
  status: number;
  location: string | null;
  text: string;
  setCookies: string[];
}

export class LtiBrowser {
  readonly jar = new CookieJar();
  private readonly tool: string;
  constructor(tool: string) {
    this.tool = tool;
  }

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> | URLSearchParams; origin?: string } = {},
  ): Promise<Hop> {
    const headers: Record<string, string> = {};
    if (url.startsWith(this.tool) && this.jar.size > 0) {
      headers.cookie = this.jar.header();
    }
    if (init.origin) headers.origin = init.origin;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    const setCookies = response.headers.getSetCookie();
    if (url.startsWith(this.tool)) this.jar.keep(setCookies);
    return {
      status: response.status,
      location: response.headers.get('location'),
      text: await response.text(),
      setCookies,
    };
  }

  /** Login initiation → the platform's auth endpoint → the form it posts back (not yet posted). */
  async startLaunch(loginUrl: string) {
    const login = await this.request(loginUrl);
    if (login.status !== 302 || !login.location)
      throw new Error(`login initiation answered ${login.status}: ${login.text}`);
    const auth = await this.request(login.location);
    if (auth.status !== 200) throw new Error(`the platform's auth endpoint answered ${auth.status}: ${auth.text}`);
    return { login, authUrl: new URL(login.location), ...formOf(auth.text) };
  }

  /** A whole launch, as the LMS's link and the browser's auto-submitting form do it. */
  async launch(platform: TestPlatform, loginUrl: string): Promise<Hop> {
    const { action, fields } = await this.startLaunch(loginUrl);
    return this.request(action, { form: fields, origin: platform.url });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON checked by the tests
  async json(path: string): Promise<any> {
    const hop = await this.request(`${this.tool}${path}`);
    return JSON.parse(hop.text) as unknown;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON checked by the tests
  async send(method: string, path: string, data: unknown): Promise<{ status: number; json: any }> {
    const headers: Record<string, string> = { origin: this.tool, 'content-type': 'application/json' };
    if (this.jar.size > 0) headers.cookie = this.jar.header();
    const response = await fetch(`${this.tool}${path}`, { method, headers, body: JSON.stringify(data) });
    this.jar.keep(response.headers.getSetCookie());
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
  }
}

export function sessionCookieSet(hop: Hop): boolean {
  return hop.setCookies.some((cookie) => /session_token=[^;]+/.test(cookie));
}

/**
 * A private exercises folder with copies of these exercises: the server under test loads only
 * them (quicker, and untouched by edits to other exercises), and a test may change their files.
 */
export async function copyExercises(ids: string[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'strata-lti-exercises-'));
  for (const id of ids) await cp(join('exercises', id), join(root, id), { recursive: true });
  return root;
}

/** Polls until `probe` returns a value (state, not time: the machine may be busy). */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined> | T | null | undefined,
): Promise<T> {
  for (let i = 0; i < 600; i += 1) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`gave up waiting for ${what}`);
}
