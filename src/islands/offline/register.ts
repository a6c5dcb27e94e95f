// Registers the site's service worker (service-worker.ts, served as /sw.js) from exercise pages,
// and lets the runtime wait until the page is controlled by it, so that the runtime's first
// download is kept for the next visit and for offline use.

/** Registers /sw.js, in built sites only (in `npm run dev` a cache would hide every edit). */
export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  const base = import.meta.env.BASE_URL;
  navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch((error: unknown) => {
    // No service worker (a private window, a browser setting): the site works, only uncached.
    console.warn('Strata: the service worker could not be registered', error);
  });
}

/**
 * Resolves true once the page is controlled by a service worker, false without one or if none
 * takes over within `timeoutMs` (it takes over on its first install, a moment after load).
 */
export function serviceWorkerControl(timeoutMs: number): Promise<boolean> {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return Promise.resolve(false);
  const container = navigator.serviceWorker;
  if (container.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (controlled: boolean) => {
      clearTimeout(timer);
      container.removeEventListener('controllerchange', changed);
      resolve(controlled);
    };
    const changed = () => done(true);
    const timer = setTimeout(() => done(Boolean(container.controller)), timeoutMs);
    container.addEventListener('controllerchange', changed);
  });
}

/**
 * Whether this browser keeps a copy of `url` (one of the runtime's files) for this page: the page
 * is controlled by the service worker and the file is in its cache. Then starting the runtime
 * costs no download, only the start itself.
 */
export async function keptByServiceWorker(url: string): Promise<boolean> {
  if (import.meta.env.DEV || !('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return false;
  try {
    return (await caches.match(url)) !== undefined;
  } catch {
    return false; // no Cache Storage here (an opaque origin, a browser setting)
  }
}
