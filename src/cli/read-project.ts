import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listProject } from './scan-project.ts';

/**
 * Reads a Python project for the contract engine: every `.py` file (as bytes, so the engine can
 * honour PEP 263 coding cookies) and the import-linter configuration files at the top. The files are
 * the ones `strata lint` scans (scan-project.ts's walker and python-tree.ts's rules), read whole for
 * callers that need the text (the benchmark's incremental analyser).
 */
export async function readPythonProject(root: string): Promise<Record<string, Uint8Array>> {
  const { paths, config } = listProject(root);
  const files: Record<string, Uint8Array> = {};
  // One file at a time: opening all of them at once ran out of file descriptors (EMFILE) on the
  // 65k-module benchmark tree with a limit of 20,000.
  for (const path of [...config, ...paths]) files[path] = readFileSync(join(root, path));
  return Promise.resolve(files);
}
