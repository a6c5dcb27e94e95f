// The import graph: modules as integer ids, one adjacency map per module with the line numbers
// of each import, a reverse index, and the shortest-path search the contracts use.

export class ImportGraph {
  readonly names: string[] = [];
  readonly ids = new Map<string, number>();
  readonly external: boolean[] = [];
  readonly paths: (string | undefined)[] = [];
  /** out[i]: imported id → line numbers (ascending). */
  readonly out: Map<number, number[]>[] = [];
  readonly in: Set<number>[] = [];

  addModule(name: string, path: string | undefined, external = false): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    const id = this.names.length;
    this.names.push(name);
    this.ids.set(name, id);
    this.external.push(external);
    this.paths.push(path);
    this.out.push(new Map());
    this.in.push(new Set());
    return id;
  }

  addImport(importer: number, imported: number, line: number): void {
    const lines = this.out[importer]!.get(imported);
    if (lines) {
      if (!lines.includes(line)) {
        lines.push(line);
        lines.sort((a, b) => a - b);
      }
    } else {
      this.out[importer]!.set(imported, [line]);
      this.in[imported]!.add(importer);
    }
  }

  clearImportsOf(importer: number): void {
    for (const imported of this.out[importer]!.keys()) this.in[imported]!.delete(importer);
    this.out[importer]!.clear();
  }

  lines(importer: number, imported: number): number[] {
    return this.out[importer]?.get(imported) ?? [];
  }

  /** Number of distinct importer → imported pairs. */
  countDependencies(): number {
    let total = 0;
    for (const edges of this.out) total += edges.size;
    return total;
  }

  /** The module and all its descendants (ids). */
  membersOf(name: string, asPackage = true): number[] {
    const own = this.ids.get(name);
    if (!asPackage) return own === undefined ? [] : [own];
    const prefix = `${name}.`;
    const members: number[] = [];
    this.names.forEach((candidate, id) => {
      if (id === own || candidate.startsWith(prefix)) members.push(id);
    });
    return members;
  }
}

/** Marks of edges and nodes a search must not use. */
export interface SearchLimits {
  blockedNodes?: Uint8Array;
  removedEdges?: Set<number>;
}

export const edgeKey = (graph: ImportGraph, importer: number, imported: number): number =>
  importer * graph.names.length + imported;

/**
 * Breadth-first search from every source at once to the nearest target: returns one shortest path
 * (as ids, source first) or undefined. Sources and targets must not overlap.
 */
export function shortestPath(
  graph: ImportGraph,
  sources: number[],
  targets: Uint8Array,
  limits: SearchLimits = {},
): number[] | undefined {
  const size = graph.names.length;
  const previous = new Int32Array(size).fill(-2);
  const queue = new Int32Array(size);
  let head = 0;
  let tail = 0;
  for (const source of sources) {
    if (previous[source] !== -2 || limits.blockedNodes?.[source]) continue;
    previous[source] = -1;
    queue[tail++] = source;
  }
  while (head < tail) {
    const node = queue[head++]!;
    for (const next of graph.out[node]!.keys()) {
      if (previous[next] !== -2 || limits.blockedNodes?.[next]) continue;
      if (limits.removedEdges?.has(node * size + next)) continue;
      previous[next] = node;
      if (targets[next]) {
        const path = [next];
        let step = node;
        while (step !== -1) {
          path.push(step);
          step = previous[step]!;
        }
        return path.reverse();
      }
      queue[tail++] = next;
    }
  }
  return undefined;
}
