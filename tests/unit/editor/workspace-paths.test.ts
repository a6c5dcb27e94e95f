import { describe, expect, it } from 'vitest';
import {
  allFolders,
  buildTree,
  normalisePath,
  pathProblem,
  renameMap,
  starterTextFor,
} from '../../../src/islands/editor/store/workspace-paths.ts';

const shape = {
  files: ['reports/__init__.py', 'reports/app.py', 'reports/db/__init__.py', 'main.py'],
  folders: ['reports/exporters', 'docs'],
};

describe('workspace paths', () => {
  it('normalises what a learner types', () => {
    expect(normalisePath('  /reports//x.py/ ')).toBe('reports/x.py');
    expect(normalisePath('./a\\b.py')).toBe('a/b.py');
  });

  it('knows every folder, implied by files or made empty', () => {
    expect([...allFolders(shape)].sort()).toEqual(['docs', 'reports', 'reports/db', 'reports/exporters']);
  });

  it('accepts good new paths', () => {
    expect(pathProblem('reports/export.py', 'file', shape)).toBeUndefined();
    expect(pathProblem('reports/exporters/csv_out.py', 'file', shape)).toBeUndefined();
    expect(pathProblem('data/rates-2024.json', 'file', shape)).toBeUndefined();
    expect(pathProblem('reports/services', 'folder', shape)).toBeUndefined();
  });

  it('explains each bad path, naming the offending part', () => {
    expect(pathProblem('', 'file', shape)).toMatch(/Type a name/);
    expect(pathProblem('reports/../x.py', 'file', shape)).toMatch(/“\.\.” is not allowed/);
    expect(pathProblem('reports/my file.py', 'file', shape)).toMatch(/“my file.py” has characters/);
    expect(pathProblem('reports/2fast.py', 'file', shape)).toMatch(/cannot import a module named “2fast”/);
    expect(pathProblem('reports/my-mod.py', 'file', shape)).toMatch(/“my-mod”/);
    expect(pathProblem('tests/test_x.py', 'file', shape)).toMatch(/tests\/ belongs to the grader/);
    expect(pathProblem('.importlinter', 'file', shape)).toMatch(/would be ignored/);
    expect(pathProblem('pyproject.toml', 'file', shape)).toBeUndefined();
    expect(pathProblem('reports/app.py', 'file', shape)).toBe('reports/app.py already exists.');
    expect(pathProblem('reports', 'folder', shape)).toBe('reports already exists.');
    expect(pathProblem('main.py/inner.py', 'file', shape)).toMatch(/main.py is a file/);
    expect(pathProblem('reports/v1.2', 'folder', shape)).toMatch(/cannot contain “\.”/);
  });

  it('lets the learner create their own contracts file where they write the contracts', () => {
    const own = { learnerFiles: ['.importlinter'] };
    expect(pathProblem('.importlinter', 'file', shape, undefined, own)).toBeUndefined();
    expect(pathProblem('.importlinter', 'file', shape, 'reports/app.py', own)).toBeUndefined();
    expect(pathProblem('setup.cfg', 'file', shape, undefined, own)).toMatch(/would be ignored/);
  });

  it('lets a rename keep its own name and refuses moving a folder into itself', () => {
    expect(pathProblem('reports', 'folder', shape, 'reports')).toBeUndefined();
    expect(pathProblem('reports/inner', 'folder', shape, 'reports')).toMatch(/cannot move inside itself/);
    expect(pathProblem('reports/db.py', 'file', shape, 'reports/app.py')).toBeUndefined();
    expect(pathProblem('main.py', 'file', shape, 'reports/app.py')).toBe('main.py already exists.');
  });

  it('moves a folder with every file and empty folder in it', () => {
    expect(Object.fromEntries(renameMap('reports', 'sales', shape))).toEqual({
      'reports/__init__.py': 'sales/__init__.py',
      'reports/app.py': 'sales/app.py',
      'reports/db/__init__.py': 'sales/db/__init__.py',
      'reports/exporters': 'sales/exporters',
    });
    expect(Object.fromEntries(renameMap('main.py', 'cli.py', shape))).toEqual({ 'main.py': 'cli.py' });
  });

  it('builds a tree with folders first, each level sorted', () => {
    const tree = buildTree(shape);
    expect(tree.map((node) => `${node.kind}:${node.name}`)).toEqual(['folder:docs', 'folder:reports', 'file:main.py']);
    const reports = tree[1]!;
    expect(reports.children.map((node) => `${node.kind}:${node.path}`)).toEqual([
      'folder:reports/db',
      'folder:reports/exporters',
      'file:reports/__init__.py',
      'file:reports/app.py',
    ]);
    expect(reports.children[0]!.children.map((node) => node.path)).toEqual(['reports/db/__init__.py']);
  });

  it('gives a new package marker a docstring naming its package', () => {
    expect(starterTextFor('shop/orders/__init__.py')).toBe('"""The shop.orders package."""\n');
    expect(starterTextFor('shop/orders/models.py')).toBe('');
  });
});
