// The store of the gunzipped Python snapshot (runtime/browser/snapshot-store.ts) when Cache Storage
// fails: a start never fails because of it, it only gunzips again. The service worker's side (the
// runtime's cache, found and used) is in tests/unit/offline/service-worker.test.ts.
import { describe, expect, it } from 'vitest';
import { pack, snapshotStore, unpack } from '../../../src/runtime/browser/snapshot-store.ts';
import type { SnapshotCaches } from '../../../src/runtime/browser/snapshot-store.ts';

const SNAPSHOT = 'https://course.example/pyodide/314.0.7-x/python-snapshot.gz';

/** Cache Storage with one runtime cache holding the gzipped snapshot, whose put and match can be made to fail. */
function storage(fail: { put?: boolean; match?: boolean } = {}) {
  const entries = new Map<string, Response>([[SNAPSHOT, new Response('gz')]]);
  const cache = {
    match: async (key: string) => entries.get(key)?.clone(),
    put: async (key: string, response: Response) => {
      if (fail.put) throw new DOMException('quota exceeded', 'QuotaExceededError');
      entries.set(key, response);
    },
    delete: async (key: string) => entries.delete(key),
  };
  const caches: SnapshotCaches = {
    keys: async () => ['strata-site-b1', 'strata-runtime-pyodide-314-0-7-x-'],
    open: async () => cache as unknown as Cache,
    match: async (key) => {
      if (fail.match) throw new DOMException('storage error', 'UnknownError');
      return entries.get(typeof key === 'string' ? key : key instanceof URL ? key.href : key.url)?.clone();
    },
  };
  return { caches, entries };
}

describe('the kept gunzipped snapshot', () => {
  it('is kept under the snapshot’s URL with ?inflated and read back as it was', async () => {
    const { caches, entries } = storage();
    const store = snapshotStore(SNAPSHOT, caches);
    const bytes = new Uint8Array(100_000).map((_, index) => index % 251);
    expect(await store.keep(bytes)).toBe(true);
    expect([...entries.keys()]).toEqual([SNAPSHOT, `${SNAPSHOT}?inflated`]);
    expect(await (await store.find())!.bytes).toEqual(bytes);
  });

  it('is not kept when Cache Storage refuses it (out of quota): the next start gunzips again', async () => {
    const { caches } = storage({ put: true });
    const store = snapshotStore(SNAPSHOT, caches);
    expect(await store.keep(Uint8Array.of(1))).toBe(false);
    expect(await store.find()).toBeNull();
  });

  it('is not looked for when Cache Storage fails, or in a worker without it', async () => {
    expect(await snapshotStore(SNAPSHOT, storage({ match: true }).caches).find()).toBeNull();
    const none = snapshotStore(SNAPSHOT, undefined);
    expect(await none.find()).toBeNull();
    expect(await none.keep(Uint8Array.of(1))).toBe(false);
    await expect(none.forget()).resolves.toBeUndefined();
  });
});

describe('the kept form of a snapshot (its pages of zeros left out)', () => {
  const PAGE = 4096;
  /** `pages` pages (and `tail` more bytes), with a marker byte in the pages listed in `filled`. */
  const snapshot = (pages: number, tail: number, filled: number[]) => {
    const bytes = new Uint8Array(pages * PAGE + tail);
    for (const page of filled) bytes[page * PAGE + ((page * 37) % PAGE)] = page + 1;
    return bytes;
  };

  it('gives back the same bytes: pages of zeros between, first and last, a short last page', () => {
    for (const [pages, tail, filled] of [
      [8, 0, [1, 2, 5]],
      [8, 0, [0, 7]],
      [5, 100, [5]],
      [5, 100, []],
      [3, 0, [0, 1, 2]],
      [0, 0, []],
    ] as [number, number, number[]][]) {
      const bytes = snapshot(pages, tail, filled);
      if (tail > 0 && filled.includes(pages)) bytes[bytes.length - 1] = 9;
      const packed = pack(bytes);
      expect(unpack(packed)).toEqual(bytes);
      // Only the pages with something in them are kept.
      const keptPages = filled.filter((page) => page < pages).length;
      expect(packed.length).toBeLessThan(
        keptPages * PAGE + (tail > 0 && filled.includes(pages) ? tail : 0) + 64 + pages,
      );
    }
  });

  it('packs a view that does not start on a word boundary the same way', () => {
    const bytes = snapshot(4, 10, [1, 3]);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(pack(shifted.subarray(1))).toEqual(pack(bytes));
  });

  it('refuses a copy that is damaged, cut short or of another form', () => {
    const packed = pack(snapshot(6, 0, [1, 4]));
    expect(() => unpack(packed.subarray(0, packed.length - 1))).toThrow(/damaged/);
    expect(() => unpack(Uint8Array.of(...packed, 0))).toThrow(/damaged/);
    expect(() => unpack(new Uint8Array(31))).toThrow(/not one this version packed/);
    const otherVersion = packed.slice();
    otherVersion[8] = 2;
    expect(() => unpack(otherVersion)).toThrow(/not one this version packed/);
  });

  it('is read back unpacked by the store, and a damaged one is refused as it is read', async () => {
    const { caches, entries } = storage();
    const store = snapshotStore(SNAPSHOT, caches);
    const bytes = snapshot(10, 0, [2, 3, 9]);
    expect(await store.keep(bytes)).toBe(true);
    expect(await (await store.find())!.bytes).toEqual(bytes);
    const packed = new Uint8Array(await entries.get(`${SNAPSHOT}?inflated`)!.clone().arrayBuffer());
    entries.set(`${SNAPSHOT}?inflated`, new Response(packed.subarray(0, packed.length - 10)));
    await expect((await store.find())!.bytes).rejects.toThrow(/damaged/);
  });
});
