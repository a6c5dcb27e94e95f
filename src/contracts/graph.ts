// The import graph: modules as integer ids with a parent/children tree, adjacency arrays in both
// directions and the line numbers of each import. Contracts never mutate it: the imports a contract
// ignores travel alongside as a set of edge keys.

/** Edge identity for sets and maps: importer and imported ids packed into one safe integer. */
export const edgeKey = (importer: number, imported: number): number => importer * 0x200000 + imported;

export class ImportGraph {
  readonly names: string[] = [];
  readonly ids = new Map<string, number>();
  /** Squashed external packages (include_external_packages). */
  readonly external: boolean[] = [];
  readonly paths: (string | undefined)[] = [];
  readonly parent: number[] = [];
  readonly children: number[][] = [];
  /** Children by their last name component: childByName[parent].get('views'). */
  readonly childByName: Map<string, number>[] = [];
  /** out[i]: ids that module i imports; into[i]: ids that import module i. */
  readonly out: number[][] = [];
  readonly into: number[][] = [];
  /** Line numbers (ascending, distinct) of each import: lineNumbers[importer].get(imported). */
  readonly lineNumbers: Map<number, number[]>[] = [];
  private edgeCount = 0;

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
    this.children.push([]);
    this.childByName.push(new Map());
    this.out.push([]);
    this.into.push([]);
    this.lineNumbers.push(new Map());
    const dot = name.lastIndexOf('.');
    const parent = dot === -1 ? undefined : this.ids.get(name.slice(0, dot));
    this.parent.push(parent ?? -1);
    if (parent !== undefined) this.adopt(parent, id);
    return id;
  }

  /** Links modules whose parent was added after them (callers add in any order). */
  linkParents(): void {
    for (let id = 0; id < this.names.length; id += 1) {
      if (this.parent[id] !== -1) continue;
      const name = this.names[id]!;
      const dot = name.lastIndexOf('.');
      if (dot === -1) continue;
      const parent = this.ids.get(name.slice(0, dot));
      if (parent === undefined) continue;
      this.parent[id] = parent;
      this.adopt(parent, id);
    }
  }

  private adopt(parent: number, child: number): void {
    this.children[parent]!.push(child);
    const name = this.names[child]!;
    this.childByName[parent]!.set(name.slice(name.lastIndexOf('.') + 1), child);
  }

  addImport(importer: number, imported: number, line: number): void {
    const byImported = this.lineNumbers[importer]!;
    const lines = byImported.get(imported);
    if (lines) {
      if (!lines.includes(line)) {
        lines.push(line);
        lines.sort((a, b) => a - b);
      }
      return;
    }
    byImported.set(imported, [line]);
    this.out[importer]!.push(imported);
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
    this.lineNumbers[importer]!.clear();
  }

  hasImport(importer: number, imported: number): boolean {
    return this.lineNumbers[importer]!.has(imported);
  }

  lines(importer: number, imported: number): number[] {
    return this.lineNumbers[importer]?.get(imported) ?? [];
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
