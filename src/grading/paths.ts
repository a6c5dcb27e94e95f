// The one rule for which paths of a submission reach the grader's working tree. The zip and folder
// readers, prepareSubmission and the runtime's writeFiles all apply it, so a path refused here is
// named in the grade report instead of surfacing later as a raw file-system error.

/**
 * Longest name (one folder or file) in UTF-8 bytes: NAME_MAX on Linux (ext4, tmpfs, overlayfs,
 * btrfs, xfs) and what Windows, macOS and zip tools allow, so nothing a learner's machine made is
 * longer.
 */
export const MAX_NAME_BYTES = 255;
/**
 * Longest whole path in UTF-8 bytes. Linux's PATH_MAX (4,096) counts the grader's temporary root
 * too, so this leaves room for it; a learner's machine never gets near (macOS's PATH_MAX is 1,024
 * for the absolute path, Windows tools stop at 260 characters), so a longer path was hand-made.
 */
export const MAX_PATH_BYTES = 1024;

// Not refused, on purpose:
// - Windows device names (CON, AUX, NUL, COM1...): harmless on the Linux host, and `aux.py` is a
//   fine module name that a learner on macOS or Linux may well hand in.
// - Names that differ only in case (`Report.py`, `report.py`): the grader's file system and
//   Python's imports tell them apart, so both are graded as written.
// - `<>:"|?*`: Windows forbids them, but they hurt nothing on the host, and a learner's own
//   machine decides whether they can exist.

/**
 * Names in a learner's or an exercise's tree that nobody wrote: caches, version control, the
 * operating system's and zip tools' files, virtual environments. The folder and zip readers and
 * prepareSubmission all leave them out, silently (they are not the learner's work to name).
 */
export const JUNK_NAMES: ReadonlySet<string> = new Set([
  '__pycache__',
  '.git',
  'node_modules',
  '.DS_Store',
  '__MACOSX',
  '.venv',
  'venv',
]);

/** Whether one folder or file name is junk (a JUNK_NAMES entry or compiled Python, `.pyc`). */
export function isJunkName(name: string): boolean {
  return JUNK_NAMES.has(name) || name.endsWith('.pyc');
}

/** Whether a POSIX path lies in junk or is junk itself. */
export function isJunkPath(path: string): boolean {
  return path.split('/').some(isJunkName);
}

/** A path left out of the graded project, and why, in words for the learner. */
export interface RefusedPath {
  path: string;
  reason: string;
}

export interface ScreenedFiles<T> {
  /** The files whose paths are safe to write, by path. */
  files: Record<string, T>;
  /** One entry per refused path, in the order given. */
  refused: RefusedPath[];
}

// C0 controls (NUL included), DEL, C1 controls, and the bidirectional overrides that make a name
// print as something else (`evil\u202Eyp.txt` shows as `eviltxt.py`) in a teacher's terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
// With the `u` flag this matches only unpaired surrogates, which cannot be written as UTF-8.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Why `path` cannot be a file of a submission, in plain words, or null if it can. A good path is
 * relative, uses `/` between names, has no empty, `.` or `..` names, no control characters, and
 * fits the length limits. Paths that look like folders of the grader (`tests/`) are fine here:
 * prepareSubmission decides what the grader owns.
 */
export function checkSubmissionPath(path: string): string | null {
  if (path === '') return 'the path is empty';
  const control = CONTROL.exec(path);
  if (control) return `it contains a control character (${codePoint(control[0])})`;
  if (LONE_SURROGATE.test(path)) return 'it is not valid Unicode';
  if (path.startsWith('/')) return 'it is an absolute path (it starts with "/")';
  if (/^[A-Za-z]:/.test(path)) return `it starts with a drive letter ("${path.slice(0, 2)}")`;
  if (path.includes('\\')) return 'it contains a backslash, which Windows reads as a folder separator';
  const bytes = utf8Length(path);
  if (bytes > MAX_PATH_BYTES) return `it is ${bytes} bytes long; the limit is ${MAX_PATH_BYTES}`;
  for (const name of path.split('/')) {
    if (name === '') return 'it has an empty folder name ("//", or "/" at the end)';
    if (name === '.') return 'it has "." as a folder name';
    if (name === '..') return 'it climbs out of the folder with ".."';
    const length = utf8Length(name);
    if (length > MAX_NAME_BYTES) return `one of its names is ${length} bytes long; the limit is ${MAX_NAME_BYTES}`;
  }
  return null;
}

/**
 * Keeps the files whose paths pass checkSubmissionPath and refuses the rest, each with its reason.
 * A path that is a file and also a folder of other files (`a` and `a/b.py`) cannot be written:
 * the folder wins and the file is refused, because the folder is usually a package of real code
 * while the lone file is usually an artefact (a folder entry some zip tools write without its "/",
 * or a stray empty file), and keeping the folder drops less of the learner's work.
 */
export function screenSubmissionPaths<T>(files: Readonly<Record<string, T>>): ScreenedFiles<T> {
  const reasons = new Map<string, string>();
  const folders = new Set<string>();
  for (const path of Object.keys(files)) {
    const reason = checkSubmissionPath(path);
    if (reason !== null) {
      reasons.set(path, reason);
      continue;
    }
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      folders.add(path.slice(0, slash));
    }
  }
  const kept: [string, T][] = [];
  const refused: RefusedPath[] = [];
  for (const [path, value] of Object.entries(files)) {
    const reason = reasons.get(path) ?? (folders.has(path) ? 'it is also the name of a folder of files' : null);
    if (reason === null) kept.push([path, value]);
    else refused.push({ path, reason });
  }
  // fromEntries defines own properties, so even a file named `__proto__` stays a file.
  return { files: Object.fromEntries(kept), refused };
}

/**
 * A refused path as it can be printed: control characters escaped (so a name cannot rewrite the
 * teacher's terminal) and a very long path shortened to its start and end.
 */
export function displaySubmissionPath(path: string): string {
  const escaped = [...path]
    .map((char) =>
      CONTROL.test(char) || LONE_SURROGATE.test(char)
        ? `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`
        : char,
    )
    .join('');
  const chars = [...escaped];
  if (chars.length <= 120) return escaped;
  return `${chars.slice(0, 80).join('')}…${chars.slice(-30).join('')} (${[...path].length} characters)`;
}

/** The report's line for a refused path: `refused <path>: <reason>`. */
export function refusalNote(refused: RefusedPath): string {
  return `refused ${displaySubmissionPath(refused.path)}: ${refused.reason}`;
}
