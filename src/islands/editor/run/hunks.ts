// Taking the solution one hunk at a time (issue 20, solve-as-diff): which files differ, and the
// learner's text with one of the diff editor's line changes applied. Pure, so it is unit-tested
// apart from Monaco.

/**
 * A line change as Monaco's diff editor reports it (`getLineChanges()`), 1-based and inclusive.
 * An end of 0 means the side has no lines: with `originalEndLineNumber` 0 the solution's lines
 * go after the learner's line `originalStartLineNumber` (0: before the first line); with
 * `modifiedEndLineNumber` 0 the learner's lines are removed.
 */
export interface LineChange {
  readonly originalStartLineNumber: number;
  readonly originalEndLineNumber: number;
  readonly modifiedStartLineNumber: number;
  readonly modifiedEndLineNumber: number;
}

/** How a file of the project compares with the solution. */
export type FileDifference = 'changed' | 'only-solution' | 'only-learner';

export interface DifferingFile {
  path: string;
  difference: FileDifference;
}

// The same split as a Monaco model's lines, so line numbers agree with the diff editor's.
const linesOf = (text: string): string[] => text.split(/\r\n|\r|\n/);

/** `original` (the learner's text) with `change` taken from `modified` (the solution's). */
export function applyLineChange(original: string, modified: string, change: LineChange): string {
  const ours = linesOf(original);
  const theirs = linesOf(modified);
  const taken =
    change.modifiedEndLineNumber === 0
      ? []
      : theirs.slice(change.modifiedStartLineNumber - 1, change.modifiedEndLineNumber);
  const [start, count] =
    change.originalEndLineNumber === 0
      ? [change.originalStartLineNumber, 0]
      : [change.originalStartLineNumber - 1, change.originalEndLineNumber - change.originalStartLineNumber + 1];
  ours.splice(start, count, ...taken);
  return ours.join('\n');
}

/** The files that are not the same in the project and the solution, sorted by path. */
export function differingFiles(
  learner: Readonly<Record<string, string>>,
  solution: Readonly<Record<string, string>>,
): DifferingFile[] {
  const paths = [...new Set([...Object.keys(learner), ...Object.keys(solution)])].sort();
  return paths.flatMap((path): DifferingFile[] => {
    const ours = learner[path];
    const theirs = solution[path];
    if (ours === undefined) return [{ path, difference: 'only-solution' }];
    if (theirs === undefined) return [{ path, difference: 'only-learner' }];
    return ours === theirs ? [] : [{ path, difference: 'changed' }];
  });
}

const span = (start: number, end: number) => (start === end ? `line ${start}` : `lines ${start}–${end}`);

/** The change in words, for the list of changes beside the diff. */
export function describeLineChange(change: LineChange): string {
  const ours = span(change.originalStartLineNumber, change.originalEndLineNumber);
  const theirs = span(change.modifiedStartLineNumber, change.modifiedEndLineNumber);
  if (change.originalEndLineNumber === 0) {
    const where =
      change.originalStartLineNumber === 0
        ? 'at the top of your file'
        : `after your line ${change.originalStartLineNumber}`;
    return `Adds the solution’s ${theirs} ${where}`;
  }
  if (change.modifiedEndLineNumber === 0) return `Removes your ${ours}`;
  return `Replaces your ${ours} with the solution’s ${theirs}`;
}
