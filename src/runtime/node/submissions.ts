import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkSubmissionPath, isJunkName, isJunkPath } from '../../grading/index.ts';
import type { RefusedPath } from '../../grading/index.ts';
import { readZip, ZipError } from './zip.ts';
import type { ZipContents, ZipLimits } from './zip.ts';
import { DEFAULT_ZIP_LIMITS } from './zip.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A submission that cannot be read; the message says which file and why. */
export class SubmissionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubmissionError';
  }
}

function decode(path: string, bytes: Uint8Array, files: Record<string, string>, skipped: string[]): void {
  try {
    files[path] = decoder.decode(bytes);
  } catch {
    skipped.push(path); // binary files (images, .pyc) are not part of a Python project's source
  }
}

export interface LoadedSubmission {
  files: Record<string, string>;
  /** Binary or skipped files, reported to the learner rather than silently dropped. */
  skipped: string[];
  /**
   * Files (or whole folders, shown with a trailing "/") whose paths checkSubmissionPath refuses,
   * and zip entries that cannot be graded, each with the reason: pass them to the grader
   * (`GradeOptions.refused`) so the report names each one.
   */
  refused: RefusedPath[];
}

/**
 * Reads a submission folder: regular files only (symbolic links are skipped), within the size
 * limit. A file or folder whose path the grader cannot use (a control character or backslash in
 * its name, too long) is refused without being read; a refused folder is not walked into.
 */
export async function readSubmissionFolder(
  root: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<LoadedSubmission> {
  const files: Record<string, string> = {};
  const skipped: string[] = [];
  const refused: RefusedPath[] = [];
  let total = 0;
  let count = 0;
  async function walk(dir: string, prefix: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (isJunkName(entry.name)) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const abs = join(dir, entry.name);
      const problem = checkSubmissionPath(rel);
      if (problem !== null && (entry.isDirectory() || entry.isFile())) {
        refused.push({ path: entry.isDirectory() ? `${rel}/` : rel, reason: problem });
      } else if (entry.isSymbolicLink()) {
        skipped.push(`${rel} (symbolic link)`);
      } else if (entry.isDirectory()) {
        await walk(abs, rel);
      } else if (entry.isFile()) {
        total += (await lstat(abs)).size;
        if (++count > limits.entries || total > limits.totalBytes) {
          throw new SubmissionError(
            `${root}: the submission is larger than ${limits.totalBytes} bytes / ${limits.entries} files`,
          );
        }
        decode(rel, await readFile(abs), files, skipped);
      }
    }
  }
  await walk(root, '');
  return { files, skipped, refused };
}

/** Reads a submission given as a folder or a `.zip` file. */
export async function readSubmission(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<LoadedSubmission> {
  const stat = await lstat(path).catch(() => null);
  if (!stat) throw new SubmissionError(`${path}: no such file or folder`);
  if (stat.isDirectory()) return readSubmissionFolder(path, limits);
  if (!stat.isFile() || !path.toLowerCase().endsWith('.zip')) {
    throw new SubmissionError(`${path}: a submission is a folder or a .zip file`);
  }
  if (stat.size > limits.totalBytes)
    throw new SubmissionError(`${path}: the zip is larger than ${limits.totalBytes} bytes`);
  let contents: ZipContents;
  try {
    contents = readZip(await readFile(path), limits);
  } catch (error) {
    if (error instanceof ZipError) throw new SubmissionError(`${basename(path)}: ${error.message}`);
    throw error;
  }
  const files: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [name, bytes] of contents.files) {
    if (!isJunkPath(name)) decode(name, bytes, files, skipped);
  }
  return { files, skipped, refused: contents.refused.filter((refusal) => !isJunkPath(refusal.path)) };
}
