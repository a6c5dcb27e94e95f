// Tabs for the files the learner has open. A tab closes with its × or the Delete key; closing a
// tab never deletes a file (the tree does that).

export interface FileTabs {
  /** Adds `path` to the open tabs (if needed) and marks it selected. */
  select(path: string): void;
  close(path: string): void;
  /** Follows renames and deletions: `moves` maps old paths to new ones, `exists` filters the rest. */
  sync(moves: Map<string, string>, exists: (path: string) => boolean): void;
  paths(): string[];
}

export function attachFileTabs(
  host: HTMLElement,
  initial: string[],
  selected: () => string,
  open: (path: string) => void,
): FileTabs {
  let tabs = [...initial];
  const render = () => {
    const current = selected();
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
          if ((event.target as HTMLElement).closest('[data-tab-close]')) api.close(path);
          else open(path);
        });
        tab.addEventListener('keydown', (event) => {
          const index = tabs.indexOf(path);
          const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
          if (step !== 0 && tabs.length > 0) {
            event.preventDefault();
            const next = tabs[(index + step + tabs.length) % tabs.length]!;
            open(next);
            host.querySelector<HTMLElement>(`[data-tab-path="${CSS.escape(next)}"]`)?.focus();
          } else if (event.key === 'Delete') {
            event.preventDefault();
            api.close(path);
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
  const api: FileTabs = {
    select(path) {
      if (path && !tabs.includes(path)) tabs.push(path);
      render();
    },
    close(path) {
      const index = tabs.indexOf(path);
      if (index === -1) return;
      tabs.splice(index, 1);
      if (selected() === path) {
        const next = tabs[Math.min(index, tabs.length - 1)];
        if (next) open(next);
      }
      render();
    },
    sync(moves, exists) {
      tabs = tabs.map((path) => moves.get(path) ?? path).filter(exists);
      render();
    },
    paths: () => [...tabs],
  };
  render();
  return api;
}
