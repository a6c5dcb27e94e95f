import { describe, expect, it } from 'vitest';
import { applyLineChange, describeLineChange, differingFiles } from '../../../src/islands/editor/run/hunks.ts';
import type { LineChange } from '../../../src/islands/editor/run/hunks.ts';

const change = (os: number, oe: number, ms: number, me: number): LineChange => ({
  originalStartLineNumber: os,
  originalEndLineNumber: oe,
  modifiedStartLineNumber: ms,
  modifiedEndLineNumber: me,
});

// Exercise 01's reports/app.py, the starter against the solution: two hunks, as Monaco reports them.
const STARTER_APP = [
  'from reports.summary import format_report, total_by_region',
  '',
  '',
  'def main():',
  '    print(format_report(total_by_region()))',
  '',
].join('\n');
const SOLUTION_APP = [
  'from reports import db',
  'from reports.summary import format_report, total_by_region',
  '',
  '',
  'def main():',
  '    print(format_report(total_by_region(db.fetch_sales())))',
  '',
].join('\n');
const ADD_IMPORT = change(0, 0, 1, 1);
const CHANGE_CALL = change(5, 5, 6, 6);

describe('applyLineChange', () => {
  it('takes an insertion at the top and leaves the other hunk as the learner wrote it', () => {
    const next = applyLineChange(STARTER_APP, SOLUTION_APP, ADD_IMPORT);
    expect(next.split('\n').slice(0, 2)).toEqual([
      'from reports import db',
      'from reports.summary import format_report, total_by_region',
    ]);
    expect(next).toContain('    print(format_report(total_by_region()))');
    expect(next).not.toContain('db.fetch_sales()');
  });

  it('takes a replaced line in place, keeping the lines around it and the final newline', () => {
    const next = applyLineChange(STARTER_APP, SOLUTION_APP, CHANGE_CALL);
    expect(next.split('\n')).toEqual([
      'from reports.summary import format_report, total_by_region',
      '',
      '',
      'def main():',
      '    print(format_report(total_by_region(db.fetch_sales())))',
      '',
    ]);
  });

  it('reaches the solution when every hunk is taken, last first so the line numbers still hold', () => {
    const once = applyLineChange(STARTER_APP, SOLUTION_APP, CHANGE_CALL);
    expect(applyLineChange(once, SOLUTION_APP, ADD_IMPORT)).toBe(SOLUTION_APP);
  });

  it('inserts after a given line, removes lines, and replaces a block with one of another length', () => {
    const ours = 'a\nb\nc\nd';
    expect(applyLineChange(ours, 'a\nb\nX\nY\nc\nd', change(2, 0, 3, 4))).toBe('a\nb\nX\nY\nc\nd');
    expect(applyLineChange(ours, 'a\nd', change(2, 3, 1, 0))).toBe('a\nd');
    expect(applyLineChange(ours, 'a\nZ\nd', change(2, 3, 2, 2))).toBe('a\nZ\nd');
    expect(applyLineChange(ours, 'a\nb\nc\nd\ne', change(4, 0, 5, 5))).toBe('a\nb\nc\nd\ne');
  });

  it('reads Windows line endings as Monaco does', () => {
    expect(applyLineChange('a\r\nb\r\n', 'a\nB\n', change(2, 2, 2, 2))).toBe('a\nB\n');
  });
});

describe('differingFiles', () => {
  it('lists changed files and files only on one side, sorted, and leaves out equal ones', () => {
    expect(
      differingFiles(
        { 'b.py': 'same', 'a.py': 'mine', 'notes.txt': 'mine' },
        { 'b.py': 'same', 'a.py': 'theirs', 'pkg/new.py': 'x' },
      ),
    ).toEqual([
      { path: 'a.py', difference: 'changed' },
      { path: 'notes.txt', difference: 'only-learner' },
      { path: 'pkg/new.py', difference: 'only-solution' },
    ]);
    expect(differingFiles({ 'a.py': 'x' }, { 'a.py': 'x' })).toEqual([]);
  });
});

describe('describeLineChange', () => {
  it('says what taking the change does, in the learner’s line numbers', () => {
    expect(describeLineChange(ADD_IMPORT)).toBe('Adds the solution’s line 1 at the top of your file');
    expect(describeLineChange(change(2, 0, 3, 4))).toBe('Adds the solution’s lines 3–4 after your line 2');
    expect(describeLineChange(change(2, 3, 1, 0))).toBe('Removes your lines 2–3');
    expect(describeLineChange(CHANGE_CALL)).toBe('Replaces your line 5 with the solution’s line 6');
  });
});
