// A value that others subscribe to, in the manner of nanostores' `atom` (get, set, listen,
// subscribe), small enough to keep here. Pure: no DOM, no timers.

export type Unsubscribe = () => void;

export interface ReadableAtom<T> {
  get(): T;
  /** Calls `listener` after every change (not now); returns a function that stops it. */
  listen(listener: (value: T) => void): Unsubscribe;
  /** Calls `listener` now, then after every change. */
  subscribe(listener: (value: T) => void): Unsubscribe;
}

export interface Atom<T> extends ReadableAtom<T> {
  /** Replaces the value; listeners run only when it is a different value (Object.is). */
  set(value: T): void;
}

/**
 * Calls every listener, even when one of them throws, then rethrows the first error: one broken
 * view must not keep the others (the autosave among them) from hearing of a change.
 */
export function notifyAll<A extends unknown[]>(listeners: Iterable<(...args: A) => void>, ...args: A): void {
  let failure: { error: unknown } | undefined;
  for (const listener of [...listeners]) {
    try {
      listener(...args);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

export function atom<T>(initial: T): Atom<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  const listen = (listener: (value: T) => void): Unsubscribe => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      notifyAll(listeners, value);
    },
    listen,
    subscribe(listener) {
      const stop = listen(listener);
      listener(value);
      return stop;
    },
  };
}
