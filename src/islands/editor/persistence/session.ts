// Keeping one exercise's work for a page: the autosave, the tabs remembered, and the questions
// put to the learner when two tabs disagree or a version was kept aside. The questions are asked
// through `ui` (the panels), so this folder draws nothing itself.
import type { ProjectSnapshot, ProjectStore } from '../store/index.ts';
import { startAutosave } from './autosave.ts';
import type { RestoredProject } from './restore.ts';
import { mergeWithStarter, putAside } from './saved-projects.ts';
import type { SavedProject } from './saved-projects.ts';
import { rememberViewState } from './view-state.ts';

export interface Choice {
  label: string;
  choose(): void;
}

export interface PersistenceUi {
  /** A banner that asks the learner to choose. */
  choose(text: string, choices: Choice[]): void;
  /** A one-line notice. */
  notice(text: string): void;
}

const when = (iso: string) => new Date(iso).toLocaleString();

/** Starts saving `store` under exercise `id`; returns a function that stops (after a last save). */
export function keepProject(id: string, store: ProjectStore, restored: RestoredProject, ui: PersistenceUi): () => void {
  const takeVersion = (version: SavedProject) =>
    store.replace(mergeWithStarter(store.starter, version), { reason: 'other-tab', saved: true });
  const keepAside = (project: ProjectSnapshot) => void putAside(id, project).catch(() => undefined);
  const autosave = startAutosave(id, store, {
    tab: restored.tab,
    baseRevision: restored.revision,
    events: {
      changedElsewhere(theirs) {
        takeVersion(theirs);
        autosave.adopt(theirs);
        store.setSave({
          status: 'saved',
          message: `Updated with the changes you saved in another tab at ${when(theirs.savedAt)}`,
        });
      },
      conflict(theirs) {
        ui.choose(
          `This exercise was also changed in another tab (saved at ${when(theirs.savedAt)}). Which version do you want to keep? The other one is kept aside, not lost.`,
          [
            { label: 'Keep this tab’s version', choose: () => void autosave.overwrite() },
            {
              label: 'Use the other tab’s version',
              choose: () => {
                keepAside(store.snapshot());
                takeVersion(theirs);
                autosave.adopt(theirs);
                store.setSave({ status: 'saved', message: 'Showing the other tab’s version; yours is kept aside.' });
              },
            },
          ],
        );
      },
    },
  });
  const aside = restored.aside;
  if (aside) {
    ui.choose(`A version of this exercise from another tab was kept aside at ${when(aside.savedAt)}.`, [
      {
        label: 'Open that version',
        choose: () => {
          const mine = store.snapshot();
          store.replace(aside.project, { reason: 'aside' });
          keepAside(mine);
          ui.notice('Opened the version kept aside; the one you had is now kept aside instead.');
        },
      },
      { label: 'Discard it', choose: () => void putAside(id, undefined).catch(() => undefined) },
    ]);
  }
  const forgetView = rememberViewState(id, store);
  return () => {
    forgetView();
    autosave.dispose();
  };
}
