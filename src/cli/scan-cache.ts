// The scan cache of `strata lint --cache-dir DIR` (and of `lint-imports`, which caches by default,
// as import-linter does): every Python file's imports, keyed by the file's contents, so a run on an
// unchanged tree reads no Python file at all. A file is looked up by its size and modification time
// (one stat); when those changed, it is read and its SHA-1 compared with the cached one, so a file
// only touched (a checkout, a save without changes) is not scanned again. The graph is then built
// from the cached imports, which is cheap next to reading and scanning 65,000 files.
//
// One file per project (by absolute path) and per Strata version, written through a temporary file
// and a rename, so concurrent runs never read half a cache:
//   "STRATA-SCAN\n" | u32 header length | header JSON | paths (NUL-joined, UTF-8) |
//   strings (NUL-joined, UTF-8) | fingerprints (f64 x 4 per file) | data (i32, WorkerReport's form)
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CompactScans, scanSource, skipEntry } from '../contracts/index.ts';
import type { ScannedImport } from '../contracts/index.ts';
import { fingerprintOf, listProject, readAndScanProject, ReportWriter } from './scan-project.ts';
import type { Fingerprint, ScannedProject } from './scan-project.ts';
import { snapshotStat, writeAtomically } from './graph-cache.ts';
import type { TreeSnapshot } from './graph-cache.ts';
import { STRATA_VERSION } from './version.ts';

const MAGIC = 'STRATA-SCAN\n';
/** Bump when the scanner's output or this layout changes (the Strata version is part of the key too). */
const FORMAT = 1;
/** Past this many changed files, a full (threaded) scan is faster than looking at each one here. */
const MAX_CHANGED = 2000;

interface CacheHeader {
  format: number;
  version: string;
  root: string;
  files: number;
  pathBytes: number;
  stringBytes: number;
  dataLength: number;
}

interface LoadedCache {
  /** Per cached path: its fingerprint and where its entry starts in data. */
  entries: Map<string, { fingerprint: Fingerprint; at: number }>;
  strings: string[];
  data: Int32Array;
}

/** How a run used the cache (for --verbose). */
export interface CacheUse {
  file: string;
  /** Files whose cached imports were used, and files read and scanned. */
  hits: number;
  scanned: number;
  written: boolean;
}

/** The cache file of the project at `root` (absolute) inside `cacheDir`. */
export function cacheFileOf(cacheDir: string, root: string): string {
  const key = process
    .getBuiltinModule('node:crypto')
    .hash('sha1', `${root}\0${STRATA_VERSION}\0${FORMAT}`)
    .slice(0, 16);
  return join(cacheDir, `strata-scan-${key}.bin`);
}

function loadCache(file: string, root: string): LoadedCache | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    let at = MAGIC.length;
    const headerLength = bytes.readUInt32LE(at);
    at += 4;
    const header = JSON.parse(bytes.toString('utf8', at, at + headerLength)) as CacheHeader;
    at += headerLength;
    if (header.format !== FORMAT || header.version !== STRATA_VERSION || header.root !== root) return undefined;
    const paths = bytes.toString('utf8', at, at + header.pathBytes).split('\0');
    at += header.pathBytes;
    const strings = bytes.toString('utf8', at, at + header.stringBytes).split('\0');
    at += header.stringBytes;
    // Copies, so the typed arrays are aligned whatever the buffer's offset.
    const prints = new Float64Array(
      bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + header.files * 32),
    );
    at += header.files * 32;
    const data = new Int32Array(
      bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + header.dataLength * 4),
    );
    if (paths.length !== header.files || data.length !== header.dataLength) return undefined;
    const entries = new Map<string, { fingerprint: Fingerprint; at: number }>();
    let entry = 0;
    paths.forEach((path, index) => {
      const print = index * 4;
      const fingerprint = {
        size: prints[print]!,
        mtimeMs: prints[print + 1]!,
        hashHigh: prints[print + 2]!,
        hashLow: prints[print + 3]!,
      };
      entries.set(path, { fingerprint, at: entry });
      entry = skipEntry(data, entry);
    });
    return entries.size === header.files && entry === data.length ? { entries, strings, data } : undefined;
  } catch {
    return undefined; // a damaged cache is ignored, and replaced by this run
  }
}

function writeCache(
  file: string,
  root: string,
  scans: Map<string, ScannedImport[]>,
  fingerprints: Map<string, Fingerprint>,
): void {
  const writer = new ReportWriter();
  const paths = [...scans.keys()].filter((path) => fingerprints.has(path));
  writer.unit(0, paths);
  for (const path of paths) writer.file(scans.get(path)!, fingerprints.get(path));
  const report = writer.finish();
  const pathBytes = Buffer.from(report.paths, 'utf8');
  const stringBytes = Buffer.from(report.strings, 'utf8');
  const header: CacheHeader = {
    format: FORMAT,
    version: STRATA_VERSION,
    root,
    files: paths.length,
    pathBytes: pathBytes.length,
    stringBytes: stringBytes.length,
    dataLength: report.data.length,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const prints = report.fingerprints ?? new Float64Array(0);
  writeAtomically(
    file,
    Buffer.concat([
      Buffer.from(MAGIC, 'latin1'),
      length,
      headerBytes,
      pathBytes,
      stringBytes,
      new Uint8Array(prints.buffer, prints.byteOffset, prints.byteLength),
      new Uint8Array(report.data.buffer, report.data.byteOffset, report.data.byteLength),
    ]),
  );
}

const sameStat = (cached: Fingerprint, size: number, mtimeMs: number) =>
  cached.size === size && cached.mtimeMs === mtimeMs;
const sameContents = (cached: Fingerprint, now: Fingerprint) =>
  cached.hashHigh === now.hashHigh && cached.hashLow === now.hashLow;

type CachedScan = ScannedProject & { cache: CacheUse; fingerprints: Map<string, Fingerprint> };

/**
 * readAndScanProject through the cache in `cacheDir`: cached imports for unchanged files, a scan
 * for the others, and the cache rewritten when anything changed. `root` must be absolute. With a
 * snapshot (graph-cache.ts), its file list and stats are used instead of listing and statting again.
 * Also returns each scanned file's fingerprint (its SHA-1 is of the contents the scan used).
 */
export async function readAndScanCached(root: string, cacheDir: string, snapshot?: TreeSnapshot): Promise<CachedScan> {
  const file = cacheFileOf(cacheDir, root);
  const cached = loadCache(file, root);
  const full = async (): Promise<CachedScan> => {
    const listed = snapshot && { paths: snapshot.files, config: snapshot.config };
    const project = await readAndScanProject(root, { fingerprints: true, ...(listed ? { listed } : {}) });
    writeCache(file, root, project.scans, project.fingerprints!);
    const scanned = project.fingerprints!.size;
    return {
      files: project.files,
      scans: project.scans,
      fingerprints: project.fingerprints!,
      cache: { file, hits: 0, scanned, written: true },
    };
  };
  if (!cached) return full();

  const { paths, config } = snapshot ? { paths: snapshot.files, config: snapshot.config } : listProject(root);
  const files: Record<string, string | Uint8Array> = {};
  for (const path of config) files[path] = readFileSync(`${root}/${path}`);
  const scans = new CompactScans();
  const report = scans.addReport(cached.data, cached.strings);
  const fingerprints = new Map<string, Fingerprint>();
  let changed = cached.entries.size !== paths.length;
  let hits = 0;
  let scanned = 0;
  for (const [index, path] of paths.entries()) {
    const entry = cached.entries.get(path);
    const stat = snapshot ? snapshotStat(snapshot, index) : statSync(`${root}/${path}`, { throwIfNoEntry: false });
    if (!stat) continue; // deleted since it was listed
    if (entry && sameStat(entry.fingerprint, stat.size, stat.mtimeMs)) {
      scans.addEncoded(path, report, entry.at);
      fingerprints.set(path, entry.fingerprint);
      hits += 1;
      continue;
    }
    changed = true;
    if (scanned === MAX_CHANGED) return full();
    let bytes: Buffer;
    try {
      bytes = readFileSync(`${root}/${path}`);
    } catch {
      continue; // deleted since it was listed (a snapshot's graph is then not cached: it lacks this file)
    }
    const now = fingerprintOf(bytes, stat.size, stat.mtimeMs);
    fingerprints.set(path, now);
    if (entry && sameContents(entry.fingerprint, now)) {
      scans.addEncoded(path, report, entry.at);
      hits += 1;
      continue;
    }
    scanned += 1;
    try {
      scans.set(path, scanSource(path, bytes));
    } catch {
      // The engine scans it again and reports the error with its file and line; not cached.
      files[path] = bytes;
      fingerprints.delete(path);
    }
  }
  if (changed) writeCache(file, root, scans, fingerprints);
  return { files, scans, fingerprints, cache: { file, hits, scanned, written: changed } };
}
