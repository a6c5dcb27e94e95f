// The cohort server over HTTP, the only way the browser talks to it: JSON in and out, the
// session cookie sent same-origin, and the server's error shape ({ error, problems? }, or Better
// Auth's { message }) turned into an ApiError that says what went wrong in a sentence.

/** The API is mounted at /api on the origin that serves the course (strata serve). */
const API = '/api';

export class ApiError extends Error {
  /** The HTTP status, or 0 when the server could not be reached at all. */
  readonly status: number;
  /** The server's per-field problems ("assignments.0.dueAt: …"), when it listed them. */
  readonly problems: readonly string[];
  constructor(status: number, message: string, problems: readonly string[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problems = problems;
  }
}

function messageOf(status: number, body: unknown): { message: string; problems: string[] } {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const problems = Array.isArray(record.problems)
    ? record.problems.filter((p): p is string => typeof p === 'string')
    : [];
  const text = typeof record.error === 'string' ? record.error : record.message;
  if (typeof text === 'string' && text.length > 0) return { message: text, problems };
  if (status === 401) return { message: 'sign in first', problems };
  if (status === 429) return { message: 'too many attempts; wait a minute and try again', problems };
  return { message: `the server answered ${status}`, problems };
}

async function call<T>(method: string, path: string, body?: string, contentType?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API}${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(contentType ? { 'Content-Type': contentType } : {}),
      },
      body,
    });
  } catch {
    throw new ApiError(0, 'could not reach the cohort server; check the connection and try again');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const { message, problems } = messageOf(response.status, parsed);
    throw new ApiError(response.status, message, problems);
  }
  return parsed as T;
}

/** GET and POST/PUT with JSON bodies; postText sends a body as it is (a roster CSV). */
export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, JSON.stringify(body), 'application/json'),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, JSON.stringify(body), 'application/json'),
  postText: <T>(path: string, text: string, type: string) => call<T>('POST', path, text, type),
};

/** Where a GET endpoint is, for links that download (the CSV exports). */
export function apiHref(path: string): string {
  return `${API}${path}`;
}

export type ServerState =
  | { kind: 'ready' }
  /** A static-only deployment: no cohort server behind /api. */
  | { kind: 'absent' }
  | { kind: 'unreachable'; message: string };

const STARTING_RETRY_MS = 1000;
/** How long to wait for a server that says it is starting (PGlite's first start can take a while). */
const STARTING_LIMIT_MS = 180_000;

/**
 * Whether this deployment has a cohort server: /api/health answers { ok: true } when it has one.
 * A static host answers 404 (or a page that is not that JSON); a server still starting answers
 * 503, and this waits for it, telling `onWait` why.
 */
export async function findServer(onWait?: (message: string) => void): Promise<ServerState> {
  const started = Date.now();
  for (;;) {
    let response: Response;
    try {
      response = await fetch(`${API}/health`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    } catch {
      return { kind: 'unreachable', message: 'could not reach this site; check the connection and reload the page' };
    }
    if (response.status === 503 && Date.now() - started < STARTING_LIMIT_MS) {
      onWait?.('The cohort server is starting; this page continues when it is ready…');
      await new Promise((resolve) => setTimeout(resolve, STARTING_RETRY_MS));
      continue;
    }
    if (!response.ok) return response.status === 404 ? { kind: 'absent' } : unreachable(response.status);
    const body: unknown = await response.json().catch(() => null);
    const ok = typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === true;
    return ok ? { kind: 'ready' } : { kind: 'absent' };
  }
}

function unreachable(status: number): ServerState {
  return { kind: 'unreachable', message: `the cohort server answered ${status}; try again in a moment` };
}
