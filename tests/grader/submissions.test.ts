import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExercise, prepareSubmission } from '../../src/grading/index.ts';
import { readSubmission, readSubmissionFolder, readTree } from '../../src/runtime/node.ts';
import { makeZip } from './zip-helper.ts';

let work = '';
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'strata-submissions-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('readSubmissionFolder', () => {
  it('refuses files and folders whose names the grader cannot use, without reading them', async () => {
    const root = join(work, 'folder');
    mkdirSync(join(root, 'reports'), { recursive: true });
    writeFileSync(join(root, 'reports', '__init__.py'), '');
    writeFileSync(join(root, 'reports', 'a\u0001.py'), 'x');
    writeFileSync(join(root, 'win\\style.py'), 'x');
    // Five 250-byte folder names: each is legal on Linux, the whole path is over 1024 bytes.
    const deep = Array.from({ length: 5 }, (_, i) => `${i}`.repeat(250));
    mkdirSync(join(root, ...deep), { recursive: true });
    writeFileSync(join(root, ...deep, 'x.py'), 'x');
    const { files, refused } = await readSubmissionFolder(root);
    expect(Object.keys(files)).toEqual(['reports/__init__.py']);
    expect(refused).toEqual([
      { path: `${deep.join('/')}/`, reason: 'it is 1254 bytes long; the limit is 1024' },
      { path: 'reports/a\u0001.py', reason: 'it contains a control character (U+0001)' },
      { path: 'win\\style.py', reason: 'it contains a backslash, which Windows reads as a folder separator' },
    ]);
  });
});

describe('readSubmission (zip)', () => {
  it('returns the refused entries, leaving out those in folders it skips anyway', async () => {
    const zip = join(work, 'sub.zip');
    writeFileSync(
      zip,
      makeZip([
        { name: 'reports/__init__.py', data: '' },
        { name: 'a/./b', data: 'x' },
        { name: '__MACOSX/a/._\u0001', data: 'x' },
      ]),
    );
    const { files, refused } = await readSubmission(zip);
    expect(Object.keys(files)).toEqual(['reports/__init__.py']);
    expect(refused).toEqual([{ path: 'a/./b', reason: 'it has "." as a folder name' }]);
  });
});

describe('junk in a submission', () => {
  it('the folder reader, the zip reader, prepareSubmission and readTree leave out the same files', async () => {
    const tree: Record<string, string> = {
      'reports/__init__.py': '',
      'reports/db.py': 'x = 1\n',
      'reports/__pycache__/db.cpython-311.pyc': 'compiled',
      'reports/db.pyc': 'compiled',
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.venv/lib/site.py': 'import site\n',
      'venv/lib/site.py': 'import site\n',
      'node_modules/left-pad/index.js': '',
      '.DS_Store': 'x',
      '__MACOSX/reports/._db.py': 'x',
    };
    const root = join(work, 'junk');
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const zip = join(work, 'junk.zip');
    writeFileSync(zip, makeZip(Object.entries(tree).map(([name, data]) => ({ name, data }))));
    const wanted = ['reports/__init__.py', 'reports/db.py'];

    const folder = await readSubmissionFolder(root);
    expect(Object.keys(folder.files).sort()).toEqual(wanted);
    expect(folder.skipped).toEqual([]);
    const zipped = await readSubmission(zip);
    expect(Object.keys(zipped.files).sort()).toEqual(wanted);
    expect(zipped.skipped).toEqual([]);
    expect(Object.keys(await readTree(root)).sort()).toEqual(wanted);
    // Files handed over in memory (the workspace, a cohort submission) go through the same rule.
    const exercise = parseExercise('01-import-side-effects', await readTree('exercises/01-import-side-effects'));
    const prepared = prepareSubmission(exercise, tree);
    expect(Object.keys(prepared.files).sort()).toEqual(wanted);
    expect(prepared.notes).toEqual([]);
  });
});
