// The site's service worker: keeps what learners loaded (pages, the editor's code, the Python
// runtime) so a second visit starts from local copies and works offline. Served as /sw.js by
// pages/sw.js.ts, which prints `serviceWorker` into the script: it must use nothing from outside
// its own body. Only same-origin GET requests of the course's static pages and files are answered;
// everything else goes to the network as if there were no service worker: the cohort server
// (/api/, at the origin's root whatever the base, with its sign-in and LTI routes), the cohort
// pages (/cohorts/: a learner's or instructor's data, never kept on a shared computer),
// WebContainer's origins, range requests. A response that says not to store it (Cache-Control
// no-store or private) is never kept either. Responses are stored as received, headers included,
// so pages served from the cache keep their cross-origin-isolation headers (COOP/COEP).

export interface ServiceWorkerConfig {
  /** Changes with every build: pages and the editor's assets are cached per build. */
  build: string;
  /** The site's base path, "/" or "/course/". */
  base: string;
  /** The runtime's folder, under `base` ("pyodide/314.0.7-x1/"): its files never change. */
  runtime: string;
}

/** The parts of ServiceWorkerGlobalScope used here (the DOM typings do not declare it). */
export interface ServiceWorkerScope {
  readonly location: { readonly origin: string };
  readonly caches: CacheStorage;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  fetch(request: Request): Promise<Response>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
}

export interface ExtendableEventLike {
  waitUntil(promise: Promise<unknown>): void;
}

export interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}

/**
 * Installs the worker's handlers on `scope`:
 * - the runtime's files and the build's hashed assets (`_astro/`): from the cache, else fetched and
 *   kept (their URLs change whenever their content does);
 * - pages and other files: from the network and kept, or from the cache when the network fails.
 * A new build's worker takes over at once and deletes the old build's caches.
 */
export function serviceWorker(scope: ServiceWorkerScope, config: ServiceWorkerConfig): void {
  // A cache of another build or runtime is deleted when this worker activates.
  const site = `strata-site-${config.build}`;
  const runtime = `strata-runtime-${config.runtime.replace(/\W+/g, '-')}`;
  const runtimePath = `${config.base}${config.runtime}`;
  const assetsPath = `${config.base}_astro/`;

  const keep = (event: ExtendableEventLike, cache: string, key: Request | string, response: Response) => {
    const storable = !/no-store|private/i.test(response.headers.get('Cache-Control') ?? '');
    if (response.ok && response.status === 200 && response.type === 'basic' && storable) {
      const copy = response.clone();
      event.waitUntil(scope.caches.open(cache).then((opened) => opened.put(key, copy)));
    }
    return response;
  };

  const cacheFirst = async (event: FetchEventLike, cache: string) => {
    const cached = await scope.caches.match(event.request, { cacheName: cache });
    if (cached) return cached;
    return keep(event, cache, event.request, await scope.fetch(event.request));
  };

  const networkFirst = async (event: FetchEventLike, key: string) => {
    try {
      return keep(event, site, key, await scope.fetch(event.request));
    } catch (error) {
      const cached = await scope.caches.match(key, { cacheName: site });
      if (cached) return cached;
      throw error;
    }
  };

  scope.addEventListener('install', (event) => event.waitUntil(scope.skipWaiting()));
  scope.addEventListener('activate', (event) => {
    event.waitUntil(
      (async () => {
        const names = await scope.caches.keys();
        const stale = names.filter((name) => name.startsWith('strata-') && name !== site && name !== runtime);
        await Promise.all(stale.map((name) => scope.caches.delete(name)));
        await scope.clients.claim();
      })(),
    );
  });
  scope.addEventListener('fetch', (event) => {
    const { request } = event;
    if (request.method !== 'GET' || request.headers.has('range')) return;
    const url = new URL(request.url);
    if (url.origin !== scope.location.origin || !url.pathname.startsWith(config.base)) return;
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return;
    const path = url.pathname.slice(config.base.length);
    const first = path.split('/')[0];
    if (first === 'api' || first === 'cohorts' || path === 'sw.js') return;
    if (url.pathname.startsWith(runtimePath)) event.respondWith(cacheFirst(event, runtime));
    else if (url.pathname.startsWith(assetsPath)) event.respondWith(cacheFirst(event, site));
    // A page is one page whatever its query (?webcontainer-origin=…): kept without it.
    else if (request.mode === 'navigate') event.respondWith(networkFirst(event, `${url.origin}${url.pathname}`));
    else event.respondWith(networkFirst(event, url.href));
  });
}

/** The script served as /sw.js. */
export function serviceWorkerScript(config: ServiceWorkerConfig): string {
  return `// Strata's service worker (islands/offline/service-worker.ts), build ${config.build}.\n(${serviceWorker.toString()})(self, ${JSON.stringify(config)});\n`;
}
