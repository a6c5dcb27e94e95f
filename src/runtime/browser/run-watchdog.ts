// The other half of pyodide-alarm.ts, on the thread that owns the Pyodide worker: it follows the
// harness's arm/disarm calls and stops a runaway test in three steps, each after the previous
// one was ignored for `graceMs`:
//   1. SIGALRM when the test's limit passes: the harness records a timeout and goes on;
//   2. SIGINT (KeyboardInterrupt), for code that swallowed the timeout; the harness still goes on;
//   3. terminate the worker, for code that swallows both; the other tests' results are lost.
// Between tests (disarmed) the same steps start from SIGINT after the last limit plus the grace,
// so a loop in a class fixture is caught too.
//
// A signal written into the buffer can be lost: CPython's Emscripten check reads the buffer and
// then stores 0, two steps rather than one atomic exchange, so a signal written between them is
// erased unseen. The interpreter runs that check every few dozen bytecodes of a busy loop, and
// on a loaded machine its thread can be preempted between the steps. So each signal is written
// again every `resendMs` until the grace has run since the interpreter took one. A second one
// does no harm: the alarm shim (pyodide-alarm.ts) ignores a SIGALRM whose test has already been
// timed out or has ended, and a SIGINT that comes sooner than the last limit after the harness's
// latest arm or disarm (it was written again for a test that has since ended).

export const SIGINT = 2;
export const SIGALRM = 14;

/**
 * What writing a signal did: 'sent'; 'pending', the previous signal is still in the buffer (the
 * interpreter has not run since it was written: a busy machine), so this one waits rather than
 * overwrite it; 'unavailable', there is no interrupt buffer (no SharedArrayBuffer).
 */
export type SignalOutcome = 'sent' | 'pending' | 'unavailable';

/** Writes `signal` into Pyodide's interrupt buffer unless a signal not yet seen is there. */
export function sendSignal(buffer: Int32Array | undefined, signal: number): SignalOutcome {
  if (!buffer) return 'unavailable';
  return Atomics.compareExchange(buffer, 0, 0, signal) === 0 ? 'sent' : 'pending';
}

export interface RunWatchdogOptions {
  /** Writes a signal into the interrupt buffer (see sendSignal). */
  interrupt(signal: number): SignalOutcome;
  /** Last resort: stop the interpreter. `seconds` is how long the stopped code had been running. */
  terminate(seconds: number): void;
  graceMs?: number;
  /** How often a signal is written again during its grace (see above). */
  resendMs?: number;
  now?: () => number;
}

export interface RunWatchdog {
  /** Called for every `setitimer` of the harness: a limit in seconds, 0 to disarm. */
  arm(seconds: number): void;
  /** The run ended: forget everything. */
  stop(): void;
}

export const DEFAULT_GRACE_MS = 1500;
export const DEFAULT_RESEND_MS = 100;

export function createRunWatchdog(options: RunWatchdogOptions): RunWatchdog {
  const grace = options.graceMs ?? DEFAULT_GRACE_MS;
  const resend = Math.min(options.resendMs ?? DEFAULT_RESEND_MS, grace);
  const now = options.now ?? (() => performance.now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSeconds = 0;
  let since = now();

  const schedule = (ms: number, step: () => void) => {
    clearTimeout(timer);
    timer = setTimeout(step, Math.max(0, ms));
  };
  const elapsed = () => Math.round((now() - since) / 100) / 10;
  const terminate = () => {
    clearTimeout(timer);
    timer = undefined;
    options.terminate(elapsed());
  };
  /**
   * One step: writes `signal`, and again every `resendMs` (a write may be erased unseen, see
   * above), until the grace has run since the interpreter took one; then `next`. A signal still
   * unread in the buffer is never overwritten (SIGINT over an unread SIGALRM would turn the
   * learner's timeout into a KeyboardInterrupt), and the grace does not run while it waits: the
   * interpreter has not run (a busy machine). The run's own time limit still ends a run that
   * never resumes.
   */
  const step = (signal: number, next: () => void) => {
    let writtenAt: number | undefined;
    let unreadAt: number | undefined;
    let takenAt: number | undefined;
    const tick = () => {
      if (takenAt !== undefined && now() - takenAt >= grace) return next();
      const outcome = options.interrupt(signal);
      if (outcome === 'unavailable') return terminate();
      if (outcome === 'sent') {
        // The buffer was empty again: the interpreter took (or erased) the last write, after
        // both the write and the last time the buffer was seen unread.
        if (writtenAt !== undefined) takenAt ??= Math.max(writtenAt, unreadAt ?? writtenAt);
        writtenAt = now();
      } else {
        unreadAt = now();
      }
      schedule(resend, tick);
    };
    tick();
  };
  const interruptThenTerminate = () => step(SIGINT, terminate);
  const alarm = () => step(SIGALRM, interruptThenTerminate);

  return {
    arm(seconds) {
      since = now();
      if (seconds > 0) {
        lastSeconds = seconds;
        schedule(seconds * 1000, alarm);
      } else if (lastSeconds > 0) {
        schedule(lastSeconds * 1000 + grace, interruptThenTerminate);
      } else {
        clearTimeout(timer);
      }
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      lastSeconds = 0;
    },
  };
}
