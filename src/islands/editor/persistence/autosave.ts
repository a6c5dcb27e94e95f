// Saving as the learner types, for one exercise: every unsaved change goes to the journal at once
// (synchronously, so a reload a moment later keeps it) and to IndexedDB shortly after, and at once
// when the page is hidden or closed. A failed save (a full quota) is reported through the store,
// not swallowed. Other tabs hear of each save over a BroadcastChannel.
import { changesContent, isUnsaved } from '../store/index.ts';
import type { ProjectStore } from '../store/index.ts';
import { clearJournal, writeJournal } from './journal.ts';
import { loadProject, saveProject } from './saved-projects.ts';
import type { SavedProject } from './saved-projects.ts';

/** What a tab announces on the BroadcastChannel after each save. */
interface SavedMessage {
  type: 'saved';
  id: string;
  tab: string;
  revision: number;
}

export interface AutosaveEvents {
  /** Another tab saved this exercise since this tab last did, and this tab has unsaved work. */
  conflict(theirs: SavedProject): void;
  /** Another tab saved while this tab had nothing unsaved. */
  changedElsewhere(theirs: SavedProject): void;
}

export interface Autosave {
  /** Writes the unsaved work now (unless a conflict waits for the learner). */
  flush(): Promise<void>;
  /** Takes another tab's save as this tab's starting point (after the store took its files). */
  adopt(theirs: SavedProject): void;
  /** Saves this tab's work over another tab's (kept aside), on the learner's explicit choice. */
  overwrite(): Promise<void>;
  dispose(): void;
}

export interface AutosaveOptions {
  /** This page's id in the journal and in saves. */
  tab: string;
  /** The IndexedDB revision the store's project was loaded from (undefined: none yet). */
  baseRevision: number | undefined;
  events: AutosaveEvents;
  delayMs?: number;
}

export function startAutosave(id: string, store: ProjectStore, options: AutosaveOptions): Autosave {
  const { tab, events, delayMs = 400 } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let conflicted = false;
  let expected = options.baseRevision ?? 0;
  // One save at a time, in order: each reads the revision the previous one wrote.
  let queue: Promise<void> = Promise.resolve();
  // Saving work recovered from a journal keeps the page's "Restored your work…" message: it is
  // news to the learner, the save that follows is not.
  let quiet = false;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('strata-workspace') : undefined;

  /** The journal holds exactly what IndexedDB does not have yet. */
  const journal = () => {
    if (!isUnsaved(store.get())) {
      clearJournal(id, tab);
      return;
    }
    // Refused (storage full or disabled): the IndexedDB save below is still attempted.
    writeJournal({ id, tab, base: expected, at: new Date().toISOString(), ...store.snapshot() });
  };

  const save = async (force: boolean) => {
    clearTimeout(timer);
    const state = store.get();
    if (!isUnsaved(state) || (conflicted && !force)) return;
    const { version } = state;
    try {
      const outcome = await saveProject(
        { id, ...store.snapshot(), savedAt: new Date().toISOString(), tab },
        force ? undefined : expected,
        force,
      );
      if (!outcome.ok) {
        conflicted = true;
        store.setSave({ status: 'conflict', message: 'Not saved yet: this exercise was changed in another tab.' });
        events.conflict(outcome.current);
        return;
      }
      conflicted = false;
      expected = outcome.revision;
      channel?.postMessage({ type: 'saved', id, tab, revision: outcome.revision } satisfies SavedMessage);
      const message = quiet ? store.get().save.message : `Saved in this browser at ${new Date().toLocaleTimeString()}`;
      store.setSave({ status: 'saved', message }, version);
      journal(); // cleared, or rewritten on the new revision when the learner typed meanwhile
    } catch (error) {
      const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
      store.setSave({
        status: 'failed',
        message: quota
          ? 'Not saved: the browser storage is full. Download your work or free some space.'
          : `Not saved: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };
  const write = (force: boolean) => (queue = queue.then(() => save(force)));
  const schedule = () => {
    clearTimeout(timer);
    if (!conflicted) timer = setTimeout(() => void write(false), delayMs);
  };

  const stop = store.listen((state, change) => {
    if (!changesContent(change)) return;
    quiet = false;
    journal();
    if (isUnsaved(state)) schedule();
  });
  const onHide = () => {
    if (document.visibilityState === 'hidden') void write(false);
  };
  // Closing while a conflict is unresolved: this tab's work is saved, the other tab's kept aside.
  // The journal already holds it, should the page go before IndexedDB answers.
  const onLeave = () => void write(conflicted);
  const onMessage = async (event: MessageEvent<SavedMessage>) => {
    const message = event.data;
    if (message.type !== 'saved' || message.id !== id || message.tab === tab || message.revision <= expected) return;
    const theirs = await loadProject(id);
    if (!theirs || (theirs.revision ?? 0) <= expected) return;
    if (isUnsaved(store.get()) || conflicted) {
      conflicted = true;
      store.setSave({ status: 'conflict', message: 'Not saved yet: this exercise was changed in another tab.' });
      events.conflict(theirs);
    } else {
      expected = theirs.revision ?? 0;
      events.changedElsewhere(theirs);
    }
  };
  channel?.addEventListener('message', (event: MessageEvent<SavedMessage>) => void onMessage(event));
  document.addEventListener('visibilitychange', onHide);
  addEventListener('pagehide', onLeave);
  // Work recovered from a closed tab's journal is this tab's now: journal it and save it.
  if (isUnsaved(store.get())) {
    quiet = true;
    journal();
    schedule();
  }

  return {
    flush: () => write(false),
    adopt(theirs) {
      expected = theirs.revision ?? 0;
      conflicted = false;
      journal();
    },
    overwrite: () => write(true),
    dispose() {
      void write(false);
      stop();
      channel?.close();
      document.removeEventListener('visibilitychange', onHide);
      removeEventListener('pagehide', onLeave);
    },
  };
}
