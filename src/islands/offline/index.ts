// The service worker (a second visit and offline use start from local copies) and its registration.
export { keptByServiceWorker, registerServiceWorker, serviceWorkerControl } from './register.ts';
export { serviceWorker, serviceWorkerScript } from './service-worker.ts';
export type { ExtendableEventLike, FetchEventLike, ServiceWorkerConfig, ServiceWorkerScope } from './service-worker.ts';
