// The import graph: modules as integer ids with a parent/children tree, adjacency arrays in both
// directions and the line numbers of each import. Contracts never mutate it: the imports a contract
// ignores travel alongside as a set of edge keys.

/** Edge identity for sets and maps: importer and imported ids packed into one safe integer. */
export const edgeKey = (importer: number, imported: number): number => importer * 0x200000 + imported;

/** Shared by every module without children (most of them); replaced by a real array on adoption. */
const NO_CHILDREN: number[] = Object.freeze([]) as unknown as number[];

/**
 * The graph as a few flat arrays, for the graph cache on disk (`strata lint --cache-dir`):
 * ImportGraph.fromCompact(graph.toCompact()) is the same graph, every list in the same order.
 * Lists are stored as offsets (length n + 1) into one array.
 */
export interface CompactGraph {
  /** Module names, joined by NUL. */
  names: string;
  /** File paths, joined by NUL ('' for an external package). */
  paths: string;
  external: Uint8Array;
  parent: Int32Array;
  childStart: Int32Array;
  children: Int32Array;
  outStart: Int32Array;
  out: Int32Array;
  intoStart: Int32Array;
  into: Int32Array;
  /** Per import, in `out` order: where its line numbers start in `lines` (length out.length + 1). */
  lineStart: Int32Array;
  lines: Int32Array;
}

/** Offsets and values of a list of lists. */
function flatten(lists: number[][]): { start: Int32Array; values: Int32Array } {
  const start = new Int32Array(lists.length + 1);
  let total = 0;
  lists.forEach((list, index) => {
    start[index] = total;
    total += list.length;
  });
  start[lists.length] = total;
  const values = new Int32Array(total);
  lists.forEach((list, index) => values.set(list, start[index]));
  return { start, values };
}

/** The list `index` of flattened lists, its ids checked against the graph's size. */
function unflatten(start: Int32Array, values: Int32Array, index: number, size: number): number[] {
  const from = start[index]!;
  const to = start[index + 1]!;
  if (from > to || to > values.length) throw new Error('the compact graph is inconsistent');
  const list = new Array<number>(to - from);
  for (let at = from; at < to; at += 1) {
    const id = values[at]!;
    if (id < 0 || id >= size) throw new Error('the compact graph is inconsistent');
    list[at - from] = id;
  }
  return list;
}

export class ImportGraph {
  readonly names: string[] = [];
  readonly ids = new Map<string, number>();
  /** Squashed external packages (include_external_packages). */
  readonly external: boolean[] = [];
  readonly paths: (string | undefined)[] = [];
  readonly parent: number[] = [];
  readonly children: number[][] = [];
  /** Children by their last name component: childByName[parent]?.get('views') (packages only). */
  readonly childByName: (Map<string, number> | undefined)[] = [];
  /** out[i]: ids that module i imports; into[i]: ids that import module i. */
  readonly out: number[][] = [];
  readonly into: number[][] = [];
  /**
   * Line numbers of each import, parallel to `out`: outLines[i][k] is the line of the import of
   * out[i][k], or its lines (ascending, distinct) when there are several. No allocation per import.
   */
  private readonly outLines: (number | number[])[][] = [];
  /** Position in out[slotOwner[j] - 1] of the last import of j added (a hint; checked before use). */
  private slot = new Int32Array(1024);
  private slotOwner = new Int32Array(1024);
  private edgeCount = 0;
  // The last parent found by name: modules are mostly added in name order, siblings one after another.
  private lastParentName = '';
  private lastParent = -1;

  /** The graph as flat arrays (see CompactGraph). */
  toCompact(): CompactGraph {
    const children = flatten(this.children);
    const out = flatten(this.out);
    const into = flatten(this.into);
    const lineStart = new Int32Array(out.values.length + 1);
    const lines: number[] = [];
    let edge = 0;
    for (const perImport of this.outLines) {
      for (const known of perImport) {
        lineStart[edge++] = lines.length;
        if (typeof known === 'number') lines.push(known);
        else for (const line of known) lines.push(line);
      }
    }
    lineStart[edge] = lines.length;
    return {
      names: this.names.join('\0'),
      paths: this.paths.map((path) => path ?? '').join('\0'),
      external: Uint8Array.from(this.external, (external) => (external ? 1 : 0)),
      parent: Int32Array.from(this.parent),
      childStart: children.start,
      children: children.values,
      outStart: out.start,
      out: out.values,
      intoStart: into.start,
      into: into.values,
      lineStart,
      lines: Int32Array.from(lines),
    };
  }

  /** The graph that `toCompact` flattened. Throws when the arrays do not fit together (a damaged cache). */
  static fromCompact(compact: CompactGraph): ImportGraph {
    const graph = new ImportGraph();
    const names = compact.names === '' ? [] : compact.names.split('\0');
    const paths = compact.paths.split('\0');
    const size = names.length;
    const fits =
      paths.length === Math.max(size, 1) &&
      compact.external.length === size &&
      compact.parent.length === size &&
      [compact.childStart, compact.outStart, compact.intoStart].every((start) => start.length === size + 1) &&
      compact.childStart[size] === compact.children.length &&
      compact.outStart[size] === compact.out.length &&
      compact.intoStart[size] === compact.into.length &&
      compact.into.length === compact.out.length &&
      compact.lineStart.length === compact.out.length + 1 &&
      compact.lineStart[compact.out.length] === compact.lines.length;
    if (!fits) throw new Error('the compact graph is inconsistent');
    let edge = 0;
    for (let id = 0; id < size; id += 1) {
      const name = names[id]!;
      graph.names.push(name);
      graph.ids.set(name, id);
      graph.external.push(compact.external[id] === 1);
      graph.paths.push(paths[id] === '' ? undefined : paths[id]);
      const parent = compact.parent[id]!;
      if (parent < -1 || parent >= size) throw new Error('the compact graph is inconsistent');
      graph.parent.push(parent);
      const empty = compact.childStart[id] === compact.childStart[id + 1];
      graph.children.push(empty ? NO_CHILDREN : unflatten(compact.childStart, compact.children, id, size));
      graph.childByName.push(undefined);
      const out = unflatten(compact.outStart, compact.out, id, size);
      graph.out.push(out);
      graph.into.push(unflatten(compact.intoStart, compact.into, id, size));
      const lines = new Array<number | number[]>(out.length);
      for (let at = 0; at < out.length; at += 1, edge += 1) {
        const from = compact.lineStart[edge]!;
        const to = compact.lineStart[edge + 1]!;
        if (!(from < to)) throw new Error('the compact graph is inconsistent');
        lines[at] = to - from === 1 ? compact.lines[from]! : Array.from(compact.lines.subarray(from, to));
      }
      graph.outLines.push(lines);
    }
    // Children by name, once every name is known (a child may have a lower id than its parent).
    for (let id = 0; id < size; id += 1) {
      const children = graph.children[id]!;
      if (children.length === 0) continue;
      const byName = new Map<string, number>();
      for (const child of children) {
        const name = names[child]!;
        byName.set(name.slice(name.lastIndexOf('.') + 1), child);
      }
      graph.childByName[id] = byName;
    }
    graph.edgeCount = compact.out.length;
    return graph;
  }

  get size(): number {
    return this.names.length;
  }

  addModule(name: string, path: string | undefined, external = false): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    const id = this.names.length;
    this.names.push(name);
    this.ids.set(name, id);
    this.external.push(external);
    this.paths.push(path);
    this.children.push(NO_CHILDREN);
    this.childByName.push(undefined);
    this.out.push([]);
    this.into.push([]);
    this.outLines.push([]);
    const parent = this.parentByName(name);
    this.parent.push(parent);
    if (parent !== -1) this.adopt(parent, id);
    return id;
  }

  /** The id of the module `name` minus its last component, or -1. */
  private parentByName(name: string): number {
    const dot = name.lastIndexOf('.');
    if (dot === -1) return -1;
    const last = this.lastParentName;
    if (dot === last.length && this.lastParent !== -1 && name.startsWith(last)) return this.lastParent;
    const parentName = name.slice(0, dot);
    const parent = this.ids.get(parentName);
    if (parent === undefined) return -1;
    this.lastParentName = parentName;
    this.lastParent = parent;
    return parent;
  }

  /** Links modules whose parent was added after them (callers add in any order). */
  linkParents(): void {
    for (let id = 0; id < this.names.length; id += 1) {
      if (this.parent[id] !== -1) continue;
      const parent = this.parentByName(this.names[id]!);
      if (parent === -1) continue;
      this.parent[id] = parent;
      this.adopt(parent, id);
    }
  }

  private adopt(parent: number, child: number): void {
    if (this.children[parent] === NO_CHILDREN) this.children[parent] = [];
    this.children[parent]!.push(child);
    const name = this.names[child]!;
    (this.childByName[parent] ??= new Map()).set(name.slice(name.lastIndexOf('.') + 1), child);
  }

  /** Where `imported` is in out[importer], or -1. */
  private indexOfImport(importer: number, imported: number): number {
    if (imported < this.slot.length && this.slotOwner[imported] === importer + 1) {
      const at = this.slot[imported]!;
      if (this.out[importer]![at] === imported) return at;
    }
    return this.out[importer]!.indexOf(imported);
  }

  addImport(importer: number, imported: number, line: number): void {
    const targets = this.out[importer]!;
    const lines = this.outLines[importer]!;
    const at = targets.length === 0 ? -1 : this.indexOfImport(importer, imported);
    if (at !== -1) {
      const known = lines[at]!;
      if (typeof known === 'number') {
        if (known !== line) lines[at] = known < line ? [known, line] : [line, known];
      } else if (!known.includes(line)) {
        known.push(line);
        known.sort((a, b) => a - b);
      }
      return;
    }
    if (imported >= this.slot.length) {
      const size = Math.max(imported + 1, this.slot.length * 2);
      const slot = new Int32Array(size);
      slot.set(this.slot);
      this.slot = slot;
      const owner = new Int32Array(size);
      owner.set(this.slotOwner);
      this.slotOwner = owner;
    }
    this.slot[imported] = targets.length;
    this.slotOwner[imported] = importer + 1;
    targets.push(imported);
    lines.push(line);
    this.into[imported]!.push(importer);
    this.edgeCount += 1;
  }

  /** Removes every import of `importer` (before re-adding them from a re-scanned file). */
  clearImportsOf(importer: number): void {
    for (const imported of this.out[importer]!) {
      const importers = this.into[imported]!;
      importers.splice(importers.indexOf(importer), 1);
      this.edgeCount -= 1;
    }
    this.out[importer] = [];
    this.outLines[importer] = [];
  }

  hasImport(importer: number, imported: number): boolean {
    return this.out[importer] !== undefined && this.indexOfImport(importer, imported) !== -1;
  }

  lines(importer: number, imported: number): number[] {
    if (this.out[importer] === undefined) return [];
    const at = this.indexOfImport(importer, imported);
    if (at === -1) return [];
    const lines = this.outLines[importer]![at]!;
    return typeof lines === 'number' ? [lines] : lines;
  }

  /** Number of distinct importer → imported pairs. */
  countDependencies(): number {
    return this.edgeCount;
  }

  /** The module and, with asPackage, all its descendants (ids). */
  membersOf(id: number, asPackage = true): number[] {
    const members = [id];
    if (!asPackage) return members;
    for (let index = 0; index < members.length; index += 1) members.push(...this.children[members[index]!]!);
    return members;
  }

  descendantsOf(id: number): number[] {
    return this.membersOf(id).slice(1);
  }

  isWithin(id: number, ancestor: number): boolean {
    for (let at = id; at !== -1; at = this.parent[at]!) if (at === ancestor) return true;
    return false;
  }
}
