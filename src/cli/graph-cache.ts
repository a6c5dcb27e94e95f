// The graph cache of `strata lint --cache-dir DIR` (and of `lint-imports`): the import graph as
// built, with what it was built from, so a run on an unchanged tree neither lists directories, nor
// reads a Python file, nor builds the graph. It sits beside the per-file scan cache
// (scan-cache.ts), which still serves a run where some files changed.
//
// The graph is used only when it is the graph of the tree as it is now:
// - the key: the Strata version, the cache layout, the project's absolute path (in the file name
//   and the header) and the part of the configuration the graph depends on (graphKeyOf);
// - every directory walked, and every skipped directory whose skipping depends on its contents
//   (`build/` without `__init__.py`), has the same inode, mtime and ctime: adding, removing or
//   renaming an entry changes its directory's mtime and ctime, so no directory is listed again;
// - every Python file has the same size, mtime, ctime and inode; when any of these differs (a
//   checkout, `touch`, a chmod), the file is read and the SHA-1 of its contents compared with the
//   one of the contents the graph was built from, and only a different SHA-1 rebuilds.
// A stat taken within RACY_MS of a change is not trusted (recorded as NaN, so the next run looks
// again), as git does with "racily clean" entries: a timestamp's granularity (1-2 s on some file
// systems) can hide a change made just after the snapshot. Directory and file stats are taken
// before anything is read, so a change made while a run builds is seen by the next run. On a large
// tree, two threads take the stats of a run that checks the cache (stat-paths.ts).
//
// Beside it, the contract results of the last check of that graph (strata-report-*.json), keyed by
// the graph's checksum, the configuration file's path and text, and the contracts selected: a run
// that changes nothing prints them without checking again (--show-timings always checks, to time).
//
// One graph file per project and Strata version, written through a temporary file and a rename:
//   "STRATA-GRAPH\n" | u32 header length | header JSON | the tree part | the graph part, each
//   section starting at a multiple of 8. The tree part (read every run): dirs (NUL-joined, UTF-8) |
//   dir stats (f64 x 3: ino, mtimeMs, ctimeMs) | files (NUL-joined) | file stats (f64 x 6: size,
//   mtimeMs, ctimeMs, ino, SHA-1 high, SHA-1 low). The graph part (read when the contracts are
//   checked): the CompactGraph's fields. Each part has its SHA-1 in the header.
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { CompactGraph, ConfigFile, LintReport } from '../contracts/index.ts';
import { CONFIG_FILES, isWalkedDir, walkDependsOnContents } from './python-tree.ts';
import { fingerprintOf } from './scan-project.ts';
import { STAT_FIELDS, statPaths } from './stat-paths.ts';
import type { Fingerprint } from './scan-project.ts';
import { STRATA_VERSION } from './version.ts';

/** SHA-1, with node:crypto loaded on first use (a lint without cache never loads it). */
const hash = (algorithm: 'sha1', data: string | Uint8Array): string =>
  process.getBuiltinModule('node:crypto').hash(algorithm, data);

const MAGIC = 'STRATA-GRAPH\n';
/** Bump when this layout or CompactGraph changes (the Strata version is part of the key too). */
const FORMAT = 1;
/**
 * A stat whose mtime or ctime is this close to (or after) the snapshot is checked again next run.
 * STRATA_CACHE_RACY_MS overrides it (tests set 0, so a tree written just before a run is trusted).
 */
const RACY_MS = Number(process.env.STRATA_CACHE_RACY_MS ?? 2000);
const DIR_FIELDS = 3;
const FILE_FIELDS = 6;

/** The tree's shape and its files' stats, taken before any file is read. */
export interface TreeSnapshot {
  takenAt: number;
  /** Directories watched, relative to the root ('' is the root). */
  dirs: string[];
  /** ino, mtimeMs, ctimeMs per directory; mtimeMs is NaN when it was too recent to trust. */
  dirStats: Float64Array;
  /** The Python files readAndScanProject reads, relative to the root. */
  files: string[];
  /** size, mtimeMs, ctimeMs, ino per file (mtimeMs NaN when too recent), then room for the SHA-1. */
  fileStats: Float64Array;
  /** The configuration files at the top of the tree. */
  config: string[];
}

const racy = (takenAt: number, mtimeMs: number, ctimeMs: number) => Math.max(mtimeMs, ctimeMs) >= takenAt - RACY_MS;

/** The size and mtime of the file `index` of a snapshot (mtime NaN when it is not to be trusted). */
export function snapshotStat(snapshot: TreeSnapshot, index: number): { size: number; mtimeMs: number } {
  return { size: snapshot.fileStats[index * FILE_FIELDS]!, mtimeMs: snapshot.fileStats[index * FILE_FIELDS + 1]! };
}

/**
 * Stats every directory (before listing it) and then every Python file, with the walker's rules
 * (python-tree.ts). Undefined when a file vanished meanwhile (the run goes on without a graph cache).
 */
export function snapshotTree(root: string): TreeSnapshot | undefined {
  const takenAt = Date.now();
  const dirs: string[] = [];
  const dirStats: number[] = [];
  const files: string[] = [];
  const config: string[] = [];
  const watch = (dir: string): boolean => {
    const stat = statSync(dir ? `${root}/${dir}` : root, { throwIfNoEntry: false });
    if (!stat) return false;
    dirs.push(dir);
    dirStats.push(stat.ino, racy(takenAt, stat.mtimeMs, stat.ctimeMs) ? NaN : stat.mtimeMs, stat.ctimeMs);
    return true;
  };
  const walk = (dir: string): boolean => {
    if (!watch(dir)) return false;
    for (const entry of readdirSync(dir ? `${root}/${dir}` : root, { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (isWalkedDir(entry.name, `${root}/${rel}`)) {
          if (!walk(rel)) return false;
        } else if (walkDependsOnContents(entry.name) && !watch(rel)) return false;
      } else if (entry.name.endsWith('.py')) files.push(rel);
      else if (dir === '' && CONFIG_FILES.has(entry.name)) config.push(rel);
    }
    return true;
  };
  if (!walk('')) return undefined;
  const fileStats = new Float64Array(files.length * FILE_FIELDS);
  for (let index = 0; index < files.length; index += 1) {
    const stat = statSync(`${root}/${files[index]}`, { throwIfNoEntry: false });
    if (!stat) return undefined;
    const at = index * FILE_FIELDS;
    fileStats[at] = stat.size;
    fileStats[at + 1] = racy(takenAt, stat.mtimeMs, stat.ctimeMs) ? NaN : stat.mtimeMs;
    fileStats[at + 2] = stat.ctimeMs;
    fileStats[at + 3] = stat.ino;
  }
  return { takenAt, dirs, dirStats: Float64Array.from(dirStats), files, fileStats, config };
}

/** The project's key in cache file names: its absolute path, the Strata version and this layout. */
function projectKey(root: string): string {
  return hash('sha1', `${root}\0${STRATA_VERSION}\0${FORMAT}`).slice(0, 16);
}

/** The graph cache file of the project at `root` (absolute) inside `cacheDir`. */
export function graphCacheFileOf(cacheDir: string, root: string): string {
  return join(cacheDir, `strata-graph-${projectKey(root)}.bin`);
}

/** The contract results cache file of the project at `root` inside `cacheDir`. */
export function reportCacheFileOf(cacheDir: string, root: string): string {
  return join(cacheDir, `strata-report-${projectKey(root)}.json`);
}

type Kind = 'text' | 'f64' | 'u8' | 'i32';
type TreeSection = 'dirs' | 'dirStats' | 'files' | 'fileStats';
type GraphSection = keyof CompactGraph;

const TREE: [TreeSection, Kind][] = [
  ['dirs', 'text'],
  ['dirStats', 'f64'],
  ['files', 'text'],
  ['fileStats', 'f64'],
];
const GRAPH: [GraphSection, Kind][] = [
  ['names', 'text'],
  ['paths', 'text'],
  ['external', 'u8'],
  ['parent', 'i32'],
  ['childStart', 'i32'],
  ['children', 'i32'],
  ['outStart', 'i32'],
  ['out', 'i32'],
  ['intoStart', 'i32'],
  ['into', 'i32'],
  ['lineStart', 'i32'],
  ['lines', 'i32'],
];

/**
 * The file's header. The tree part (what is checked every run) comes first and the graph part
 * (read only when the contracts are checked again) after it, each with its own checksum.
 */
interface Header {
  format: number;
  version: string;
  root: string;
  key: string;
  /** Byte length of each section, in TREE and GRAPH order. */
  tree: number[];
  graph: number[];
  /** SHA-1 (hex) of each part: a damaged file is not used. */
  treeChecksum: string;
  graphChecksum: string;
}

type Values<Name extends string> = Record<Name, string | ArrayBufferView>;

const pad8 = (length: number) => (8 - (length % 8)) % 8;
const partLength = (lengths: number[]) => lengths.reduce((total, length) => total + length + pad8(length), 0);

function encodePart<Name extends string>(
  sections: [Name, Kind][],
  values: Values<Name>,
): { bytes: Buffer; lengths: number[] } {
  const parts = sections.map(([name]) => {
    const value = values[name];
    return typeof value === 'string'
      ? Buffer.from(value, 'utf8')
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  });
  const chunks: Uint8Array[] = [];
  for (const part of parts) chunks.push(part, Buffer.alloc(pad8(part.byteLength)));
  return { bytes: Buffer.concat(chunks), lengths: parts.map((part) => part.byteLength) };
}

/** The sections of one part; `bytes` must start on an 8-byte boundary of its own buffer. */
function decodePart<Name extends string>(
  sections: [Name, Kind][],
  lengths: unknown,
  bytes: Buffer,
): Values<Name> | undefined {
  if (!Array.isArray(lengths) || lengths.length !== sections.length) return undefined;
  const values = {} as Values<Name>;
  let at = 0;
  for (const [index, [name, kind]] of sections.entries()) {
    const length = lengths[index] as number;
    const size = kind === 'f64' ? 8 : kind === 'i32' ? 4 : 1;
    if (!Number.isInteger(length) || length < 0 || length % size !== 0 || at + length > bytes.length) return undefined;
    const offset = bytes.byteOffset + at;
    values[name] =
      kind === 'text'
        ? bytes.toString('utf8', at, at + length)
        : kind === 'f64'
          ? new Float64Array(bytes.buffer, offset, length / 8)
          : kind === 'i32'
            ? new Int32Array(bytes.buffer, offset, length / 4)
            : new Uint8Array(bytes.buffer, offset, length);
    at += length + pad8(length);
  }
  return at === bytes.length ? values : undefined;
}

function encodeFile(
  header: Pick<Header, 'format' | 'version' | 'root' | 'key'>,
  tree: { bytes: Buffer; lengths: number[] },
  graph: { bytes: Buffer; lengths: number[]; checksum?: string },
): Buffer {
  const full: Header = {
    ...header,
    tree: tree.lengths,
    graph: graph.lengths,
    treeChecksum: hash('sha1', tree.bytes),
    graphChecksum: graph.checksum ?? hash('sha1', graph.bytes),
  };
  const headerBytes = Buffer.from(JSON.stringify(full), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const start = MAGIC.length + 4 + headerBytes.length;
  return Buffer.concat([
    Buffer.from(MAGIC, 'latin1'),
    length,
    headerBytes,
    Buffer.alloc(pad8(start)),
    tree.bytes,
    graph.bytes,
  ]);
}

/** Reads `length` bytes at `position` into a buffer of its own (so typed arrays on it are aligned). */
function readAt(fd: number, position: number, length: number): Buffer | undefined {
  const bytes = Buffer.allocUnsafeSlow(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, position + done);
    if (read === 0) return undefined;
    done += read;
  }
  return bytes;
}

/** The header of an open cache file and where its tree part starts; undefined when it is not one. */
function readHeader(fd: number): { header: Header; treeAt: number } | undefined {
  const start = readAt(fd, 0, MAGIC.length + 4);
  if (!start || start.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const headerLength = start.readUInt32LE(MAGIC.length);
  if (headerLength > 1 << 20) return undefined;
  const headerBytes = readAt(fd, MAGIC.length + 4, headerLength);
  if (!headerBytes) return undefined;
  const header = JSON.parse(headerBytes.toString('utf8')) as Header;
  if (typeof header !== 'object' || header === null) return undefined;
  const end = MAGIC.length + 4 + headerLength;
  return { header, treeAt: end + pad8(end) };
}

/** Writes `file` through a temporary file and a rename, so a concurrent run never reads half of it. */
export function writeAtomically(file: string, bytes: Buffer | string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** How a run used the graph cache (for --verbose). */
export type GraphCacheUse =
  { hit: true; files: number; rehashed: number; written: boolean } | { hit: false; why: string };

/** A graph cache entry that matches the tree as it is now. */
export interface CachedGraph {
  /** Identifies the graph (the results cache is keyed by it). */
  checksum: string;
  /** Reads and checks the graph part; undefined when the file was replaced or damaged meanwhile. */
  read(): CompactGraph | undefined;
}

/** Opens `file`, runs `use` on its descriptor and closes it; undefined when it cannot be read. */
function withFile<T>(file: string, use: (fd: number) => T | undefined): T | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    return use(fd);
  } catch {
    return undefined; // a damaged file (bad JSON, short read): ignored, and replaced by this run
  } finally {
    closeSync(fd);
  }
}

function readGraphPart(file: string, checksum: string): CompactGraph | undefined {
  return withFile(file, (fd) => {
    const found = readHeader(fd);
    if (!found || found.header.graphChecksum !== checksum || !Array.isArray(found.header.tree)) return undefined;
    const graphAt = found.treeAt + partLength(found.header.tree);
    const bytes = readAt(fd, graphAt, partLength(found.header.graph));
    if (!bytes || hash('sha1', bytes) !== checksum) return undefined;
    return decodePart(GRAPH, found.header.graph, bytes) as CompactGraph | undefined;
  });
}

/**
 * The cached graph of the tree at `root` under the configuration key `key`, if the tree is unchanged
 * since it was built (see the header). Files only touched are rehashed, and their new stats written back.
 */
export function loadGraphCache(
  root: string,
  cacheDir: string,
  key: string,
): { graph?: CachedGraph; use: GraphCacheUse; snapshot?: TreeSnapshot } {
  const file = graphCacheFileOf(cacheDir, root);
  if (!existsSync(file)) return { use: { hit: false, why: 'no graph cache yet' } };
  const opened = withFile(file, (fd) => {
    const found = readHeader(fd);
    if (!found || !Array.isArray(found.header.tree) || !Array.isArray(found.header.graph)) return undefined;
    // A truncated file is not used even though its tree part may be whole.
    const size = found.treeAt + partLength(found.header.tree) + partLength(found.header.graph);
    if (fstatSync(fd).size !== size) return undefined;
    const bytes = readAt(fd, found.treeAt, partLength(found.header.tree));
    if (!bytes || hash('sha1', bytes) !== found.header.treeChecksum) return undefined;
    const tree = decodePart(TREE, found.header.tree, bytes);
    return tree && { header: found.header, tree, graphAt: found.treeAt + bytes.length };
  });
  if (!opened) return { use: { hit: false, why: 'the graph cache is damaged' } };
  const { header, tree } = opened;
  if (header.format !== FORMAT || header.version !== STRATA_VERSION || header.root !== root) {
    return { use: { hit: false, why: 'the graph cache is from another Strata or project' } };
  }
  if (header.key !== key) return { use: { hit: false, why: 'the configuration changed' } };
  const dirs = (tree.dirs as string).split('\0'); // never empty: the root is always there
  const dirStats = tree.dirStats as Float64Array;
  const files = tree.files === '' ? [] : (tree.files as string).split('\0');
  const fileStats = tree.fileStats as Float64Array;
  if (dirStats.length !== dirs.length * DIR_FIELDS || fileStats.length !== files.length * FILE_FIELDS) {
    return { use: { hit: false, why: 'the graph cache is damaged' } };
  }
  // Before the directories are statted: the snapshot below starts here (see RACY_MS).
  const takenAt = Date.now();
  // Every directory and file in one list, statted by two threads on a large tree (stat-paths.ts).
  const stats = statPaths(
    root,
    files.length === 0 ? (tree.dirs as string) : `${tree.dirs as string}\0${tree.files as string}`,
    files.length === 0 ? dirs : [...dirs, ...files],
  );
  for (let index = 0; index < dirs.length; index += 1) {
    const at = index * DIR_FIELDS;
    const from = index * STAT_FIELDS;
    const ino = stats[from + 3]!;
    if (
      Number.isNaN(ino) ||
      ino !== dirStats[at] ||
      stats[from + 1] !== dirStats[at + 1] ||
      stats[from + 2] !== dirStats[at + 2]
    ) {
      return { use: { hit: false, why: `a directory changed (${dirs[index] || '.'})` } };
    }
  }
  let rehashed = 0;
  let improved = false;
  // Every directory is as it was, so the tree lists the same files: once a file changed, the others
  // are only statted, and the run that rebuilds uses this listing and these stats (no second walk).
  let changed: string | undefined;
  const fresh = new Float64Array(fileStats.length);
  for (let index = 0; index < files.length; index += 1) {
    const path = files[index]!;
    const from = (dirs.length + index) * STAT_FIELDS;
    const stat = { size: stats[from]!, mtimeMs: stats[from + 1]!, ctimeMs: stats[from + 2]!, ino: stats[from + 3]! };
    const at = index * FILE_FIELDS;
    if (Number.isNaN(stat.ino)) return { use: { hit: false, why: `${path} was removed` } };
    fresh[at] = stat.size;
    fresh[at + 1] = racy(takenAt, stat.mtimeMs, stat.ctimeMs) ? NaN : stat.mtimeMs;
    fresh[at + 2] = stat.ctimeMs;
    fresh[at + 3] = stat.ino;
    if (changed !== undefined) continue;
    if (
      stat.size === fileStats[at] &&
      stat.mtimeMs === fileStats[at + 1] &&
      stat.ctimeMs === fileStats[at + 2] &&
      stat.ino === fileStats[at + 3]
    ) {
      continue;
    }
    if (stat.size !== fileStats[at]) {
      changed = path;
      continue;
    }
    let now: Fingerprint;
    try {
      now = fingerprintOf(readFileSync(`${root}/${path}`), stat.size, stat.mtimeMs);
    } catch {
      return { use: { hit: false, why: `${path} could not be read` } };
    }
    if (now.hashHigh !== fileStats[at + 4] || now.hashLow !== fileStats[at + 5]) {
      changed = path;
      continue;
    }
    // Same contents: remember the new stats (written back below).
    rehashed += 1;
    const trusted = !racy(takenAt, stat.mtimeMs, stat.ctimeMs);
    improved ||= trusted;
    fileStats[at + 1] = trusted ? stat.mtimeMs : NaN;
    fileStats[at + 2] = stat.ctimeMs;
    fileStats[at + 3] = stat.ino;
  }
  if (changed !== undefined) {
    const config = [...CONFIG_FILES].filter((name) => {
      const stat = statSync(`${root}/${name}`, { throwIfNoEntry: false });
      return stat !== undefined && !stat.isDirectory();
    });
    const snapshot: TreeSnapshot = { takenAt, dirs, dirStats: dirStats.slice(), files, fileStats: fresh, config };
    return { use: { hit: false, why: `${changed} changed` }, snapshot };
  }
  const checksum = header.graphChecksum;
  if (improved) {
    // The graph part as it is (checked), with the tree part's new stats.
    const graphBytes = withFile(file, (fd) => {
      const bytes = readAt(fd, opened.graphAt, partLength(header.graph));
      return bytes && hash('sha1', bytes) === checksum ? bytes : undefined;
    });
    if (!graphBytes) return { use: { hit: false, why: 'the graph cache is damaged' } };
    const { format, version } = header;
    writeAtomically(
      file,
      encodeFile({ format, version, root, key }, encodePart(TREE, tree), {
        bytes: graphBytes,
        lengths: header.graph,
        checksum,
      }),
    );
  }
  return {
    graph: { checksum, read: () => readGraphPart(file, checksum) },
    use: { hit: true, files: files.length, rehashed, written: improved },
  };
}

/**
 * Writes the graph built from the tree of `snapshot`, given the SHA-1 of every file as it was
 * scanned (`fingerprints`, by path), and returns the graph's checksum. Writes nothing, and returns
 * undefined, when the scan and the snapshot do not list the same files (the tree changed meanwhile).
 */
export function writeGraphCache(
  root: string,
  cacheDir: string,
  key: string,
  snapshot: TreeSnapshot,
  scannedPaths: Iterable<string>,
  fingerprints: ReadonlyMap<string, Fingerprint>,
  graph: CompactGraph,
): string | undefined {
  const fileStats = Float64Array.from(snapshot.fileStats);
  let count = 0;
  for (const path of scannedPaths) {
    count += 1;
    if (!fingerprints.has(path)) return undefined;
  }
  if (count !== snapshot.files.length) return undefined;
  for (let index = 0; index < snapshot.files.length; index += 1) {
    const print = fingerprints.get(snapshot.files[index]!);
    if (!print) return undefined;
    fileStats[index * FILE_FIELDS + 4] = print.hashHigh;
    fileStats[index * FILE_FIELDS + 5] = print.hashLow;
  }
  const tree = encodePart(TREE, {
    dirs: snapshot.dirs.join('\0'),
    dirStats: snapshot.dirStats,
    files: snapshot.files.join('\0'),
    fileStats,
  });
  const graphPart = encodePart(GRAPH, graph);
  const checksum = hash('sha1', graphPart.bytes);
  writeAtomically(
    graphCacheFileOf(cacheDir, root),
    encodeFile({ format: FORMAT, version: STRATA_VERSION, root, key }, tree, { ...graphPart, checksum }),
  );
  return checksum;
}

/** What the contract results depend on besides the graph: the configuration and the contracts selected. */
export function resultsKeyOf(config: ConfigFile, contractIds: string[]): string {
  return hash('sha1', JSON.stringify([config.path, config.text, contractIds]));
}

interface ReportFile {
  format: number;
  version: string;
  root: string;
  graph: string;
  key: string;
  report: LintReport;
}

/** The report of the last check of the graph `graphChecksum` under `resultsKey`, if that is what is cached. */
export function loadReportCache(
  root: string,
  cacheDir: string,
  graphChecksum: string,
  resultsKey: string,
): LintReport | undefined {
  let cached: ReportFile;
  try {
    cached = JSON.parse(readFileSync(reportCacheFileOf(cacheDir, root), 'utf8')) as ReportFile;
  } catch {
    return undefined; // none yet, or damaged: replaced by this run
  }
  const valid =
    typeof cached === 'object' &&
    cached !== null &&
    cached.format === FORMAT &&
    cached.version === STRATA_VERSION &&
    cached.root === root &&
    cached.graph === graphChecksum &&
    cached.key === resultsKey &&
    typeof cached.report === 'object' &&
    cached.report !== null &&
    Array.isArray(cached.report.contracts);
  return valid ? cached.report : undefined;
}

export function writeReportCache(
  root: string,
  cacheDir: string,
  graphChecksum: string,
  resultsKey: string,
  report: LintReport,
): void {
  const file: ReportFile = {
    format: FORMAT,
    version: STRATA_VERSION,
    root,
    graph: graphChecksum,
    key: resultsKey,
    report,
  };
  writeAtomically(reportCacheFileOf(cacheDir, root), JSON.stringify(file));
}
