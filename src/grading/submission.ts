import { CONFIG_FILE_NAMES } from '../contracts/index.ts';
import type { Exercise, FileMap } from './exercise.ts';
import { HARNESS_PATH } from './harness-source.ts';
import { isJunkPath, refusalNote, screenSubmissionPaths } from './paths.ts';
import type { RefusedPath } from './paths.ts';

/** Folders the grader owns in the working tree: a submission's copies are ignored. */
const RESERVED = ['tests/', 'hidden/', '.strata/'];
/**
 * import-linter's own configuration files: the exercise's contracts apply, so a learner's copy is
 * dropped. `pyproject.toml` is not one of them: it describes the project (exercise 03 grades it), so
 * it ships to the tests like any other file, and its `[tool.importlinter]` is never read.
 */
const CONTRACT_FILES = new Set<string>(CONFIG_FILE_NAMES.filter((name) => name !== 'pyproject.toml'));

function dirnameOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/**
 * Files uploaded without their package folder (Gradescope's drag and drop, a zip of a folder's
 * contents) put back where the starter has them: `db.py` and `summary.py` at the top level go to
 * `reports/` when the starter keeps them there and the submission has none of the starter's
 * folders. When the names point at several folders, nothing moves and a note says what to upload.
 */
export function placeLooseFiles(exercise: Exercise, files: FileMap): { files: FileMap; notes: string[] } {
  const starterFolders = [...topLevel(exercise.starter)].filter((name) =>
    Object.keys(exercise.starter).some((path) => path.startsWith(`${name}/`)),
  );
  const roots = topLevel(files);
  if (starterFolders.length === 0 || starterFolders.some((name) => roots.has(name))) return { files, notes: [] };
  const loose = Object.keys(files).filter((path) => !path.includes('/') && path.endsWith('.py'));
  if (loose.length === 0) return { files, notes: [] };
  const homes = new Set<string>();
  for (const name of loose) {
    if (name === '__init__.py') continue;
    for (const path of Object.keys(exercise.starter)) {
      if (path.endsWith(`/${name}`)) homes.add(dirnameOf(path));
    }
  }
  const expected = starterFolders.map((name) => `${name}/`).join(', ');
  if (homes.size !== 1) {
    const where =
      homes.size === 0
        ? loose.length === 1
          ? 'it is not a file of the starter'
          : 'none of them is a file of the starter'
        : `they belong in ${[...homes].sort().join(', ')}`;
    return {
      files,
      notes: [
        `${loose.join(', ')} ${loose.length === 1 ? 'was' : 'were'} uploaded without a folder and ${where}: the exercise expects ${expected}; upload that folder (or a zip of it)`,
      ],
    };
  }
  const [home = ''] = [...homes];
  const moved: FileMap = {};
  for (const [path, text] of Object.entries(files)) moved[loose.includes(path) ? `${home}/${path}` : path] = text;
  return {
    files: moved,
    notes: [
      `placed ${loose.join(', ')} in ${home}/: ${loose.length === 1 ? 'it was' : 'they were'} uploaded without the folder`,
    ],
  };
}

export interface PreparedSubmission {
  /** The learner's project, as graded. */
  files: FileMap;
  /** What was ignored and why, for the report. */
  notes: string[];
  /** Paths left out because they cannot be written (each also has a note). */
  refused: RefusedPath[];
}

function topLevel(files: FileMap): Set<string> {
  return new Set(Object.keys(files).map((path) => path.split('/')[0] ?? path));
}

/**
 * Turns what a learner handed in into the project to grade: refuses paths that cannot be written
 * (screenSubmissionPaths), unwraps a single enclosing folder (zips often contain
 * `my-work/reports/...`), and drops files the grader supplies itself (tests, the contracts, the
 * harness) so a submission cannot replace them; when the learner writes the contracts, their
 * configuration file is their work and stays. `refused` are paths the reader already refused;
 * every refused path gets its own note, so the report says which files were left out and why.
 */
export function prepareSubmission(
  exercise: Exercise,
  submitted: FileMap,
  refused: readonly RefusedPath[] = [],
): PreparedSubmission {
  const expected = topLevel(exercise.starter);
  const screened = screenSubmissionPaths(submitted);
  const dropped = [...refused, ...screened.refused];
  let files = screened.files;
  for (let depth = 0; depth < 3; depth++) {
    const roots = topLevel(files);
    if ([...expected].some((name) => roots.has(name)) || roots.size !== 1) break;
    const [only] = [...roots];
    if (only === undefined || !Object.keys(files).every((path) => path.startsWith(`${only}/`))) break;
    if (only === 'src' || files[`${only}/__init__.py`] !== undefined) break;
    const unwrapped = Object.fromEntries(
      Object.entries(files).map(([path, text]) => [path.slice(only.length + 1), text]),
    );
    // Unwrap only when the starter's top-level names appear inside: a lone `src/` (src layout)
    // or a lone package is the project itself, not a wrapper.
    if (![...expected].some((name) => topLevel(unwrapped).has(name))) break;
    files = unwrapped;
  }
  const placed = placeLooseFiles(exercise, files);
  files = placed.files;
  const kept: FileMap = {};
  const ignored = new Set<string>();
  for (const [path, text] of Object.entries(files)) {
    if (isJunkPath(path)) continue;
    const reserved = RESERVED.find((prefix) => path.startsWith(prefix));
    if (reserved) ignored.add(`${reserved} (the grader supplies its own)`);
    // A file named like the grader's folder would stop it writing the tests or the harness there.
    else if (RESERVED.includes(`${path}/`)) dropped.push({ path, reason: 'the grader needs a folder with this name' });
    else if (CONTRACT_FILES.has(path) && path !== exercise.meta.writesContracts?.config)
      ignored.add(`${path} (the exercise's contracts apply)`);
    else if (path === HARNESS_PATH) ignored.add(path);
    else kept[path] = text;
  }
  const notes = [
    ...placed.notes,
    ...dropped.filter((refusal) => !isJunkPath(refusal.path)).map(refusalNote),
    ...[...ignored].sort().map((what) => `ignored ${what}`),
  ];
  if (!Object.keys(kept).some((path) => path.endsWith('.py'))) notes.push('the submission contains no Python files');
  return { files: kept, notes, refused: dropped };
}
