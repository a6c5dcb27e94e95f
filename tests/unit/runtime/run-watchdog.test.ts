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
  it('never overwrites a signal the interpreter has not seen yet: SIGINT waits until SIGALRM was taken', () => {
    const buffer = new Int32Array(new SharedArrayBuffer(4));
    const sent: number[] = [];
    const terminated: number[] = [];
    const watchdog = createRunWatchdog({
      graceMs: 1000,
      now: () => Date.now(),
      interrupt: (signal) => {
        const outcome = sendSignal(buffer, signal);
        if (outcome === 'sent') sent.push(signal);
        return outcome;
      },
      terminate: (seconds) => terminated.push(seconds),
    });
    watchdog.arm(5);
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([SIGALRM]);
    // The interpreter did not run for three graces (a starved worker): SIGALRM stays, nothing escalates.
    vi.advanceTimersByTime(3000);
    expect(Atomics.load(buffer, 0)).toBe(SIGALRM);
    expect(sent).toEqual([SIGALRM]);
    expect(terminated).toEqual([]);
    // Python takes the signal (Pyodide resets the buffer) but the code swallows the timeout: SIGINT follows.
    Atomics.store(buffer, 0, 0);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([SIGALRM, SIGINT]);
    expect(sendSignal(undefined, SIGINT)).toBe('unavailable');
  });

  it('sends SIGALRM at the test’s limit, SIGINT a grace later, then terminates', () => {
    const { watchdog, signals, terminated, start } = watch();
    watchdog.arm(5);
    vi.advanceTimersByTime(4999);
    expect(signals).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(signals).toEqual([{ signal: SIGALRM, at: start + 5000 }]);
    vi.advanceTimersByTime(1000);
    expect(signals[1]).toEqual({ signal: SIGINT, at: start + 6000 });
    vi.advanceTimersByTime(1000);
    expect(terminated).toEqual([{ seconds: 7, at: start + 7000 }]);
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
