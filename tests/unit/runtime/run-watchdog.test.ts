import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRunWatchdog, sendSignal, SIGALRM, SIGINT } from '../../../src/runtime/browser/run-watchdog.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function watch(canInterrupt = true) {
  const signals: { signal: number; at: number }[] = [];
  const terminated: { seconds: number; at: number }[] = [];
  const watchdog = createRunWatchdog({
    graceMs: 1000,
    now: () => Date.now(),
    interrupt: (signal) => {
      signals.push({ signal, at: Date.now() });
      return canInterrupt ? 'sent' : 'unavailable';
    },
    terminate: (seconds) => terminated.push({ seconds, at: Date.now() }),
  });
  return { watchdog, signals, terminated, start: Date.now() };
}

describe('the run watchdog', () => {
  /**
   * A watchdog on a real buffer and a fake interpreter that, while `running`, takes the buffer's
   * signal every 10 ms the way CPython's Emscripten check does (read, then store 0) and swallows
   * it; `lose` signals are erased instead, as when the watchdog writes between the read and the store.
   */
  function interpreter() {
    const buffer = new Int32Array(new SharedArrayBuffer(4));
    const sent: { signal: number; at: number }[] = [];
    const taken: { signal: number; at: number }[] = [];
    const terminated: number[] = [];
    const state = { running: false, lose: 0 };
    const watchdog = createRunWatchdog({
      graceMs: 1000,
      now: () => Date.now(),
      interrupt: (signal) => {
        const outcome = sendSignal(buffer, signal);
        if (outcome === 'sent') sent.push({ signal, at: Date.now() });
        return outcome;
      },
      terminate: (seconds) => terminated.push(seconds),
    });
    setInterval(() => {
      if (!state.running) return;
      const signal = Atomics.load(buffer, 0);
      Atomics.store(buffer, 0, 0);
      if (signal !== 0 && state.lose > 0) state.lose -= 1;
      else if (signal !== 0) taken.push({ signal, at: Date.now() });
    }, 10);
    return { buffer, watchdog, sent, taken, terminated, state, start: Date.now() };
  }

  it('never overwrites a signal the interpreter has not seen yet: SIGINT waits until SIGALRM was taken', () => {
    const { buffer, watchdog, sent, taken, terminated, state, start } = interpreter();
    watchdog.arm(5);
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([{ signal: SIGALRM, at: start + 5000 }]);
    // The interpreter did not run for three graces (a starved worker): SIGALRM stays, nothing escalates.
    vi.advanceTimersByTime(3000);
    expect(Atomics.load(buffer, 0)).toBe(SIGALRM);
    expect(sent.length).toBe(1);
    expect(terminated).toEqual([]);
    // Python runs again, takes the signal, but the code swallows the timeout: SIGINT follows a grace later.
    state.running = true;
    vi.advanceTimersByTime(1500);
    expect(taken[0]).toEqual({ signal: SIGALRM, at: start + 8010 });
    // The grace counts from when the interpreter was last seen not taking it (8000), not from 5000.
    expect(sent.find((signal) => signal.signal === SIGINT)!.at).toBe(start + 9000);
    expect(taken.findIndex((signal) => signal.signal === SIGINT)).toBeGreaterThan(0);
    // Every signal written was taken or is still in the buffer: none was overwritten.
    expect(sent.length).toBe(taken.length + (Atomics.load(buffer, 0) === 0 ? 0 : 1));
    expect(terminated).toEqual([]);
    expect(sendSignal(undefined, SIGINT)).toBe('unavailable');
  });

  it('writes SIGALRM again when the interpreter lost it, so a lost one does not become a KeyboardInterrupt', () => {
    const { watchdog, sent, taken, terminated, state, start } = interpreter();
    state.running = true;
    state.lose = 3;
    watchdog.arm(2);
    vi.advanceTimersByTime(3500);
    // The first three were erased unseen; the fourth reached the interpreter, well before SIGINT.
    expect(taken[0]!.signal).toBe(SIGALRM);
    expect(taken[0]!.at).toBeGreaterThanOrEqual(start + 2300);
    expect(taken[0]!.at).toBeLessThanOrEqual(start + 2310);
    // The grace counts from the first one the interpreter took or lost: it cannot tell them apart.
    expect(sent.find((signal) => signal.signal === SIGINT)!.at).toBe(start + 3000);
    expect(taken.find((signal) => signal.signal === SIGINT)!.at).toBeGreaterThan(taken[0]!.at);
    expect(terminated).toEqual([]);
  });

  it('sends SIGALRM at the test’s limit, SIGINT a grace later, then terminates, each again until its grace has run', () => {
    const { watchdog, signals, terminated, start } = watch();
    watchdog.arm(5);
    vi.advanceTimersByTime(4999);
    expect(signals).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(signals).toEqual([{ signal: SIGALRM, at: start + 5000 }]);
    vi.advanceTimersByTime(1000);
    expect(signals.find((signal) => signal.signal === SIGINT)).toEqual({ signal: SIGINT, at: start + 6000 });
    // In between, SIGALRM again every 100 ms (DEFAULT_RESEND_MS): a lost one is written again.
    expect(signals.filter((signal) => signal.signal === SIGALRM).map((signal) => signal.at - start)).toEqual([
      5000, 5100, 5200, 5300, 5400, 5500, 5600, 5700, 5800, 5900,
    ]);
    vi.advanceTimersByTime(1000);
    expect(terminated).toEqual([{ seconds: 7, at: start + 7000 }]);
    // SIGINT too, through its grace.
    expect(signals.filter((signal) => signal.signal === SIGINT).length).toBe(10);
  });

  it('stands down when the test ends in time, and restarts its clock for the next one', () => {
    const { watchdog, signals } = watch();
    watchdog.arm(5);
    vi.advanceTimersByTime(4000);
    watchdog.arm(0);
    watchdog.arm(5);
    vi.advanceTimersByTime(4000);
    expect(signals).toEqual([]);
  });

  it('between tests, interrupts code that runs longer than a test may, plus the grace', () => {
    const { watchdog, signals, terminated, start } = watch();
    watchdog.arm(2);
    watchdog.arm(0);
    vi.advanceTimersByTime(2999);
    expect(signals).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(signals).toEqual([{ signal: SIGINT, at: start + 3000 }]);
    vi.advanceTimersByTime(1000);
    expect(terminated.length).toBe(1);
  });

  it('terminates at the limit when there is no interrupt buffer', () => {
    const { watchdog, terminated, start } = watch(false);
    watchdog.arm(3);
    vi.advanceTimersByTime(3000);
    expect(terminated).toEqual([{ seconds: 3, at: start + 3000 }]);
  });

  it('does nothing once the run is over', () => {
    const { watchdog, signals, terminated } = watch();
    watchdog.arm(1);
    watchdog.stop();
    vi.advanceTimersByTime(60_000);
    expect(signals).toEqual([]);
    expect(terminated).toEqual([]);
  });

  it('is idle before the harness arms anything', () => {
    const { watchdog, signals } = watch();
    watchdog.arm(0);
    vi.advanceTimersByTime(60_000);
    expect(signals).toEqual([]);
  });
});
