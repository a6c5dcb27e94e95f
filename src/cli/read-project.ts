import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const SKIPPED_DIRS = new Set(['node_modules', '__pycache__', 'venv', '.venv', 'site-packages', 'dist', 'build']);
const CONFIG_FILES = new Set(['setup.cfg', '.importlinter', 'pyproject.toml']);

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
        if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) await walk(join(dir, entry.name), rel);
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
