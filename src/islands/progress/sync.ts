// Progress that follows a signed-in learner to another browser. This browser's copy and the
// account's copy on the cohort server (PUT /api/progress) are merged on each page load and shortly
// after each change; the server merges the same way (cohorts/progress.ts), so nothing recorded in
// either place is lost. An import or a reset replaces the account's copy too.
//
// Only a browser that has seen its learner signed in asks: a static deployment, or a learner who
// never signed in, makes no request at all.
import { normaliseProgress } from '../../cohorts/progress.ts';
import type { Progress } from '../../cohorts/progress.ts';
import {
  loadProgress,
  mergeAccountProgress,
  PROGRESS_EVENT,
  replaceWithAccountProgress,
  storage,
  type ProgressChange,
} from './store.ts';

/** The id of the learner signed in here, while they are (set by the pages that ask /api/me). */
const ACCOUNT_KEY = 'strata:account';
/** The account this browser's progress was last merged with: another learner's never mixes in. */
const SYNCED_WITH_KEY = 'strata:progress-account';
/** How long after a change the account's copy is updated (changes in between go together). */
const DELAY_MS = 800;

const read = (key: string): string | null => storage()?.getItem(key) ?? null;

function write(key: string, value: string | null): void {
  try {
    if (value === null) storage()?.removeItem(key);
    else storage()?.setItem(key, value);
  } catch {
    // storage full or read-only: the progress stays in this page only
  }
}

let timer: number | undefined;
let replacePending = false;
let running: Promise<void> | undefined;
let started = false;

/**
 * Sends this browser's progress and keeps what the server answers (both copies merged). Another
 * learner's progress in this browser is not sent: it is replaced by this learner's own copy.
 */
async function sync(keepalive = false): Promise<void> {
  const account = read(ACCOUNT_KEY);
  if (!account) return;
  const syncedWith = read(SYNCED_WITH_KEY);
  const sameLearner = syncedWith === null || syncedWith === account;
  const replace = sameLearner && replacePending;
  replacePending = false;
  let response: Response;
  try {
    response = sameLearner
      ? await fetch('/api/progress', {
          method: 'PUT',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ progress: loadProgress(), replace }),
          keepalive,
        })
      : await fetch('/api/progress', { credentials: 'same-origin' });
  } catch {
    if (replace) replacePending = true;
    return; // offline: the next change or page load tries again
  }
  if (response.status === 401 || response.status === 404) {
    // Signed out elsewhere, or no cohort server here: stop asking until a page sees a learner again.
    write(ACCOUNT_KEY, null);
    return;
  }
  if (!response.ok) {
    if (replace) replacePending = true;
    return;
  }
  const body = (await response.json().catch(() => null)) as { progress?: unknown } | null;
  if (!body || body.progress === undefined) return;
  const remote: Progress = normaliseProgress(body.progress);
  if (read(ACCOUNT_KEY) !== account) return; // signed out or switched while the request ran
  if (sameLearner) mergeAccountProgress(remote);
  else replaceWithAccountProgress(remote);
  write(SYNCED_WITH_KEY, account);
}

function syncSoon(): void {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => void syncNow(), DELAY_MS);
}

/** Syncs now, after any sync already under way. */
export function syncNow(): Promise<void> {
  window.clearTimeout(timer);
  timer = undefined;
  const next = (running ?? Promise.resolve()).then(() => sync());
  running = next.finally(() => {
    if (running === next) running = undefined;
  });
  return next;
}

/**
 * Records who is signed in, as a page that asked /api/me learned it (null: nobody), and syncs
 * when a learner has just appeared.
 */
export function noteSignedIn(userId: string | null): void {
  const before = read(ACCOUNT_KEY);
  write(ACCOUNT_KEY, userId);
  if (userId && userId !== before) void syncNow();
}

/** Starts syncing on this page: once now (when a learner is signed in here), then after each change. */
export function startProgressSync(): void {
  if (started) return;
  started = true;
  addEventListener(PROGRESS_EVENT, (event) => {
    const change = (event as CustomEvent<ProgressChange | undefined>).detail;
    if (change?.how === 'merged') return; // the account's copy arriving: nothing new to send
    if (change?.how === 'replaced') replacePending = true;
    if (read(ACCOUNT_KEY)) syncSoon();
  });
  // A change made just before leaving the page still reaches the account.
  addEventListener('pagehide', () => {
    if (timer !== undefined && read(ACCOUNT_KEY)) {
      window.clearTimeout(timer);
      timer = undefined;
      void sync(true);
    }
  });
  if (read(ACCOUNT_KEY)) void syncNow();
}
