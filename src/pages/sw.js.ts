// /sw.js, the site's service worker (islands/offline/service-worker.ts), written at build time. A
// static file like every page: any static host serves it from the site's root, where its scope
// covers the whole course.
import type { APIRoute } from 'astro';
import { serviceWorkerScript } from '../islands/index.ts';
import { PYODIDE_FOLDER } from '../runtime/index.ts';

export const prerender = true;

// Each build gets new caches: a learner's browser drops the previous build's copies on its next visit.
const build = Date.now().toString(36);

export const GET: APIRoute = () =>
  new Response(serviceWorkerScript({ build, base: import.meta.env.BASE_URL, runtime: `pyodide/${PYODIDE_FOLDER}/` }), {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
  });
