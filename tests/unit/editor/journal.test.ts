import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearJournal,
  planRecovery,
  readJournals,
  writeJournal,
} from '../../../src/islands/editor/persistence/journal.ts';
import type { JournalEntry } from '../../../src/islands/editor/persistence/journal.ts';

/** localStorage as the browser has it: string keys and values, enumerable by index. */
class MemoryStorage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.#items.set(key, String(value));
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
}

const entry = (tab: string, base: number, at: string, text: string): JournalEntry => ({
  id: '01-import-side-effects',
  tab,
  base,
  at,
  files: { 'reports/app.py': text },
  folders: [],
  deleted: [],
});

describe('the journal', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage');
  });

  it('keeps one entry per tab, reads this exercise’s newest first, and clears a tab’s own', () => {
    writeJournal(entry('a', 3, '2026-01-01T10:00:00.000Z', 'old'));
    writeJournal(entry('b', 3, '2026-01-01T11:00:00.000Z', 'new'));
    writeJournal({ ...entry('c', 1, '2026-01-01T12:00:00.000Z', 'other'), id: '02-other' });
    writeJournal(entry('a', 3, '2026-01-01T10:30:00.000Z', 'old, then more'));
    expect(readJournals('01-import-side-effects').map((e) => [e.tab, e.files['reports/app.py']])).toEqual([
      ['b', 'new'],
      ['a', 'old, then more'],
    ]);
    clearJournal('01-import-side-effects', 'b');
    expect(readJournals('01-import-side-effects').map((e) => e.tab)).toEqual(['a']);
  });

  it('skips what it cannot read, and leaves it in storage', () => {
    storage.setItem('strata:journal:01-import-side-effects:x', '{"half');
    storage.setItem('strata:journal:01-import-side-effects:y', JSON.stringify({ id: '01-import-side-effects' }));
    writeJournal(entry('a', 0, '2026-01-01T10:00:00.000Z', 'kept'));
    expect(readJournals('01-import-side-effects').map((e) => e.tab)).toEqual(['a']);
    expect(storage.getItem('strata:journal:01-import-side-effects:x')).toBe('{"half');
  });

  it('says false when the browser refuses to write (storage full)', () => {
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    expect(writeJournal(entry('a', 0, '2026-01-01T10:00:00.000Z', 'x'))).toBe(false);
  });

  it('recovers the newest journal made on top of the save, and offers the newest other one aside', () => {
    const onTop = entry('a', 5, '2026-01-01T10:00:00.000Z', 'on top');
    const newerOnOlder = entry('b', 4, '2026-01-01T11:00:00.000Z', 'made on an older save');
    const olderOnTop = entry('c', 5, '2026-01-01T09:00:00.000Z', 'older, on top');
    const journals = [newerOnOlder, onTop, olderOnTop];
    expect(planRecovery(journals, 5)).toEqual({ recover: onTop, aside: newerOnOlder });
    expect(planRecovery(journals, 6)).toEqual({ recover: undefined, aside: newerOnOlder });
    expect(planRecovery([], 0)).toEqual({ recover: undefined, aside: undefined });
  });
});
