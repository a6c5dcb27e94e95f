// What a page opens with: the IndexedDB save merged with the starter, plus any change a closed
// tab left in its journal that IndexedDB never got (a reload right after typing), plus the tabs and
// the file that were on screen. Nothing the learner typed is ever replaced by the starter.
import type { ProjectSnapshot } from '../store/index.ts';
import { clearJournal, planRecovery, readJournals, writeJournal } from './journal.ts';
import { asideKey, loadProject, mergeWithStarter, putAside } from './saved-projects.ts';
import type { SavedProject } from './saved-projects.ts';
import { readViewState } from './view-state.ts';
import type { ViewState } from './view-state.ts';

export interface RestoredProject {
  /** This page's id, for its saves and its journal. */
  tab: string;
  project: ProjectSnapshot;
  /** The IndexedDB revision `project` builds on (undefined: nothing saved yet). */
  revision: number | undefined;
  /** The project holds changes IndexedDB does not have yet (from a journal). */
  unsaved: boolean;
  /** A version kept aside, to offer the learner. */
  aside: { project: ProjectSnapshot; savedAt: string } | undefined;
  view: ViewState | undefined;
  /** What to tell the learner about it ('' when there was nothing to restore). */
  message: string;
}

function newTabId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function sameProject(a: ProjectSnapshot, b: ProjectSnapshot): boolean {
  const files = (p: ProjectSnapshot) => JSON.stringify(Object.entries(p.files).sort(([x], [y]) => x.localeCompare(y)));
  const list = (values: string[] | undefined) => JSON.stringify([...(values ?? [])].sort());
  return files(a) === files(b) && list(a.folders) === list(b.folders) && list(a.deleted) === list(b.deleted);
}

const time = (iso: string) => new Date(iso).toLocaleString();

export async function restoreProject(
  id: string | undefined,
  starter: Record<string, string>,
): Promise<RestoredProject> {
  const tab = newTabId();
  if (!id) {
    return {
      tab,
      project: mergeWithStarter(starter, undefined),
      revision: undefined,
      unsaved: false,
      aside: undefined,
      view: undefined,
      message: '',
    };
  }
  const saved: SavedProject | undefined = await loadProject(id);
  const keptAside: SavedProject | undefined = await loadProject(asideKey(id));
  const fromSave = mergeWithStarter(starter, saved);
  const { recover, aside: stale } = planRecovery(readJournals(id), saved?.revision ?? 0);

  let project = fromSave;
  let unsaved = false;
  let message = saved ? `Restored your work saved at ${time(saved.savedAt)}` : '';
  if (recover) {
    const recovered = mergeWithStarter(starter, recover);
    if (!sameProject(recovered, fromSave)) {
      project = recovered;
      unsaved = true;
      message = `Restored your work as you left it at ${time(recover.at)}`;
      // This page carries that work from now on: its journal first, then the closed tab's goes.
      writeJournal({ ...recover, ...project, tab });
    }
    clearJournal(id, recover.tab);
  }

  let aside = keptAside ? { project: mergeWithStarter(starter, keptAside), savedAt: keptAside.savedAt } : undefined;
  if (stale) {
    const version = mergeWithStarter(starter, stale);
    if (sameProject(version, project)) {
      clearJournal(id, stale.tab);
    } else if (!aside) {
      // Made on an older save than the one shown: offered, never applied over newer work.
      await putAside(id, version).then(
        () => {
          aside = { project: version, savedAt: stale.at };
          clearJournal(id, stale.tab);
        },
        () => undefined, // IndexedDB refused: the journal stays for a later visit
      );
    }
    // With a version already aside, this one waits in its journal until that one is dealt with.
  }
  return { tab, project, revision: saved?.revision, unsaved, aside, view: readViewState(id), message };
}
