// Reads and scans a Python project for `strata lint`, in worker threads for large projects: each
// worker reads its share of the files and runs the engine's scanner on them, so reading and
// scanning 65,000 modules use every core and the file contents never cross threads. The engine
// stays pure: workers call its public scanSource and hand back plain data.
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { scanSource } from '../contracts/index.ts';
import type { ScannedImport } from '../contracts/index.ts';

const SKIPPED_DIRS = new Set(['node_modules', '__pycache__', 'venv', '.venv', 'site-packages', 'dist', 'build']);
const CONFIG_FILES = new Set(['setup.cfg', '.importlinter', 'pyproject.toml']);
/** Below this many files, threads cost more than they save. */
const PARALLEL_FROM = 1500;

export interface ScannedProject {
  /** Config files with their contents; Python files with their contents only where a scan failed. */
  files: Record<string, string | Uint8Array>;
  /** Imports by path of every Python file that scanned cleanly. */
  scans: Map<string, ScannedImport[]>;
}

/** Relative paths of the project's Python files (hidden and tool directories skipped). */
export function listPythonFiles(root: string): { python: string[]; config: string[] } {
  const python: string[] = [];
  const config: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name), rel);
      } else if (entry.name.endsWith('.py')) python.push(rel);
      else if (prefix === '' && CONFIG_FILES.has(entry.name)) config.push(rel);
    }
  };
  walk(root, '');
  return { python, config };
}

type WorkerResult = { imports: ScannedImport[] } | { failed: true };

// One reusable buffer per thread: open + read + close per file, no stat and no allocation.
const BUFFER_SIZE = 1 << 20;

function scanChunk(root: string, paths: string[]): WorkerResult[] {
  const buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  return paths.map((path) => {
    try {
      const file = join(root, path);
      const fd = openSync(file, 'r');
      let length: number;
      try {
        length = readSync(fd, buffer, 0, BUFFER_SIZE, 0);
      } finally {
        closeSync(fd);
      }
      const bytes = length < BUFFER_SIZE ? buffer.subarray(0, length) : readFileSync(file);
      return { imports: scanSource(path, bytes) };
    } catch {
      return { failed: true };
    }
  });
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, openSync, readFileSync, readSync } = require('node:fs');
const { join } = require('node:path');
const SIZE = ${BUFFER_SIZE};
import(workerData.engine).then(({ scanSource }) => {
  const buffer = Buffer.allocUnsafe(SIZE);
  const results = workerData.paths.map((path) => {
    try {
      const file = join(workerData.root, path);
      const fd = openSync(file, 'r');
      let length;
      try {
        length = readSync(fd, buffer, 0, SIZE, 0);
      } finally {
        closeSync(fd);
      }
      return { imports: scanSource(path, length < SIZE ? buffer.subarray(0, length) : readFileSync(file)) };
    } catch {
      return { failed: true };
    }
  });
  parentPort.postMessage(results);
});
`;

function scanInWorker(root: string, paths: string[]): Promise<WorkerResult[]> {
  const engine = new URL('../contracts/index.ts', import.meta.url).href;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { engine, root, paths } });
    worker.once('error', reject);
    worker.once('message', (results: WorkerResult[]) => {
      resolve(results);
      void worker.terminate();
    });
  });
}

/**
 * Reads and scans every Python file under `root`. A file that does not scan is returned with its
 * contents instead, so the engine scans it again and raises the error (file and line) itself.
 */
export async function readAndScanProject(root: string): Promise<ScannedProject> {
  const { python, config } = listPythonFiles(root);
  const files: Record<string, string | Uint8Array> = {};
  for (const path of config) files[path] = readFileSync(join(root, path));
  const workers = Math.min(4, availableParallelism());
  let results: WorkerResult[];
  if (python.length < PARALLEL_FROM || workers < 2) results = scanChunk(root, python);
  else {
    const size = Math.ceil(python.length / workers);
    const chunks = Array.from({ length: workers }, (_, index) => python.slice(index * size, (index + 1) * size));
    results = (await Promise.all(chunks.map((chunk) => scanInWorker(root, chunk)))).flat();
  }
  const scans = new Map<string, ScannedImport[]>();
  python.forEach((path, index) => {
    const result = results[index]!;
    if ('imports' in result) {
      scans.set(path, result.imports);
      files[path] = '';
    } else files[path] = readFileSync(join(root, path));
  });
  return { files, scans };
}
