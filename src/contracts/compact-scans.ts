// The scanned imports of many files in a compact form: one Int32Array per batch of files (a "report",
// what one scan thread or the scan cache holds) and a table of its distinct strings. Per file: the
// number of imports, or -1 if the file did not scan; then per import: line, typeChecking + 2 * level,
// module (index in strings), number of names or -1 for a plain import, then the names (indices).
// The graph builder (build-graph.ts) reads it without making an object per import, and resolves
// each distinct string of a report to a module once, not once per import.
import type { ScannedImport } from './scan.ts';

/** The import whose record (line, flags, module, names) starts at `at` in `data`. */
export function decodeImport(data: Int32Array, strings: string[], at: number): ScannedImport {
  const line = data[at]!;
  const flags = data[at + 1]!;
  const module = strings[data[at + 2]!]!;
  const nameCount = data[at + 3]!;
  let names: string[] | null = null;
  if (nameCount >= 0) {
    names = new Array<string>(nameCount);
    for (let name = 0; name < nameCount; name += 1) names[name] = strings[data[at + 4 + name]!]!;
  }
  return { line, typeChecking: (flags & 1) === 1, level: flags >>> 1, module, names };
}

/** The imports of the file whose entry starts at `at` in `data`. */
export function decodeImports(data: Int32Array, strings: string[], at: number): ScannedImport[] {
  const total = data[at++]!;
  const imports = new Array<ScannedImport>(total);
  for (let found = 0; found < total; found += 1) {
    imports[found] = decodeImport(data, strings, at);
    at += 4 + Math.max(data[at + 3]!, 0);
  }
  return imports;
}

/** Where the entry after the one at `at` starts. */
export function skipEntry(data: Int32Array, at: number): number {
  const total = data[at++]!;
  for (let found = 0; found < total; found += 1) {
    at += 3;
    const nameCount = data[at++]!;
    if (nameCount > 0) at += nameCount;
  }
  return at;
}

/** One report: its data and strings. */
export interface ScanReport {
  data: Int32Array;
  strings: string[];
}

/**
 * Imports by path, decoded from the reports each time they are read through the Map interface (get,
 * iteration, forEach; set and delete replace an entry as usual). The graph builder reads the
 * encoded entries directly (encodedEntry).
 */
export class CompactScans extends Map<string, ScannedImport[]> {
  readonly #reports: ScanReport[] = [];
  /** An entry not decoded yet is stored as a number: its offset in the data, times REPORTS, plus its report. */
  static readonly REPORTS = 64;

  addReport(data: Int32Array, strings: string[]): number {
    this.#reports.push({ data, strings });
    return this.#reports.length - 1;
  }

  addEncoded(path: string, report: number, at: number): void {
    super.set(path, (at * CompactScans.REPORTS + report) as unknown as ScannedImport[]);
  }

  /** The report (index) and offset of `path`'s encoded entry, or undefined when it was set as objects. */
  encodedEntry(path: string): { report: number; at: number } | undefined {
    const value = super.get(path) as ScannedImport[] | number | undefined;
    if (typeof value !== 'number') return undefined;
    return { report: value % CompactScans.REPORTS, at: Math.floor(value / CompactScans.REPORTS) };
  }

  report(index: number): ScanReport {
    return this.#reports[index]!;
  }

  get reportCount(): number {
    return this.#reports.length;
  }

  override get(path: string): ScannedImport[] | undefined {
    const value = super.get(path) as ScannedImport[] | number | undefined;
    if (typeof value !== 'number') return value;
    const { data, strings } = this.#reports[value % CompactScans.REPORTS]!;
    return decodeImports(data, strings, Math.floor(value / CompactScans.REPORTS));
  }

  override *entries(): MapIterator<[string, ScannedImport[]]> {
    for (const path of this.keys()) yield [path, this.get(path)!];
  }

  override *values(): MapIterator<ScannedImport[]> {
    for (const path of this.keys()) yield this.get(path)!;
  }

  override [Symbol.iterator](): MapIterator<[string, ScannedImport[]]> {
    return this.entries();
  }

  override forEach(
    callback: (imports: ScannedImport[], path: string, map: Map<string, ScannedImport[]>) => void,
  ): void {
    for (const [path, imports] of this.entries()) callback(imports, path, this);
  }
}
