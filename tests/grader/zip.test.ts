import { describe, expect, it } from 'vitest';
import { readZip } from '../../src/runtime/node.ts';
import { makeZip } from './zip-helper.ts';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('readZip', () => {
  it('reads stored and deflated entries, skipping folders', () => {
    const { files, refused } = readZip(
      makeZip([
        { name: 'reports/' },
        { name: 'reports/__init__.py', data: '' },
        { name: 'reports/db.py', data: 'x = 1\n'.repeat(100), deflate: true },
      ]),
    );
    expect([...files.keys()]).toEqual(['reports/__init__.py', 'reports/db.py']);
    expect(text(files.get('reports/db.py'))).toBe('x = 1\n'.repeat(100));
    expect(refused).toEqual([]);
  });

  it('normalises the names zip tools write: a leading ./ and Windows backslashes', () => {
    const { files, refused } = readZip(
      makeZip([
        { name: './' },
        { name: './a.py', data: 'a' },
        { name: '.\\b.py', data: 'b' },
        { name: 'reports\\db.py', data: 'db' },
      ]),
    );
    expect([...files.keys()]).toEqual(['a.py', 'b.py', 'reports/db.py']);
    expect(refused).toEqual([]);
  });

  it('skips a folder entry marked only by its mode (no trailing "/")', () => {
    const { files, refused } = readZip(
      makeZip([
        { name: 'reports', mode: 0o040755 },
        { name: 'reports/__init__.py', data: '' },
      ]),
    );
    expect([...files.keys()]).toEqual(['reports/__init__.py']);
    expect(refused).toEqual([]);
  });

  it.each([
    ['../evil.py', /climbs out/],
    ['reports/../../evil.py', /climbs out/],
    ['..\\evil.py', /climbs out/],
    ['/etc/passwd', /absolute path/],
    ['C:/windows/evil.py', /drive letter/],
    ['a/./b', /"\." as a folder name/],
    ['a//b.py', /empty folder name/],
    ['a\0.py', /control character \(U\+0000\)/],
    ['a\u0001.py', /control character \(U\+0001\)/],
    ['\u001b]0;pwned\u0007.py', /control character \(U\+001B\)/],
    ['evil\u202eyp.txt', /U\+202E/],
    [`${'x'.repeat(300)}.py`, /303 bytes long; the limit is 255/],
    [`deep/${'a'.repeat(5000)}`, /5005 bytes long; the limit is 1024/],
  ])('refuses the entry %j on its own and reads the rest', (name, reason) => {
    const { files, refused } = readZip(
      makeZip([
        { name: 'reports/__init__.py', data: '' },
        { name, data: 'x' },
        { name: 'app.py', data: 'print()', deflate: true },
      ]),
    );
    expect([...files.keys()]).toEqual(['reports/__init__.py', 'app.py']);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.path).toBe(name.replace(/\\/g, '/'));
    expect(refused[0]?.reason).toMatch(reason);
  });

  it('refuses a file that is also a folder, and keeps the folder', () => {
    const { files, refused } = readZip(
      makeZip([
        { name: 'a', data: 'stray' },
        { name: 'a/b.py', data: 'x' },
      ]),
    );
    expect([...files.keys()]).toEqual(['a/b.py']);
    expect(refused).toEqual([{ path: 'a', reason: 'it is also the name of a folder of files' }]);
  });

  it('refuses every copy of a name that appears twice (also after normalising)', () => {
    const { files, refused } = readZip(
      makeZip([
        { name: 'a.py', data: '1' },
        { name: './a.py', data: '2' },
        { name: 'b.py', data: 'b' },
      ]),
    );
    expect([...files.keys()]).toEqual(['b.py']);
    expect(refused).toEqual([{ path: 'a.py', reason: 'the zip holds 2 entries with this name' }]);
  });

  it('refuses symbolic links', () => {
    const { files, refused } = readZip(
      makeZip([
        { name: 'link', data: '/etc/passwd', mode: 0o120777 },
        { name: 'a.py', data: '' },
      ]),
    );
    expect([...files.keys()]).toEqual(['a.py']);
    expect(refused).toEqual([{ path: 'link', reason: 'it is a symbolic link' }]);
  });

  it('rejects archives over the size limit, declared or actual (zip bombs)', () => {
    const big = makeZip([{ name: 'a.py', data: 'a'.repeat(5000), deflate: true }]);
    expect(() => readZip(big, { totalBytes: 1000, entries: 10 })).toThrow(/more than 1000 bytes/);
    const liar = makeZip([{ name: 'a.py', data: 'a'.repeat(100_000), deflate: true, declaredSize: 10 }]);
    expect(() => readZip(liar)).toThrow(/a.py/);
    expect(() => readZip(makeZip([{ name: 'a' }, { name: 'b' }]), { totalBytes: 1000, entries: 1 })).toThrow(
      /2 entries/,
    );
  });

  it('rejects what is not a zip', () => {
    expect(() => readZip(Buffer.from('hello'))).toThrow(/not a zip/);
  });
});
