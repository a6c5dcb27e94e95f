import { expect, vi } from 'vitest';

/**
 * Runs `work` on Vitest's fake clock and checks that it settles once its own timers have advanced
 * `ms`: the limit the product promises, checked on the product's clock instead of the wall clock,
 * so a loaded machine cannot fail it. Returns the settled promise (resolved or rejected).
 */
export async function settlesWithin<T>(ms: number, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers();
  try {
    let settled = false;
    const promise = work();
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    await vi.advanceTimersByTimeAsync(ms);
    expect(settled, `settled within ${ms} ms of its timers`).toBe(true);
    return promise;
  } finally {
    vi.useRealTimers();
  }
}
