// The scanned imports of many files in a compact form: one Int32Array per batch of files (a "report",
// what one scan thread or the scan cache holds) and a table of its distinct strings. Per file: the
// number of imports, or -1 if the file did not scan; then per import: line, typeChecking + 2 * level,
// module (index in strings), number of names or -1 for a plain import, then the names (indices).
// The graph builder (build-graph.ts) reads it without making an object per import, and resolves
// each distinct string of a report to a module once, not once per import.
import type { ScannedImport, ScanSink } from './scan.ts';

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

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Builds one report: files' imports appended in the compact form, each distinct string stored once.
 * From the scanner (scanSourceInto), an ASCII name is looked up by its bytes in a hash table, so
 * only a name seen for the first time becomes a string; from objects (addImports), by string.
 */
export class CompactWriter implements ScanSink {
  readonly strings: string[] = [];
  private readonly byString = new Map<string, number>();
  /** Open addressing over the byte-keyed entries: entry + 1, or 0 for a free slot. */
  private slots = new Int32Array(1 << 12);
  /** Per byte-keyed entry: its hash, where its bytes start in arena, their length, its string index. */
  private readonly entryHash: number[] = [];
  private readonly entryStart: number[] = [];
  private readonly entryLength: number[] = [];
  private readonly entryString: number[] = [];
  private arena = new Uint8Array(1 << 16);
  private arenaLength = 0;
  private data = new Int32Array(1 << 16);
  /** Number of values written to data (where the next file's entry starts). */
  length = 0;

  /** A file that did not scan. */
  addFailed(): void {
    this.push(-1);
  }

  /** A file's imports as objects. */
  addImports(imports: ScannedImport[]): void {
    this.push(imports.length);
    for (const found of imports) {
      this.push(found.line);
      this.push((found.typeChecking ? 1 : 0) + 2 * found.level);
      this.push(this.internString(found.module));
      if (found.names === null) this.push(-1);
      else {
        this.push(found.names.length);
        for (const name of found.names) this.push(this.internString(name));
      }
    }
  }

  /**
   * A file's imports as the scanner keeps them: per statement line, typeChecking (0/1), level and
   * number of names (-1: a plain import); the module, then the names, in `names`, each ended by
   * '\n' at nameEnds[k]; or, for a file with non-ASCII names, those names decoded in `decoded`.
   */
  addScanned(records: number[], names: Uint8Array, nameEnds: number[], decoded: string[] | null): void {
    this.push(records.length / 4);
    let next = 0;
    const intern = (): number => {
      const index = next++;
      if (decoded) return this.internString(decoded[index]!);
      return this.internBytes(names, index === 0 ? 0 : nameEnds[index - 1]! + 1, nameEnds[index]!);
    };
    for (let index = 0; index < records.length; index += 4) {
      const count = records[index + 3]!;
      this.push(records[index]!);
      this.push(records[index + 1]! + 2 * records[index + 2]!);
      this.push(intern());
      this.push(count);
      for (let name = 0; name < count; name += 1) this.push(intern());
    }
  }

  finish(): ScanReport {
    return { data: this.data.slice(0, this.length), strings: this.strings };
  }

  private internString(text: string): number {
    let index = this.byString.get(text);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(text);
      this.byString.set(text, index);
    }
    return index;
  }

  /** The string index of the ASCII bytes bytes[from, to). */
  private internBytes(bytes: Uint8Array, from: number, to: number): number {
    let hash = 0x811c9dc5; // FNV-1a
    for (let at = from; at < to; at += 1) hash = Math.imul(hash ^ bytes[at]!, 0x01000193);
    const length = to - from;
    const { arena } = this;
    let mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot]! - 1;
      if (entry === -1) break;
      if (this.entryHash[entry] === hash && this.entryLength[entry] === length) {
        const start = this.entryStart[entry]!;
        let at = 0;
        while (at < length && arena[start + at] === bytes[from + at]) at += 1;
        if (at === length) return this.entryString[entry]!;
      }
      slot = (slot + 1) & mask;
    }
    // New: a string made once (via the string table, so one made from objects before is shared).
    const index = this.internString(utf8.decode(bytes.subarray(from, to)));
    if (this.arenaLength + length > arena.length) {
      const grown = new Uint8Array(Math.max(this.arenaLength + length, arena.length * 2));
      grown.set(arena.subarray(0, this.arenaLength));
      this.arena = grown;
    }
    this.arena.set(bytes.subarray(from, to), this.arenaLength);
    const entry = this.entryHash.length;
    this.entryHash.push(hash);
    this.entryStart.push(this.arenaLength);
    this.entryLength.push(length);
    this.entryString.push(index);
    this.arenaLength += length;
    if (2 * (entry + 1) > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      mask = this.slots.length - 1;
      for (let known = 0; known <= entry; known += 1) {
        let free = this.entryHash[known]! & mask;
        while (this.slots[free] !== 0) free = (free + 1) & mask;
        this.slots[free] = known + 1;
      }
    } else this.slots[slot] = entry + 1;
    return index;
  }

  private push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}
