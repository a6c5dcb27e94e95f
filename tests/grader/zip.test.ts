import { describe, expect, it } from 'vitest';
import { readZip } from '../../src/runtime/node.ts';
import { makeZip } from './zip-helper.ts';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('readZip', () => {
  it('reads stored and deflated entries, skipping folders', () => {
    const files = readZip(
      makeZip([
        { name: 'reports/' },
        { name: 'reports/__init__.py', data: '' },
        { name: 'reports/db.py', data: 'x = 1\n'.repeat(100), deflate: true },
      ]),
    );
    expect([...files.keys()]).toEqual(['reports/__init__.py', 'reports/db.py']);
    expect(text(files.get('reports/db.py'))).toBe('x = 1\n'.repeat(100));
  });

  it.each([
    ['../evil.py', /climbs out/],
    ['reports/../../evil.py', /climbs out/],
    ['/etc/passwd', /absolute path/],
    ['C:/windows/evil.py', /absolute path/],
  ])('rejects the entry %s', (name, message) => {
    expect(() => readZip(makeZip([{ name, data: 'x' }]))).toThrow(message);
  });

  it('rejects symbolic links', () => {
    expect(() => readZip(makeZip([{ name: 'link', data: '/etc/passwd', mode: 0o120777 }]))).toThrow(/symbolic link/);
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
