import { describe, expect, it } from 'vitest';
import {
  checkSubmissionPath,
  displaySubmissionPath,
  refusalNote,
  screenSubmissionPaths,
} from '../../../src/grading/index.ts';

describe('checkSubmissionPath', () => {
  it.each([
    'reports/db.py',
    'a.py',
    '.importlinter',
    '.strata/harness.py',
    'tests/test_report.py',
    'my work/naïve café.py',
    'aux.py',
    'CON',
    'src/pkg/module.with.dots.py',
    '...',
    '..hidden',
    `${'x'.repeat(255)}/${'y'.repeat(255)}`,
    `${'é'.repeat(126)}.py`,
    Array.from({ length: 200 }, () => 'ab').join('/'),
  ])('accepts %s', (path) => {
    expect(checkSubmissionPath(path)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['/etc/passwd', /absolute path/],
    ['C:/windows/evil.py', /drive letter \("C:"\)/],
    ['c:evil.py', /drive letter/],
    ['reports\\db.py', /backslash/],
    ['\\\\server\\share\\x.py', /backslash/],
    ['a\0.py', /control character \(U\+0000\)/],
    ['a\u0001.py', /control character \(U\+0001\)/],
    ['reports/\u001b[2Jdb.py', /control character \(U\+001B\)/],
    ['a\n.py', /control character \(U\+000A\)/],
    ['a\u007f.py', /U\+007F/],
    ['a\u0085.py', /U\+0085/],
    ['evil\u202eyp.txt', /U\+202E/],
    ['bad\ud800.py', /not valid Unicode/],
    ['a//b.py', /empty folder name/],
    ['a/', /empty folder name/],
    ['a/./b', /"\." as a folder name/],
    ['./a.py', /"\." as a folder name/],
    ['..', /climbs out/],
    ['../evil.py', /climbs out/],
    ['reports/../../evil.py', /climbs out/],
    [`${'x'.repeat(256)}.py`, /names is 259 bytes long; the limit is 255/],
    [`${'é'.repeat(128)}`, /names is 256 bytes long/],
    ['a'.repeat(5000), /5000 bytes long; the limit is 1024/],
    [Array.from({ length: 300 }, () => 'abcd').join('/'), /1499 bytes long; the limit is 1024/],
  ])('refuses %j', (path, reason) => {
    expect(checkSubmissionPath(path)).toMatch(reason);
  });
});

describe('screenSubmissionPaths', () => {
  it('keeps good paths and refuses each bad one with its reason, in the order given', () => {
    const screened = screenSubmissionPaths({
      'reports/__init__.py': '',
      'a/./b': 'x',
      'reports/\u0007.py': 'x',
      'app.py': 'print()',
    });
    expect(screened.files).toEqual({ 'reports/__init__.py': '', 'app.py': 'print()' });
    expect(screened.refused).toEqual([
      { path: 'a/./b', reason: 'it has "." as a folder name' },
      { path: 'reports/\u0007.py', reason: 'it contains a control character (U+0007)' },
    ]);
  });

  it('refuses a file that is also a folder, at any depth, and keeps the folder', () => {
    const screened = screenSubmissionPaths({ a: '', 'a/b': '', 'a/b/c.py': 'x', 'ab.py': 'y' });
    expect(screened.files).toEqual({ 'a/b/c.py': 'x', 'ab.py': 'y' });
    expect(screened.refused).toEqual([
      { path: 'a', reason: 'it is also the name of a folder of files' },
      { path: 'a/b', reason: 'it is also the name of a folder of files' },
    ]);
  });

  it('does not count a refused path as a folder', () => {
    const screened = screenSubmissionPaths({ a: 'kept', 'a/\u0000': 'x' });
    expect(screened.files).toEqual({ a: 'kept' });
    expect(screened.refused.map((r) => r.path)).toEqual(['a/\u0000']);
  });

  it('keeps names that differ only in case: Linux and Python tell them apart', () => {
    expect(screenSubmissionPaths({ 'Report.py': '', 'report.py': '' }).refused).toEqual([]);
  });

  it('keeps a file named __proto__ as a file', () => {
    const files = JSON.parse('{"__proto__": "x", "a.py": ""}') as Record<string, string>;
    expect(Object.keys(screenSubmissionPaths(files).files)).toEqual(['__proto__', 'a.py']);
  });

  it('works on any value type', () => {
    const bytes = new Uint8Array([1]);
    expect(screenSubmissionPaths({ 'a.py': bytes }).files['a.py']).toBe(bytes);
  });
});

describe('refusalNote', () => {
  it('names the path and the reason', () => {
    expect(refusalNote({ path: 'a/./b', reason: 'it has "." as a folder name' })).toBe(
      'refused a/./b: it has "." as a folder name',
    );
  });

  it('escapes control characters and shortens very long paths', () => {
    expect(displaySubmissionPath('x\u001b[2J\u202e.py')).toBe('x\\u001b[2J\\u202e.py');
    const long = displaySubmissionPath(`start-${'a'.repeat(5000)}-end.py`);
    expect(long).toMatch(/^start-a+…a+-end\.py \(5013 characters\)$/);
    expect(long.length).toBeLessThan(150);
  });
});
