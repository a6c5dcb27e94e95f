// Tabs for the files the learner has open, drawn from the project store. A tab closes with its ×
// or the Delete key; closing a tab never deletes a file (the tree does that).
import type { ProjectState, ProjectStore, Unsubscribe } from '../store/index.ts';

/** Renders the store's open tabs into `host` (a `[data-tabs]` tablist) and keeps them in step. */
export function attachFileTabs(host: HTMLElement, store: ProjectStore): Unsubscribe {
  const focusTab = (path: string) => host.querySelector<HTMLElement>(`[data-tab-path="${CSS.escape(path)}"]`)?.focus();
  const render = (state: ProjectState) => {
    const { tabs, active: current } = state;
    host.replaceChildren(
      ...tabs.map((path) => {
        const tab = document.createElement('button');
        tab.type = 'button';
        tab.setAttribute('role', 'tab');
        tab.dataset.tabPath = path;
        tab.setAttribute('aria-selected', String(path === current));
        tab.tabIndex = path === current ? 0 : -1;
        tab.setAttribute('aria-keyshortcuts', 'Delete');
        tab.title = `${path} (Delete closes the tab)`;
        // Show the file name (the whole path when another open tab has the same name, like
        // __init__.py); the accessible name is always the whole path.
        const name = path.slice(path.lastIndexOf('/') + 1);
        const clash = tabs.some((other) => other !== path && (other === name || other.endsWith(`/${name}`)));
        const label = document.createElement('span');
        label.textContent = clash ? path : name;
        tab.setAttribute('aria-label', path);
        const close = document.createElement('span');
        close.className = 'tab-close';
        close.dataset.tabClose = '';
        tab.append(label, close);
        tab.addEventListener('click', (event) => {
          if ((event.target as HTMLElement).closest('[data-tab-close]')) store.closeTab(path);
          else store.open(path);
        });
        tab.addEventListener('keydown', (event) => {
          const open = store.get().tabs;
          const index = open.indexOf(path);
          const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
          if (step !== 0 && open.length > 0) {
            event.preventDefault();
            const next = open[(index + step + open.length) % open.length]!;
            store.open(next);
            focusTab(next);
          } else if (event.key === 'Delete') {
            event.preventDefault();
            store.closeTab(path);
            host.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
          }
        });
        return tab;
      }),
    );
    // Tabs sit on one scrolling row: keep the selected one in sight.
    const active = host.querySelector<HTMLElement>('[aria-selected="true"]');
    if (active) host.scrollLeft = Math.max(0, active.offsetLeft - host.clientWidth / 2 + active.offsetWidth / 2);
  };
  let shown = '';
  return store.subscribe((state) => {
    // Typing changes neither the tabs nor which one is selected: no need to redraw them.
    const key = JSON.stringify([state.tabs, state.active]);
    if (key === shown) return;
    shown = key;
    render(state);
  });
}
