import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isJunkName } from '../../grading/index.ts';

/** Reads every file under `root` into a flat map of POSIX relative paths to UTF-8 text. */
export async function readTree(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  async function walk(dir: string, prefix: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (isJunkName(entry.name)) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) await walk(abs, rel);
      else if (entry.isFile()) files[rel] = await readFile(abs, 'utf8');
    }
  }
  await walk(root, '');
  return files;
}
