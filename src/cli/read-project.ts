import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILES, isWalkedDir } from './python-tree.ts';

/**
 * Reads a Python project for the contract engine: every `.py` file (as bytes, so the engine can
 * honour PEP 263 coding cookies) and the import-linter configuration files at the top.
 */
export async function readPythonProject(root: string): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  const pending: Promise<void>[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (isWalkedDir(entry.name, join(dir, entry.name))) await walk(join(dir, entry.name), rel);
      } else if (entry.isFile() && (entry.name.endsWith('.py') || (prefix === '' && CONFIG_FILES.has(entry.name)))) {
        pending.push(
          readFile(join(dir, entry.name)).then((bytes) => {
            files[rel] = bytes;
          }),
        );
      }
    }
  }
  await walk(root, '');
  await Promise.all(pending);
  return files;
}
