import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { startCohortServer } from './app.ts';
import type { CohortServer, CohortServerOptions } from './app.ts';
import { CLIENT_IP_HEADER } from './auth.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export interface ServeOptions {
  /** The cohort server's options, or null to serve the course alone (as a static host would). */
  cohort: Omit<CohortServerOptions, 'origin'> | null;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The built site (`astro build`): dist/ with client/ and server/entry.mjs; null serves the API alone. */
  siteDir: string | null;
  /** The public origin when it is not http://host:port (behind a proxy). */
  origin?: string;
}

export interface RunningServer {
  url: string;
  cohort: CohortServer | null;
  server: Server;
  stop(): Promise<void>;
}

/**
 * An idle keep-alive connection stays open this long (Node's default is 5 s), so that a learner's
 * next request within it needs no new connection. At a deadline that matters: Node accepts one new
 * connection per turn of its event loop (libuv, since its pull request 3696), so fifty submissions
 * on new connections were taken in one by one, each behind whatever the turn before had to do.
 * Longer than the usual 60 s idle timeout of a proxy in front, so that the proxy closes first.
 */
export const KEEP_ALIVE_MS = 65_000;

// The course pages are cross-origin isolated (WebContainer and SharedArrayBuffer need it).
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

/**
 * Loads Astro's Node adapter handler from the built site, without letting it listen by itself.
 * A missing build throws at once; the module itself loads in the returned promise.
 */
function siteHandler(siteDir: string): Promise<NodeHandler> {
  const entry = join(siteDir, 'server', 'entry.mjs');
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist: build the site first (npm run build)`);
  }
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  return import(pathToFileURL(entry).href).then((module: { handler: NodeHandler }) => module.handler);
}

/**
 * Serves the course (Astro's Node adapter: prerendered pages and assets) and the cohort server's
 * API under /api on one port. The site's modules load while the cohort server starts (the
 * embedded database's WebAssembly compiles on other threads meanwhile); it resolves when both are
 * ready.
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const noSite: NodeHandler = (_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('this server has no site, only /api');
  };
  const loadingSite = options.siteDir ? siteHandler(options.siteDir) : Promise.resolve(noSite);
  loadingSite.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  let site: NodeHandler | null = null;
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS });
  let api: ((req: IncomingMessage, res: ServerResponse) => unknown) | null = null;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/api' || req.url?.startsWith('/api/')) {
      if (!api) {
        res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '2' });
        res.end(JSON.stringify({ error: 'the cohort server is starting' }));
        return;
      }
      // The rate limits key on this header: the socket's address, never a value the client sent.
      // The web Request is built from rawHeaders, so that is where the client's copy is dropped.
      const raw = req.rawHeaders;
      const kept: string[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        if (raw[i]!.toLowerCase() !== CLIENT_IP_HEADER) kept.push(raw[i]!, raw[i + 1]!);
      }
      kept.push(CLIENT_IP_HEADER, req.socket.remoteAddress ?? 'unknown');
      raw.splice(0, raw.length, ...kept);
      req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? 'unknown';
      void api(req, res);
      return;
    }
    for (const [name, value] of Object.entries(ISOLATION)) res.setHeader(name, value);
    if (site) site(req, res);
    else
      void loadingSite.then(
        (handler) => handler(req, res),
        () => {
          res.writeHead(503, { 'Content-Type': 'text/plain' });
          res.end('the site could not be loaded');
        },
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = options.origin ?? `http://${options.host}:${port}`;
  let cohort: CohortServer | null = null;
  try {
    if (options.cohort) cohort = await startCohortServer({ ...options.cohort, origin });
    site = await loadingSite;
  } catch (error) {
    server.close();
    await cohort?.close();
    throw error;
  }
  if (cohort) {
    const started = cohort;
    api = getRequestListener((request) => started.api.fetch(request));
  } else {
    api = (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'this deployment has no cohort server' }));
    };
  }
  return {
    url: origin,
    cohort,
    server,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await cohort?.close();
    },
  };
}
