// The toolbar above the editor: Download .zip.
import { strToU8, zipSync } from 'fflate';

export function downloadProject(name: string, files: Record<string, string>): void {
  const entries = Object.fromEntries(Object.entries(files).map(([path, text]) => [`${name}/${path}`, strToU8(text)]));
  const blob = new Blob([zipSync(entries)], { type: 'application/zip' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${name}.zip`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
