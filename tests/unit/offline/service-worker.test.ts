// The service worker's rules, run on a fake worker scope: Node has Request, Response and Headers,
// and the caches here keep responses in memory the way Cache Storage does (by URL, headers kept).
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { serviceWorker, serviceWorkerScript } from '../../../src/islands/offline/index.ts';
import type {
  ExtendableEventLike,
  FetchEventLike,
  ServiceWorkerConfig,
  ServiceWorkerScope,
} from '../../../src/islands/offline/index.ts';

const ORIGIN = 'https://course.example';
const CONFIG: ServiceWorkerConfig = { build: 'b2', base: '/', runtime: 'pyodide/314.0.7-x/' };
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' };

const keyOf = (request: Request | string) => (typeof request === 'string' ? request : request.url);

class MemoryCache {
  entries = new Map<string, Response>();
  async put(request: Request | string, response: Response) {
    this.entries.set(keyOf(request), response);
  }
  async match(request: Request | string) {
    return this.entries.get(keyOf(request))?.clone();
  }
}

class MemoryCaches {
  stores = new Map<string, MemoryCache>();
  async open(name: string) {
    if (!this.stores.has(name)) this.stores.set(name, new MemoryCache());
    return this.stores.get(name)!;
  }
  async keys() {
    return [...this.stores.keys()];
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
  async match(request: Request | string, options: { cacheName?: string } = {}) {
    const stores = options.cacheName ? [this.stores.get(options.cacheName)] : [...this.stores.values()];
    for (const store of stores) {
      const found = await store?.match(request);
      if (found) return found;
    }
    return undefined;
  }
}

/** Sets up a worker scope whose network is `network` (it may throw: offline). */
function install(network: (request: Request) => Response) {
  const caches = new MemoryCaches();
  const listeners: Record<string, (event: never) => void> = {};
  const fetched: string[] = [];
  let claimed = false;
  const scope = {
    location: { origin: ORIGIN },
    caches: caches as unknown as CacheStorage,
    clients: {
      claim: async () => {
        claimed = true;
      },
    },
    skipWaiting: async () => undefined,
    fetch: async (request: Request) => {
      fetched.push(request.url);
      const response = network(request);
      // Responses from the network are "basic" (same-origin); Node's constructor makes them "default".
      Object.defineProperty(response, 'type', { value: 'basic' });
      return response;
    },
    addEventListener: (type: string, listener: (event: never) => void) => {
      listeners[type] = listener;
    },
  } as unknown as ServiceWorkerScope;
  serviceWorker(scope, CONFIG);

  /** Dispatches a fetch event; the response the worker gave, or undefined when it let it go. */
  async function request(
    url: string,
    { mode, ...init }: RequestInit & { mode?: string } = {},
  ): Promise<Response | undefined> {
    const waits: Promise<unknown>[] = [];
    let answer: Promise<Response> | undefined;
    const event: FetchEventLike = {
      // Only the browser makes navigation requests: the mode is set on the object.
      request: Object.defineProperty(new Request(url, init), 'mode', { value: mode ?? 'cors' }),
      respondWith: (response) => {
        answer = response;
      },
      waitUntil: (promise) => waits.push(promise),
    };
    listeners.fetch!(event as never);
    const response = await answer;
    await Promise.all(waits);
    return response;
  }

  async function lifecycle(type: 'install' | 'activate') {
    const waits: Promise<unknown>[] = [];
    const event: ExtendableEventLike = { waitUntil: (promise) => waits.push(promise) };
    listeners[type]!(event as never);
    await Promise.all(waits);
  }

  return { caches, fetched, request, lifecycle, claimed: () => claimed };
}

const ok = (body: string, headers: Record<string, string> = {}) => new Response(body, { status: 200, headers });

describe('the service worker', () => {
  it('serves the runtime from its cache once fetched: a second visit does not touch the network', async () => {
    const sw = install(() => ok('wasm bytes', { 'Content-Type': 'application/wasm' }));
    const url = `${ORIGIN}/pyodide/314.0.7-x/pyodide.asm.wasm`;
    expect(await (await sw.request(url))!.text()).toBe('wasm bytes');
    const again = await sw.request(url);
    expect(await again!.text()).toBe('wasm bytes');
    expect(again!.headers.get('Content-Type')).toBe('application/wasm');
    expect(sw.fetched).toEqual([url]);
    expect([...(await sw.caches.keys())]).toEqual(['strata-runtime-pyodide-314-0-7-x-']);
  });

  it('keeps the build’s hashed assets the same way', async () => {
    const sw = install(() => ok('chunk'));
    const url = `${ORIGIN}/_astro/monaco.AbC123.js`;
    await sw.request(url);
    await sw.request(url);
    expect(sw.fetched).toEqual([url]);
  });

  it('takes pages from the network, and from the cache when offline, with their isolation headers', async () => {
    let online = true;
    let version = 1;
    const sw = install(() => {
      if (!online) throw new TypeError('Failed to fetch');
      return ok(`page ${version}`, { ...ISOLATION, 'Content-Type': 'text/html' });
    });
    const page = `${ORIGIN}/exercises/01-import-side-effects/`;
    expect(await (await sw.request(page, { mode: 'navigate' }))!.text()).toBe('page 1');
    version = 2;
    expect(await (await sw.request(page, { mode: 'navigate' }))!.text()).toBe('page 2');
    online = false;
    // The query does not make another page (?webcontainer-origin= is a testing hook).
    const offline = await sw.request(`${page}?webcontainer-origin=x`, { mode: 'navigate' });
    expect(await offline!.text()).toBe('page 2');
    expect(offline!.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(offline!.headers.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
    await expect(sw.request(`${ORIGIN}/lessons/never-visited/`, { mode: 'navigate' })).rejects.toThrow(
      'Failed to fetch',
    );
  });

  it('does not keep failed responses', async () => {
    const sw = install(() => new Response('no', { status: 404 }));
    const url = `${ORIGIN}/pyodide/314.0.7-x/python-snapshot.gz`;
    expect((await sw.request(url))!.status).toBe(404);
    await sw.request(url);
    expect(sw.fetched).toEqual([url, url]);
  });

  it('leaves the cohort API, other origins, other methods and range requests to the network', async () => {
    const sw = install(() => ok('x'));
    expect(await sw.request(`${ORIGIN}/api/me`)).toBeUndefined();
    expect(await sw.request('https://stackblitz.com/headless')).toBeUndefined();
    expect(await sw.request(`${ORIGIN}/api/submissions`, { method: 'POST', body: '{}' })).toBeUndefined();
    const range = { headers: { Range: 'bytes=0-9' } };
    expect(await sw.request(`${ORIGIN}/pyodide/314.0.7-x/pyodide.asm.wasm`, range)).toBeUndefined();
    expect(await sw.request(`${ORIGIN}/sw.js`)).toBeUndefined();
    expect(sw.fetched).toEqual([]);
  });

  it('leaves the cohort server and the cohort pages alone: sign-in, LTI, gradebooks are never kept', async () => {
    const sw = install(() => ok('x'));
    for (const path of ['/api', '/api/auth/sign-in/email', '/api/lti/jwks', '/api/cohorts/c1/gradebook']) {
      expect(await sw.request(`${ORIGIN}${path}`), path).toBeUndefined();
    }
    for (const path of ['/cohorts/', '/cohorts/cohort/?id=c1', '/cohorts/join/']) {
      expect(await sw.request(`${ORIGIN}${path}`, { mode: 'navigate' }), path).toBeUndefined();
    }
    expect(sw.fetched).toEqual([]);
    expect(await sw.caches.keys()).toEqual([]);
  });

  it('keeps the cohort API out under a base path too (it stays at the origin’s root)', async () => {
    const caches = new MemoryCaches();
    const listeners: Record<string, (event: FetchEventLike) => void> = {};
    const scope = {
      location: { origin: ORIGIN },
      caches,
      fetch: async () => ok('page'),
      addEventListener: (type: string, listener: (event: FetchEventLike) => void) => (listeners[type] = listener),
    } as unknown as ServiceWorkerScope;
    serviceWorker(scope, { ...CONFIG, base: '/course/' });
    const answered: string[] = [];
    for (const url of ['/api/me', '/course/api/me', '/course/cohorts/', '/course/lessons/x/']) {
      listeners.fetch!({
        request: new Request(`${ORIGIN}${url}`),
        respondWith: () => answered.push(url),
        waitUntil: () => undefined,
      });
    }
    expect(answered).toEqual(['/course/lessons/x/']);
  });

  it('does not keep a response that says not to store it', async () => {
    let online = true;
    const sw = install(() => {
      if (!online) throw new TypeError('Failed to fetch');
      return ok('private', { 'Cache-Control': 'private, no-store' });
    });
    const url = `${ORIGIN}/lessons/some-lesson/`;
    expect(await (await sw.request(url, { mode: 'navigate' }))!.text()).toBe('private');
    online = false;
    await expect(sw.request(url, { mode: 'navigate' })).rejects.toThrow('Failed to fetch');
  });

  it('on activation, deletes the caches of other builds and runtimes, keeps its own, and takes over open pages', async () => {
    const sw = install(() => ok('x'));
    for (const name of ['strata-site-b1', 'strata-site-b2', 'strata-runtime-pyodide-314-0-6-y-', 'someone-else']) {
      await sw.caches.open(name);
    }
    await sw.request(`${ORIGIN}/pyodide/314.0.7-x/pyodide.mjs`);
    await sw.lifecycle('activate');
    expect((await sw.caches.keys()).sort()).toEqual([
      'someone-else',
      'strata-runtime-pyodide-314-0-7-x-',
      'strata-site-b2',
    ]);
    expect(sw.claimed()).toBe(true);
  });

  it('is served as a script that needs nothing but the worker scope', () => {
    const script = serviceWorkerScript(CONFIG);
    const types: string[] = [];
    const scope = { location: { origin: ORIGIN }, addEventListener: (type: string) => types.push(type) };
    // The script runs in a context holding `self` only: any reference to the module around
    // `serviceWorker` would throw here.
    runInNewContext(script, { self: scope });
    expect(types).toEqual(['install', 'activate', 'fetch']);
    expect(script).toContain('"build":"b2"');
  });
});
