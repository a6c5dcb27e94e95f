import { describe, expect, it } from 'vitest';
import { parseExercise, prepareSubmission } from '../../../src/grading/index.ts';
import { readTree } from '../../../src/runtime/node.ts';

const exercise = parseExercise('01-import-side-effects', await readTree('exercises/01-import-side-effects'));

describe('prepareSubmission', () => {
  it('unwraps a folder that wraps the project, as zips often do', () => {
    const prepared = prepareSubmission(exercise, {
      'my-work/reports/__init__.py': '',
      'my-work/reports/db.py': 'x = 1\n',
    });
    expect(Object.keys(prepared.files).sort()).toEqual(['reports/__init__.py', 'reports/db.py']);
  });

  it('keeps a lone src/ folder or a lone package: that is the project, not a wrapper', () => {
    const srcLayout = prepareSubmission(exercise, { 'src/reports/__init__.py': '', 'src/reports/db.py': '' });
    expect(Object.keys(srcLayout.files).sort()).toEqual(['src/reports/__init__.py', 'src/reports/db.py']);
    const lonePackage = prepareSubmission(exercise, { 'shop/__init__.py': '', 'shop/reports/__init__.py': '' });
    expect(Object.keys(lonePackage.files)).toContain('shop/__init__.py');
  });

  it('puts files uploaded without their package folder where the starter has them, and says so', () => {
    const prepared = prepareSubmission(exercise, {
      'db.py': 'x = 1\n',
      'summary.py': '',
      'helper.py': '',
      'notes.txt': '',
    });
    expect(Object.keys(prepared.files).sort()).toEqual([
      'notes.txt',
      'reports/db.py',
      'reports/helper.py',
      'reports/summary.py',
    ]);
    expect(prepared.notes).toContain(
      'placed db.py, summary.py, helper.py in reports/: they were uploaded without the folder',
    );
    const unknown = prepareSubmission(exercise, { 'main.py': 'print(1)\n' });
    expect(Object.keys(unknown.files)).toEqual(['main.py']);
    expect(unknown.notes[0]).toBe(
      'main.py was uploaded without a folder and it is not a file of the starter: the exercise expects reports/; upload that folder (or a zip of it)',
    );
    const withFolder = prepareSubmission(exercise, { 'reports/db.py': '', 'app.py': '' });
    expect(Object.keys(withFolder.files).sort()).toEqual(['app.py', 'reports/db.py']);
  });

  it('drops the tests, hidden tests and contracts a submission tries to replace', () => {
    const prepared = prepareSubmission(exercise, {
      'reports/__init__.py': '',
      'tests/test_report.py': 'cheat',
      'hidden/test_hidden.py': 'cheat',
      '.importlinter': '[importlinter]',
      'setup.cfg': '[importlinter]',
    });
    expect(Object.keys(prepared.files)).toEqual(['reports/__init__.py']);
    expect(prepared.notes).toContain("ignored .importlinter (the exercise's contracts apply)");
  });

  it("keeps pyproject.toml: it describes the learner's project, and the tests may read it", () => {
    const text = '[project]\nname = "reports"\n\n[tool.importlinter]\nroot_package = "reports"\n';
    const prepared = prepareSubmission(exercise, { 'reports/__init__.py': '', 'pyproject.toml': text });
    expect(prepared.files['pyproject.toml']).toBe(text);
    expect(prepared.notes).toEqual([]);
  });

  it('refuses paths that cannot be written, with one note per file naming it and the reason', () => {
    const prepared = prepareSubmission(
      exercise,
      {
        'my-work/reports': '',
        'my-work/reports/__init__.py': '',
        'my-work/reports/db.py': 'x = 1\n',
        'my-work/a/./b.py': 'x',
        'my-work/evil\u001b[2J.py': 'x',
        'my-work/__pycache__/\u0001.pyc': 'junk is dropped quietly',
      },
      [{ path: 'my-work/link.py', reason: 'it is a symbolic link' }],
    );
    expect(Object.keys(prepared.files).sort()).toEqual(['reports/__init__.py', 'reports/db.py']);
    expect(prepared.notes).toEqual([
      'refused my-work/link.py: it is a symbolic link',
      'refused my-work/reports: it is also the name of a folder of files',
      'refused my-work/a/./b.py: it has "." as a folder name',
      'refused my-work/evil\\u001b[2J.py: it contains a control character (U+001B)',
    ]);
    expect(prepared.refused.map((refusal) => refusal.path)).toContain('my-work/a/./b.py');
  });

  it('refuses a file named like a folder the grader writes to', () => {
    const prepared = prepareSubmission(exercise, { 'reports/__init__.py': '', tests: '', '.strata': '' });
    expect(Object.keys(prepared.files)).toEqual(['reports/__init__.py']);
    expect(prepared.notes).toEqual([
      'refused tests: the grader needs a folder with this name',
      'refused .strata: the grader needs a folder with this name',
    ]);
  });
});
