// The toolbar above the editor: Download .zip, and Reset to starter (asked in the page, undoable).
import { strToU8, zipSync } from 'fflate';
import type { ProjectStore } from '../store/index.ts';
import { confirmInPage, showNotice } from './notices.ts';

export function downloadProject(name: string, files: Readonly<Record<string, string>>): void {
  const entries = Object.fromEntries(Object.entries(files).map(([path, text]) => [`${name}/${path}`, strToU8(text)]));
  const blob = new Blob([zipSync(entries)], { type: 'application/zip' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${name}.zip`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** Wires `[data-download]` and `[data-reset]` in `root`; `name` names the zip and its folder. */
export function attachToolbar(root: HTMLElement, store: ProjectStore, name: string): void {
  root.querySelector('[data-download]')?.addEventListener('click', () => downloadProject(name, store.get().files));
  root.querySelector('[data-reset]')?.addEventListener('click', () => {
    void confirmInPage(root, 'Replace every file with the starter? You can undo this.', 'Reset').then((sure) => {
      if (!sure) return;
      const before = store.snapshot();
      store.replace({ files: { ...store.starter }, folders: [], deleted: [] }, { reason: 'reset' });
      showNotice(root, 'Reset to the starter (Ctrl+Z in a file also brings its text back).', () =>
        store.replace(before, { reason: 'undo' }),
      );
    });
  });
}
