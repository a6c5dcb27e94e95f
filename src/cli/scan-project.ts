// Reads and scans a Python project for `strata lint`. Listing, reading and scanning are most of a
// cold run on a large project, so they are shared by the main thread and, past a few hundred files,
// one worker thread per extra core: the main thread lists the top of the tree into directory units,
// and every thread claims units through a shared counter, walks them, reads each file into a reused
// buffer and runs the engine's scanner on it. Every thread, the main one too, keeps its imports in a
// compact form (a table of distinct strings and one Int32Array, the engine's CompactScans), so little
// crosses threads and the graph builder reads it as it is: no object per import, and each distinct
// module name resolved once per thread's table, instead of ~300,000 objects at 65k modules that every
// garbage collection before the graph is built would copy and promote. The
// engine stays pure: threads call its public scanSource.
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { CompactScans, CompactWriter, scanSourceInto, skipEntry, useUtf8Validator } from '../contracts/index.ts';
import type { ScannedImport } from '../contracts/index.ts';
import { CONFIG_FILES, isWalkedDir } from './python-tree.ts';

// Non-ASCII files are validated natively (in this thread and in every scan worker, which loads this module).
useUtf8Validator(isUtf8);

/** Directory units to split the tree into: enough for threads to even out, few enough to list quickly. */
const UNITS = 256;
/** Files the main thread scans alone before starting workers: small projects never pay for a thread. */
const PARALLEL_FROM = 600;
/** At most this many threads in all (the main thread included). */
const MAX_THREADS = 4;
// One reusable buffer per thread: open + read + close per file, no stat and no allocation.
const BUFFER_SIZE = 1 << 20;

export interface ScannedProject {
  /** Config files, and the Python files that did not scan, with their contents. */
  files: Record<string, string | Uint8Array>;
  /** Imports by path of every Python file that scanned cleanly (the engine takes these paths as files too). */
  scans: Map<string, ScannedImport[]>;
}

/**
 * What the scan cache (scan-cache.ts) keys a file by: its size and modification time (checked on
 * every run, one stat) and the first 64 bits of the SHA-1 of its contents (checked when those differ).
 */
export interface Fingerprint {
  size: number;
  mtimeMs: number;
  hashHigh: number;
  hashLow: number;
}

/** The fingerprint of `bytes`, read from a file of that size and time. */
export function fingerprintOf(bytes: Uint8Array, size: number, mtimeMs: number): Fingerprint {
  const digest = process.getBuiltinModule('node:crypto').hash('sha1', bytes, 'buffer');
  return { size, mtimeMs, hashHigh: digest.readUInt32BE(0), hashLow: digest.readUInt32BE(4) };
}

/**
 * Reads one file into `buffer` (or a new one when it does not fit) and scans it into `writer`;
 * false (nothing written) if it does not scan. With `fingerprint`, also stats the open file and
 * hashes its bytes into `fingerprint.last`.
 */
function scanFile(
  root: string,
  path: string,
  buffer: Buffer,
  writer: CompactWriter,
  fingerprint?: { last: Fingerprint | null },
): boolean {
  if (fingerprint) fingerprint.last = null;
  try {
    const file = `${root}/${path}`;
    const fd = openSync(file, 'r');
    let bytes: Uint8Array;
    try {
      // Stat before reading: a change made meanwhile then shows as a new mtime next run.
      const stat = fingerprint ? fstatSync(fd) : undefined;
      const length = readSync(fd, buffer, 0, BUFFER_SIZE, 0);
      bytes = length < BUFFER_SIZE ? buffer.subarray(0, length) : readFileSync(file);
      if (fingerprint && stat) fingerprint.last = fingerprintOf(bytes, stat.size, stat.mtimeMs);
    } finally {
      closeSync(fd);
    }
    scanSourceInto(path, bytes, writer);
    return true;
  } catch {
    return false;
  }
}

/** Python files under the unit directory `unit` (relative to root), depth first. */
function walkUnit(root: string, unit: string, paths: string[]): void {
  for (const entry of readdirSync(`${root}/${unit}`, { withFileTypes: true })) {
    const rel = `${unit}/${entry.name}`;
    if (entry.isDirectory()) {
      if (isWalkedDir(entry.name, `${root}/${rel}`)) walkUnit(root, rel, paths);
    } else if (entry.name.endsWith('.py')) paths.push(rel);
  }
}

/**
 * Splits the tree into directory units, breadth first, until there are about UNITS of them. Python
 * files met on the way (near the top) come back as `loose`, config files at the top as `config`.
 */
function planUnits(root: string): { units: string[]; loose: string[]; config: string[] } {
  const loose: string[] = [];
  const config: string[] = [];
  const units: string[] = [];
  const expand = (dir: string) => {
    for (const entry of readdirSync(dir ? `${root}/${dir}` : root, { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (isWalkedDir(entry.name, `${root}/${rel}`)) units.push(rel);
      } else if (entry.name.endsWith('.py')) loose.push(rel);
      else if (dir === '' && CONFIG_FILES.has(entry.name)) config.push(rel);
    }
  };
  expand('');
  // Expanding the first unit keeps the order depth-first-like and the biggest units claimed first.
  for (let expanded = 0; units.length > 0 && units.length < UNITS && expanded < UNITS; expanded += 1) {
    expand(units.shift()!);
  }
  return { units, loose, config };
}

/** The unit number of the files at the top of the tree, which no unit holds. */
const LOOSE = -1;

/** A directory to walk, or files already listed (ListedTree). */
type Unit = string | string[];

/** Claims units until none are left; calls `afterFile` after each file (the main thread starts workers there). */
function scanUnits(
  root: string,
  units: Unit[],
  claim: Int32Array,
  sink: ReportWriter,
  buffer: Buffer,
  fingerprint: { last: Fingerprint | null } | undefined,
  afterFile?: () => void,
): void {
  for (;;) {
    const index = Atomics.add(claim, 0, 1);
    if (index >= units.length) return;
    const unit = units[index]!;
    let paths: string[] = [];
    if (typeof unit === 'string') walkUnit(root, unit, paths);
    else paths = unit;
    sink.unit(index, paths);
    for (const path of paths) {
      sink.scanFile(root, path, buffer, fingerprint);
      afterFile?.();
    }
  }
}

// --- the compact form a worker sends back ---

interface WorkerReport {
  /** Claimed unit indices, in the order scanned. */
  units: number[];
  /** Number of files of each claimed unit. */
  fileCounts: number[];
  /** Where each claimed unit's first file starts in data. */
  unitStarts: number[];
  /** The units' file paths, joined by NUL (which no path or name contains). */
  paths: string;
  /** Distinct module names and imported names, joined by NUL. */
  strings: string;
  /**
   * Per file: the number of imports, or -1 if it did not scan; then per import: line, typeChecking
   * + 2 * level, module (index in strings), number of names or -1 for a plain import, the names.
   */
  data: Int32Array;
  /** With fingerprints: size, mtimeMs, hashHigh, hashLow per file (NaN for a file that could not be read). */
  fingerprints?: Float64Array;
}

/** Encodes each file as it is scanned, so a worker keeps no import objects alive. */
export class ReportWriter {
  private readonly units: number[] = [];
  private readonly fileCounts: number[] = [];
  private readonly unitStarts: number[] = [];
  private readonly paths: string[] = [];
  private readonly compact = new CompactWriter();
  private readonly fingerprints: number[] = [];

  unit(index: number, paths: string[]): void {
    this.units.push(index);
    this.fileCounts.push(paths.length);
    this.unitStarts.push(this.compact.length);
    for (const path of paths) this.paths.push(path);
  }

  /** Reads and scans the next file of the unit, straight into the compact form. */
  scanFile(root: string, path: string, buffer: Buffer, fingerprint?: { last: Fingerprint | null }): void {
    if (!scanFile(root, path, buffer, this.compact, fingerprint)) this.compact.addFailed();
    if (fingerprint) this.fingerprint(fingerprint.last);
  }

  /** The next file's imports as objects (null if it did not scan). */
  file(imports: ScannedImport[] | null, fingerprint?: Fingerprint | null): void {
    if (fingerprint !== undefined) this.fingerprint(fingerprint);
    if (imports) this.compact.addImports(imports);
    else this.compact.addFailed();
  }

  finish(): WorkerReport {
    const { data, strings } = this.compact.finish();
    return {
      units: this.units,
      fileCounts: this.fileCounts,
      unitStarts: this.unitStarts,
      paths: this.paths.join('\0'),
      strings: strings.join('\0'),
      data,
      ...(this.fingerprints.length > 0 ? { fingerprints: Float64Array.from(this.fingerprints) } : {}),
    };
  }

  private fingerprint(fingerprint: Fingerprint | null): void {
    if (fingerprint) {
      this.fingerprints.push(fingerprint.size, fingerprint.mtimeMs, fingerprint.hashHigh, fingerprint.hashLow);
    } else this.fingerprints.push(NaN, NaN, NaN, NaN);
  }
}

interface WorkerInput {
  strataScanWorker: true;
  root: string;
  units: Unit[];
  claim: SharedArrayBuffer;
  fingerprints: boolean;
}

// node:crypto and node:worker_threads are loaded when first needed (~15 ms each at start, for a
// lint without cache of a project too small for threads). A scan worker is started with this
// argument, so the main thread knows it is none without loading node:worker_threads.
const WORKER_ARGUMENT = '--strata-scan-worker';
const workerThread = process.argv.includes(WORKER_ARGUMENT)
  ? process.getBuiltinModule('node:worker_threads')
  : undefined;
if (
  workerThread &&
  !workerThread.isMainThread &&
  (workerThread.workerData as Partial<WorkerInput> | null)?.strataScanWorker
) {
  const { parentPort } = workerThread;
  const input = workerThread.workerData as WorkerInput;
  const writer = new ReportWriter();
  const fingerprint = input.fingerprints ? { last: null } : undefined;
  scanUnits(input.root, input.units, new Int32Array(input.claim), writer, Buffer.allocUnsafe(BUFFER_SIZE), fingerprint);
  const report = writer.finish();
  const transfer = [report.data.buffer, report.fingerprints?.buffer].filter((buffer) => buffer !== undefined);
  parentPort!.postMessage(report, transfer as ArrayBuffer[]);
}

function startWorker(input: WorkerInput): { worker: Worker; report: Promise<WorkerReport> } {
  const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
  const worker = new WorkerThread(new URL(import.meta.url), { workerData: input, argv: [WORKER_ARGUMENT] });
  const report = new Promise<WorkerReport>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: WorkerReport) => {
      resolve(message);
      void worker.terminate();
    });
  });
  // Handled where it is awaited; if the main thread fails first, a worker's later error is moot.
  report.catch(() => undefined);
  return { worker, report };
}

export interface ScanOptions {
  /** Files the main thread scans before starting workers (default PARALLEL_FROM). */
  parallelFrom?: number;
  /** False leaves every unit to the workers (at least one), so tests can be sure a worker ran. */
  mainThreadScans?: boolean;
  /** Also return every scanned file's fingerprint (for the scan cache; costs a stat and a hash per file). */
  fingerprints?: boolean;
  /** The tree as already listed (the graph cache's snapshot): not walked again. */
  listed?: { paths: string[]; config: string[] };
}

/** Files already listed, in about UNITS units of at least 64 files (a small tree keeps few units). */
function unitsOfListed(paths: string[]): string[][] {
  const size = Math.max(64, Math.ceil(paths.length / UNITS));
  const units: string[][] = [];
  for (let start = 0; start < paths.length; start += size) units.push(paths.slice(start, start + size));
  return units;
}

/** The Python files under `root` in the order readAndScanProject returns them, and the config files at the top. */
export function listProject(root: string): { paths: string[]; config: string[] } {
  const { units, loose, config } = planUnits(root);
  const paths = [...loose];
  for (const unit of units) walkUnit(root, unit, paths);
  return { paths, config };
}

/**
 * Reads and scans every Python file under `root`. A file that does not scan is returned with its
 * contents instead, so the engine scans it again and raises the error (file and line) itself.
 */
export async function readAndScanProject(
  root: string,
  options: ScanOptions = {},
): Promise<ScannedProject & { fingerprints?: Map<string, Fingerprint> }> {
  const { parallelFrom = PARALLEL_FROM, mainThreadScans = true } = options;
  const fingerprint = options.fingerprints ? { last: null } : undefined;
  const { listed } = options;
  const { units, loose, config }: { units: Unit[]; loose: string[]; config: string[] } = listed
    ? { units: unitsOfListed(listed.paths), loose: [], config: listed.config }
    : planUnits(root);
  const files: Record<string, string | Uint8Array> = {};
  for (const path of config) files[path] = readFileSync(`${root}/${path}`);
  const claim = new Int32Array(new SharedArrayBuffer(4));
  const extraThreads = Math.max(mainThreadScans ? 0 : 1, Math.min(MAX_THREADS, availableParallelism()) - 1);
  const workers: ReturnType<typeof startWorker>[] = [];
  const startWorkers = () => {
    if (workers.length > 0) return;
    const input: WorkerInput = {
      strataScanWorker: true,
      root,
      units,
      claim: claim.buffer,
      fingerprints: fingerprint !== undefined,
    };
    for (let index = 0; index < extraThreads; index += 1) workers.push(startWorker(input));
  };
  let scanned = 0;
  const afterFile = () => {
    scanned += 1;
    if (scanned === parallelFrom && Atomics.load(claim, 0) < units.length) startWorkers();
  };
  // A tree that splits into UNITS directories is large: the workers boot while the main thread starts.
  if (!mainThreadScans || (units.length > 0 && (parallelFrom <= 0 || units.length >= UNITS))) startWorkers();
  const buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  // The main thread's own report; the loose files are its unit -1.
  const writer = new ReportWriter();
  writer.unit(LOOSE, loose);
  for (const path of loose) {
    writer.scanFile(root, path, buffer, fingerprint);
    afterFile();
  }
  try {
    if (mainThreadScans) scanUnits(root, units, claim, writer, buffer, fingerprint, afterFile);
  } catch (error) {
    for (const { worker } of workers) void worker.terminate();
    throw error;
  }
  const reports = [writer.finish()];
  if (reports[0]!.units.length === units.length + 1) {
    // The main thread scanned every unit before a worker claimed one: no need to wait for them.
    for (const { worker } of workers) void worker.terminate();
  } else {
    reports.push(...(await Promise.all(workers.map((started) => started.report))));
  }

  // Each file's entry, by unit (the loose files first), so the paths keep the tree's order.
  const byUnit = new Array<{ report: number; paths: string[]; at: number; first: number } | undefined>(
    units.length + 1,
  );
  const scans = new CompactScans();
  for (const report of reports) {
    const index = scans.addReport(report.data, report.strings.split('\0'));
    const paths = report.paths.split('\0');
    let file = 0;
    report.units.forEach((unit, position) => {
      const count = report.fileCounts[position]!;
      byUnit[unit + 1] = {
        report: index,
        paths: paths.slice(file, file + count),
        at: report.unitStarts[position]!,
        first: file,
      };
      file += count;
    });
  }
  const fingerprints = fingerprint ? new Map<string, Fingerprint>() : undefined;
  for (const unit of byUnit) {
    if (!unit) continue;
    const { data, fingerprints: prints } = reports[unit.report]!;
    let { at } = unit;
    unit.paths.forEach((path, index) => {
      if (data[at]! < 0) {
        files[path] = readFileSync(`${root}/${path}`);
        at += 1;
        return;
      }
      scans.addEncoded(path, unit.report, at);
      at = skipEntry(data, at);
      const print = 4 * (unit.first + index);
      if (fingerprints && prints && !Number.isNaN(prints[print])) {
        fingerprints.set(path, {
          size: prints[print]!,
          mtimeMs: prints[print + 1]!,
          hashHigh: prints[print + 2]!,
          hashLow: prints[print + 3]!,
        });
      }
    });
  }
  return fingerprints ? { files, scans, fingerprints } : { files, scans };
}
