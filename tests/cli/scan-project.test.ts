// readAndScanProject splits the tree into directory units that the main thread and a worker claim
// through a shared counter, and the worker sends its imports back in a compact encoding. Whatever
// thread scanned a file, the result must be what the engine's scanSource gives for that file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateProject } from '../../scripts/lib/generate-python-project.mjs';
import { readPythonProject } from '../../src/cli/read-project.ts';
import { readAndScanProject } from '../../src/cli/scan-project.ts';
import { scanSource } from '../../src/contracts/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-scan-project-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readAndScanProject', () => {
  it('gives every file the imports scanSource finds, across threads, and the failing files their bytes', async () => {
    generateProject(dir, 1500, 3);
    const write = (path: string, content: string | Uint8Array) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    };
    write('bigco/platform/lib1/latin.py', Buffer.from('# coding: latin-1\nfrom caf\xe9 import th\xe9\n', 'latin1'));
    write('bigco/platform/lib2/broken.py', 'import os\n\ndef broken(:\n    pass\n');
    write('bigco/platform/lib3/notes.txt', 'import nothing\n');
    write('bigco/.hidden/secret.py', 'import hidden\n');
    write('bigco/__pycache__/cached.py', 'import cached\n');
    write('top_level.py', 'import bigco\n');

    const { files, scans } = await readAndScanProject(dir);
    // Every unit scanned by a worker, its results decoded from the compact form: the same answer.
    const byWorkers = await readAndScanProject(dir, { mainThreadScans: false });
    expect(byWorkers.files).toEqual(files);
    expect([...byWorkers.scans.keys()]).toEqual([...scans.keys()]);
    expect(byWorkers.scans).toEqual(scans);

    // Scanned files are known by their scans; files keeps the config and what did not scan.
    expect(Object.keys(files).sort()).toEqual(['.importlinter', 'bigco/platform/lib2/broken.py']);
    expect(files['bigco/platform/lib2/broken.py']).toEqual(readFileSync(join(dir, 'bigco/platform/lib2/broken.py')));
    const python = [...scans.keys()];
    expect(python).toContain('top_level.py');
    expect(python.some((path) => path.includes('.hidden') || path.includes('__pycache__'))).toBe(false);
    expect(python.some((path) => !path.endsWith('.py'))).toBe(false);
    expect(python.length).toBeGreaterThan(1500);
    expect(scans.get('bigco/platform/lib1/latin.py')).toEqual([
      { line: 2, typeChecking: false, level: 0, module: 'café', names: ['thé'] },
    ]);
    for (const path of python) expect(scans.get(path), path).toEqual(scanSource(path, readFileSync(join(dir, path))));

    // readPythonProject walks the same tree with the same walker: the same files, read whole.
    write('bigco/build/__init__.py', 'import bigco\n');
    write('venv/lib/site.py', 'import site\n');
    const whole = await readPythonProject(dir);
    const again = await readAndScanProject(dir);
    expect(Object.keys(whole).sort()).toEqual([...again.scans.keys(), ...Object.keys(again.files)].sort());
    expect(Object.keys(whole)).toContain('bigco/build/__init__.py');
    expect(Object.keys(whole).some((path) => path.startsWith('venv/'))).toBe(false);
    expect(whole['top_level.py']).toEqual(readFileSync(join(dir, 'top_level.py')));
  });

  it('hands the scans over as a Map that decodes each entry when read and can still be changed', async () => {
    const { scans } = await readAndScanProject(dir, { mainThreadScans: false });
    const [first, second] = [...scans.keys()];
    const imports = scans.get(first!)!;
    expect([...scans.values()]).toEqual([...scans.keys()].map((path) => scans.get(path)));
    const seen: string[] = [];
    scans.forEach((value, path) => {
      if (path === first) expect(value).toEqual(imports);
      seen.push(path);
    });
    expect(seen).toEqual([...scans.keys()]);
    const replaced = [{ line: 1, typeChecking: false, level: 0, module: 'os', names: null }];
    scans.set(first!, replaced);
    expect(scans.get(first!)).toBe(replaced);
    expect(scans.delete(second!)).toBe(true);
    expect(scans.has(second!)).toBe(false);
    expect(scans.get(second!)).toBeUndefined();
    expect(new Map(scans).get(first!)).toBe(replaced);
  });
});
