// The journal: what "saved as you type" rests on. IndexedDB writes are asynchronous, so a reload or
// a navigation right after a keystroke ends the page before the save lands. Every change that is
// not in IndexedDB yet is therefore also written synchronously to localStorage, under one key per
// tab, and removed once IndexedDB holds it. The next visit finds what a closed tab left there.
import type { ProjectSnapshot } from '../store/index.ts';

const PREFIX = 'strata:journal:';

export interface JournalEntry extends ProjectSnapshot {
  /** The exercise. */
  id: string;
  /** The tab that wrote it. */
  tab: string;
  /** The IndexedDB revision these changes were made on top of. */
  base: number;
  /** When the change was made (ISO time). */
  at: string;
}

const keyOf = (id: string, tab: string) => `${PREFIX}${id}:${tab}`;

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled: IndexedDB (if any) is all there is
  }
}

/** Writes this tab's journal; false when the browser refused (storage full or disabled). */
export function writeJournal(entry: JournalEntry): boolean {
  try {
    storage()?.setItem(keyOf(entry.id, entry.tab), JSON.stringify(entry));
    return true;
  } catch {
    return false;
  }
}

export function clearJournal(id: string, tab: string): void {
  try {
    storage()?.removeItem(keyOf(id, tab));
  } catch {
    // nothing to clear
  }
}

function isEntry(value: unknown, id: string): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<JournalEntry>;
  return (
    entry.id === id &&
    typeof entry.tab === 'string' &&
    typeof entry.base === 'number' &&
    typeof entry.at === 'string' &&
    typeof entry.files === 'object' &&
    entry.files !== null &&
    Object.values(entry.files).every((text) => typeof text === 'string')
  );
}

/** Every tab's journal for exercise `id`, newest first. An unreadable entry is skipped and left alone. */
export function readJournals(id: string): JournalEntry[] {
  const store = storage();
  if (!store) return [];
  const entries: JournalEntry[] = [];
  const prefix = `${PREFIX}${id}:`;
  for (let index = 0; index < store.length; index += 1) {
    const key = store.key(index);
    if (!key?.startsWith(prefix)) continue;
    try {
      const value = JSON.parse(store.getItem(key) ?? 'null') as unknown;
      if (isEntry(value, id)) entries.push(value);
    } catch {
      // a half-written or foreign value: not ours to interpret
    }
  }
  return entries.sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * What the journals left by closed tabs mean for a page that starts on the save at `revision`: the
 * newest one made on top of that save is the learner's latest work (`recover`). Any other one was
 * made on an older save, or in a tab that lost the race, so it is offered, not applied (`aside`,
 * the newest of them); the rest stay in storage for a later visit.
 */
export function planRecovery(
  journals: readonly JournalEntry[],
  revision: number,
): { recover: JournalEntry | undefined; aside: JournalEntry | undefined } {
  const recover = journals.find((entry) => entry.base === revision);
  const aside = journals.find((entry) => entry !== recover);
  return { recover, aside };
}
