// Where a second visit's Python finds its memory snapshot already gunzipped. The build ships the
// snapshot gzipped (~7 MB instead of ~31 MB); gunzipping it took 0.7-1.3 s of the runtime worker's
// thread at every start (Chromium, this 2-core machine), the largest part of a second visit's first
// Run. So once Python is up from the gzipped file, the worker keeps the gunzipped bytes beside it,
// in the Cache Storage cache where the service worker keeps the runtime, and the next start reads
// them from there.
// - Kept only in that cache: the service worker deletes it with the runtime it belongs to, so
//   nothing is left behind. No service worker keeping the runtime (a site without one, a private
//   window that refused it), nothing is kept.
// - Keyed by the snapshot's own URL with INFLATED_QUERY. The runtime's folder is named after the
//   Pyodide version and the snapshot's recipe, so a kept copy is never one of another snapshot.
// - A kept copy that does not restore is forgotten, and Python starts from the gzipped file.
// - Kept without its pages of zeros (pack/unpack): 44% of the snapshot's 4 KiB pages are all zero,
//   and Cache Storage writes and reads ~90 MB/s here, so the copy costs 18 MB, not 31, both ways.

/** Appended to the snapshot's URL to name its gunzipped copy. */
export const INFLATED_QUERY = '?inflated';
/** The service worker's runtime caches are named `strata-runtime-<folder>` (islands/offline/service-worker.ts). */
export const RUNTIME_CACHE_PREFIX = 'strata-runtime-';

/** The part of CacheStorage used here (globalThis.caches in a worker of a secure context). */
export type SnapshotCaches = Pick<CacheStorage, 'keys' | 'open' | 'match'>;

export interface SnapshotStore {
  /**
   * The kept gunzipped snapshot, or null when there is none (or no Cache Storage). Its bytes are
   * still being read when this resolves, so that Python's WebAssembly is fetched meanwhile.
   */
  find(): Promise<{ bytes: Promise<Uint8Array> } | null>;
  /** Keeps `bytes` (the gunzipped snapshot) beside the runtime's files; false when nothing keeps them. */
  keep(bytes: Uint8Array): Promise<boolean>;
  /** Drops a kept copy that did not restore. */
  forget(): Promise<void>;
}

/** The store of the snapshot at `snapshotUrl` (the gzipped file's absolute URL). */
export function snapshotStore(snapshotUrl: string, storage: SnapshotCaches | undefined): SnapshotStore {
  const key = `${snapshotUrl}${INFLATED_QUERY}`;
  /** The runtime cache that holds the gzipped snapshot (the service worker kept it), if any. */
  const runtimeCache = async (): Promise<Cache | null> => {
    if (!storage) return null;
    for (const name of await storage.keys()) {
      if (!name.startsWith(RUNTIME_CACHE_PREFIX)) continue;
      const cache = await storage.open(name);
      if (await cache.match(snapshotUrl)) return cache;
    }
    return null;
  };
  return {
    async find() {
      try {
        const kept = await storage?.match(key);
        if (!kept?.ok) return null;
        return { bytes: kept.arrayBuffer().then((buffer) => unpack(new Uint8Array(buffer))) };
      } catch {
        return null; // Cache Storage refused (a storage error): start from the gzipped file
      }
    },
    async keep(bytes) {
      try {
        const cache = await runtimeCache();
        if (!cache) return false;
        // As a Blob, the browser stores the bytes itself, without streaming them through this
        // thread while Python runs the learner's first tests.
        const body = new Blob([pack(bytes) as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
        await cache.put(key, new Response(body));
        return true;
      } catch {
        return false; // out of quota, say: the next start gunzips again
      }
    },
    async forget() {
      try {
        const cache = await runtimeCache();
        await cache?.delete(key);
      } catch {
        // nothing more to do: the next start finds it again and falls back again
      }
    },
  };
}

const PAGE = 4096;
/** "STRATA-S", then the format's version: a kept copy in another form is not unpacked. */
const MAGIC = [0x53, 0x54, 0x52, 0x41, 0x54, 0x41, 0x2d, 0x53, 1];
/** The magic, then the snapshot's length (u32, little-endian), then one byte per page: 1 kept, 0 all zero. */
const HEADER = MAGIC.length + 4;

/** `bytes` without its pages of zeros: the header, the page map, then the other pages in order. */
export function pack(bytes: Uint8Array): Uint8Array {
  const pages = Math.ceil(bytes.length / PAGE);
  const map = new Uint8Array(pages);
  // Whole pages are looked at four bytes at a time (a snapshot read from a Response starts aligned).
  const words = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2) : null;
  const WORDS = PAGE / 4;
  let kept = 0;
  for (let page = 0; page < pages; page += 1) {
    const end = Math.min(bytes.length, (page + 1) * PAGE);
    let zero = true;
    if (words && end - page * PAGE === PAGE) {
      for (let word = page * WORDS; word < (page + 1) * WORDS && zero; word += 1) zero = words[word] === 0;
    } else {
      for (let at = page * PAGE; at < end && zero; at += 1) zero = bytes[at] === 0;
    }
    if (!zero) {
      map[page] = 1;
      kept += end - page * PAGE;
    }
  }
  const packed = new Uint8Array(HEADER + pages + kept);
  packed.set(MAGIC);
  new DataView(packed.buffer).setUint32(MAGIC.length, bytes.length, true);
  packed.set(map, HEADER);
  let out = HEADER + pages;
  for (let page = 0; page < pages; page += 1) {
    if (!map[page]) continue;
    const part = bytes.subarray(page * PAGE, Math.min(bytes.length, (page + 1) * PAGE));
    packed.set(part, out);
    out += part.length;
  }
  return packed;
}

/** The snapshot `pack` was given; throws on anything else (a damaged or foreign copy). */
export function unpack(packed: Uint8Array): Uint8Array {
  if (packed.length < HEADER || MAGIC.some((byte, index) => packed[index] !== byte)) {
    throw new Error('the kept snapshot is not one this version packed');
  }
  const length = new DataView(packed.buffer, packed.byteOffset).getUint32(MAGIC.length, true);
  const pages = Math.ceil(length / PAGE);
  const bytes = new Uint8Array(length);
  let at = HEADER + pages;
  for (let page = 0; page < pages && at <= packed.length; page += 1) {
    if (packed[HEADER + page] !== 1) continue;
    const size = Math.min(length, (page + 1) * PAGE) - page * PAGE;
    bytes.set(packed.subarray(at, at + size), page * PAGE);
    at += size;
  }
  if (at !== packed.length) throw new Error('the kept snapshot is damaged: its pages do not add up');
  return bytes;
}
