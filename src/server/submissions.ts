import { createHash } from 'node:crypto';
import { screenSubmissionPaths, refusalNote } from '../grading/index.ts';
import { HttpError } from './access.ts';

/** What one submission may hold: the same order of size as the CLI's, well inside the sandbox's 64 MB. */
export const SUBMISSION_LIMITS = { files: 200, fileBytes: 256 * 1024, totalBytes: 2 * 1024 * 1024 } as const;

/**
 * Checks a submission's files before anything is stored: each refused path or oversized file is
 * named in the error, and nothing is stored unless every file passes.
 */
export function checkSubmissionFiles(files: Record<string, string>): Record<string, string> {
  const problems: string[] = [];
  const paths = Object.keys(files);
  if (paths.length === 0) problems.push('the submission has no files');
  if (paths.length > SUBMISSION_LIMITS.files) {
    problems.push(`${paths.length} files: at most ${SUBMISSION_LIMITS.files} are accepted`);
  }
  const screened = screenSubmissionPaths(files);
  for (const refused of screened.refused) problems.push(refusalNote(refused));
  let total = 0;
  for (const [path, text] of Object.entries(screened.files)) {
    const bytes = Buffer.byteLength(text, 'utf8');
    total += bytes;
    if (bytes > SUBMISSION_LIMITS.fileBytes) {
      problems.push(`${path}: ${bytes} bytes; a file may have at most ${SUBMISSION_LIMITS.fileBytes}`);
    }
    // Python refuses source with a NUL character, and Postgres's jsonb cannot store one (a 500).
    const nul = text.indexOf('\0');
    if (nul !== -1) {
      const line = text.slice(0, nul).split('\n').length;
      problems.push(`${path}: line ${line} contains a NUL character; source files must be text`);
    }
  }
  if (total > SUBMISSION_LIMITS.totalBytes) {
    problems.push(`the files add up to ${total} bytes; at most ${SUBMISSION_LIMITS.totalBytes} are accepted`);
  }
  if (problems.length > 0) throw new HttpError(422, 'the submission was not accepted', { problems });
  return screened.files;
}

/** sha256 over the sorted paths and contents: the same files always hash the same. */
export function hashFiles(files: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const path of Object.keys(files).sort()) {
    hash.update(`${path}\0${Buffer.byteLength(files[path]!, 'utf8')}\0`);
    hash.update(files[path]!);
  }
  return hash.digest('hex');
}
