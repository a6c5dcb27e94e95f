// Which tabs were open and which file was on screen, per exercise, so a reload comes back to the
// same place. Kept in localStorage apart from the project: opening a file is not an edit, and must
// not count as one in the revisions that keep two tabs from overwriting each other.
import type { ProjectStore, Unsubscribe } from '../store/index.ts';

const PREFIX = 'strata:workspace-view:';

export interface ViewState {
  active: string;
  tabs: string[];
}

export function readViewState(id: string): ViewState | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(`${PREFIX}${id}`) ?? 'null') as Partial<ViewState> | null;
    if (!value || typeof value.active !== 'string' || !Array.isArray(value.tabs)) return undefined;
    return { active: value.active, tabs: value.tabs.filter((tab): tab is string => typeof tab === 'string') };
  } catch {
    return undefined; // storage disabled or unreadable: start from the exercise's entry file
  }
}

/** Remembers the tabs and the active file whenever they change. */
export function rememberViewState(id: string, store: ProjectStore): Unsubscribe {
  let last = '';
  return store.subscribe((state) => {
    const value = JSON.stringify({ active: state.active, tabs: [...state.tabs] } satisfies ViewState);
    if (value === last) return;
    last = value;
    try {
      localStorage.setItem(`${PREFIX}${id}`, value);
    } catch {
      // not remembered: the next visit opens the entry file
    }
  });
}
