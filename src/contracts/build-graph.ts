// Discovered modules + scanned imports → the import graph, resolving each imported name the way
// grimp does: `a.b.c` is the module a.b.c if it exists, else its parent a.b if that exists (an
// attribute imported from a module); anything else is external: dropped, or squashed to its
// top-level package with include_external_packages.
import { CompactScans, decodeImport } from './compact-scans.ts';
import type { CompactWriter } from './compact-scans.ts';
import type { LinterConfig } from './config.ts';
import { utf8Source } from './decode.ts';
import { discoverModules } from './discover.ts';
import type { DiscoveredModule } from './discover.ts';
import { ImportGraph } from './graph.ts';
import { scanUtf8, scanUtf8Into } from './scan.ts';
import type { ScannedImport } from './scan.ts';

export type SourceFiles = Record<string, string | Uint8Array>;

/** Everything needed to re-resolve one module's imports later. */
export interface ProjectState {
  config: LinterConfig;
  graph: ImportGraph;
  modules: DiscoveredModule[];
  /** Module name by file path (internal modules only). */
  moduleOfPath: Map<string, string>;
  /** Scanned imports by file path. */
  scans: Map<string, ScannedImport[]>;
}

/**
 * The part of the configuration the graph depends on (what buildProject and addImportsOf read):
 * a graph cached under one key is the graph of the same files under any configuration with that key.
 */
export function graphKeyOf(config: LinterConfig): string {
  return JSON.stringify([config.rootPackages, config.includeExternalPackages, config.excludeTypeCheckingImports]);
}

/** Decodes (PEP 263) and scans one file. Throws ContractsError (SourceSyntaxError) on bad syntax. */
export function scanSource(path: string, source: string | Uint8Array): ScannedImport[] {
  return scanUtf8(path, utf8Source(path, source));
}

/** scanSource, appending the imports to `writer` (compact-scans.ts); nothing appended when it throws. */
export function scanSourceInto(path: string, source: string | Uint8Array, writer: CompactWriter): void {
  scanUtf8Into(path, utf8Source(path, source), writer);
}

/**
 * The package a relative import starts from: the importer's ancestor `level` dots up (a package is
 * its own first level). Found through parent ids, so the name is the graph's own string; a root
 * package's ancestors are not modules, so above it the name is cut (undefined beyond the top).
 */
function relativeBase(graph: ImportGraph, importer: number, isPackage: boolean, level: number): string | undefined {
  let id = importer;
  let strip = isPackage ? level - 1 : level;
  for (; strip > 0 && graph.parent[id] !== -1; strip -= 1) id = graph.parent[id]!;
  const name = graph.names[id]!;
  let end = name.length;
  for (; strip > 0; strip -= 1) {
    end = name.lastIndexOf('.', end - 1);
    if (end === -1) return undefined; // beyond the top-level package
  }
  return end === name.length ? name : name.slice(0, end);
}

/** The module an external name is squashed to, or undefined for a namespace parent of a root package. */
function externalPackage(config: LinterConfig, name: string): string | undefined {
  if (config.rootPackages.some((root) => root.startsWith(`${name}.`))) return undefined;
  const dot = name.indexOf('.');
  return dot === -1 ? name : name.slice(0, dot);
}

/**
 * An import of `name`, not an internal module: dropped, or squashed to its top-level package with
 * include_external_packages. False when that package is new and `allowNewExternals` is false.
 */
function addExternal(
  state: ProjectState,
  importer: number,
  name: string,
  line: number,
  allowNewExternals: boolean,
): boolean {
  const { graph, config } = state;
  if (!config.includeExternalPackages) return true;
  const squashed = externalPackage(config, name);
  if (squashed === undefined) return true;
  let imported = graph.ids.get(squashed);
  if (imported === undefined) {
    if (!allowNewExternals) return false;
    imported = graph.addModule(squashed, undefined, true);
  }
  graph.addImport(importer, imported, line);
  return true;
}

/**
 * Adds the imports of one internal module to the graph. `from X import n` is X.n when that module
 * exists, else X (n is an attribute); `import X` is X, else its parent. Works on module ids and
 * child tables, so most imports resolve without building a dotted name.
 */
export function addImportsOf(
  state: ProjectState,
  importer: number,
  imports: ScannedImport[],
  allowNewExternals = true,
): boolean {
  const { graph, config } = state;
  const isPackage = graph.paths[importer]!.endsWith('__init__.py');
  const internal = (id: number | undefined) => (id !== undefined && !graph.external[id] ? id : undefined);
  const add = (name: string, line: number) => addExternal(state, importer, name, line, allowNewExternals);
  for (const scanned of imports) {
    if (scanned.typeChecking && config.excludeTypeCheckingImports) continue;
    let base: string | undefined = scanned.module;
    if (scanned.level > 0) {
      const start = relativeBase(graph, importer, isPackage, scanned.level);
      if (start === undefined) continue;
      base = scanned.module ? `${start}.${scanned.module}` : start;
    }
    if (scanned.names === null) {
      const id = internal(graph.ids.get(base));
      if (id !== undefined) graph.addImport(importer, id, scanned.line);
      else {
        const dot = base.lastIndexOf('.');
        const parent = dot === -1 ? undefined : internal(graph.ids.get(base.slice(0, dot)));
        if (parent !== undefined) graph.addImport(importer, parent, scanned.line);
        else if (!add(base, scanned.line)) return false;
      }
      continue;
    }
    const baseId = internal(graph.ids.get(base));
    for (const name of scanned.names) {
      if (baseId !== undefined) {
        const child = internal(graph.childByName[baseId]?.get(name));
        graph.addImport(importer, child ?? baseId, scanned.line);
      } else if (config.includeExternalPackages && !add(`${base}.${name}`, scanned.line)) return false;
    }
  }
  return true;
}

/**
 * Discovers the modules, scans every file (reusing `previousScans` for unchanged sources; a path
 * there needs no entry in `files`) and builds the import graph. Without `incremental` (a one-off
 * analysis), the scans and the path → module map that later updates need are not kept.
 */
export function buildProject(
  files: SourceFiles,
  config: LinterConfig,
  previousScans?: Map<string, ScannedImport[]>,
  incremental = true,
): ProjectState {
  const graph = new ImportGraph();
  const paths = Object.keys(files);
  // A scanned file is part of the project even when `files` does not hold its text.
  if (previousScans) {
    const listed = new Set(paths);
    for (const path of previousScans.keys()) if (!listed.has(path)) paths.push(path);
  }
  const modules = discoverModules(paths, config.rootPackages).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const state: ProjectState = {
    config,
    graph,
    modules,
    moduleOfPath: new Map(),
    scans: new Map(),
  };
  const ids = modules.map(({ name, path }) => graph.addModule(name, path));
  if (incremental) for (const { name, path } of modules) state.moduleOfPath.set(path, name);
  graph.linkParents();
  // A one-off analysis reads compact scans as they are (no object per import).
  const compact =
    !incremental && previousScans instanceof CompactScans ? new CompactResolver(state, previousScans) : undefined;
  modules.forEach(({ path }, index) => {
    if (compact?.addImportsOf(ids[index]!, path)) return;
    const imports = previousScans?.get(path) ?? scanSource(path, files[path]!);
    if (incremental) state.scans.set(path, imports);
    addImportsOf(state, ids[index]!, imports);
  });
  return state;
}

/** Not resolved yet, in CompactResolver's tables. */
const UNRESOLVED = -2;
/** Not an internal module. */
const NOT_INTERNAL = -1;

/**
 * addImportsOf over CompactScans' encoded entries, with the same result: each distinct string of a
 * report is resolved to an internal module once (`import X`: X, else its parent; `from X import`:
 * X; `from .X import`: per ancestor), and only relative imports that reach above the root package
 * go through addImportsOf, one at a time.
 */
class CompactResolver {
  private readonly state: ProjectState;
  private readonly scans: CompactScans;
  /** Per report, per string: the module `import <string>` adds, or NOT_INTERNAL. */
  private readonly plain: Int32Array[] = [];
  /** Per report, per string: the internal module of that name, or NOT_INTERNAL. */
  private readonly exact: Int32Array[] = [];
  /** Per report: the internal module `<ancestor>.<string>`, or NOT_INTERNAL, by ancestor * strings + string. */
  private readonly relative: Map<number, number>[] = [];

  constructor(state: ProjectState, scans: CompactScans) {
    this.state = state;
    this.scans = scans;
    for (let report = 0; report < scans.reportCount; report += 1) {
      const size = scans.report(report).strings.length;
      this.plain.push(new Int32Array(size).fill(UNRESOLVED));
      this.exact.push(new Int32Array(size).fill(UNRESOLVED));
      this.relative.push(new Map());
    }
  }

  private internal(name: string): number {
    const { graph } = this.state;
    const id = graph.ids.get(name);
    return id !== undefined && !graph.external[id] ? id : NOT_INTERNAL;
  }

  /** Adds the imports of `importer` from the entry of `path`; false when that entry is not encoded. */
  addImportsOf(importer: number, path: string): boolean {
    const entry = this.scans.encodedEntry(path);
    if (entry === undefined) return false;
    const { graph, config } = this.state;
    const { data, strings } = this.scans.report(entry.report);
    const plain = this.plain[entry.report]!;
    const exact = this.exact[entry.report]!;
    const relative = this.relative[entry.report]!;
    let isPackage: boolean | undefined;
    const skipTypeChecking = config.excludeTypeCheckingImports;
    const externals = config.includeExternalPackages;
    let at = entry.at;
    const total = data[at++]!;
    for (let found = 0; found < total; found += 1) {
      const line = data[at++]!;
      const flags = data[at++]!;
      const module = data[at++]!;
      const nameCount = data[at++]!;
      const namesAt = at;
      if (nameCount > 0) at += nameCount;
      if ((flags & 1) === 1 && skipTypeChecking) continue;
      const level = flags >>> 1;
      let baseId: number;
      let ancestor: number | undefined;
      if (level > 0) {
        // Relative (always `from … import`): the base is the importer's ancestor `level` dots up
        // (relativeBase), then the module under it; resolved as addImportsOf does.
        isPackage ??= graph.paths[importer]!.endsWith('__init__.py');
        ancestor = importer;
        let strip = isPackage ? level - 1 : level;
        for (; strip > 0 && graph.parent[ancestor] !== -1; strip -= 1) ancestor = graph.parent[ancestor]!;
        if (strip > 0) {
          // Above the root package: the name is cut, or there is no base at all.
          this.addOne(importer, data, strings, namesAt - 4);
          continue;
        }
        const name = strings[module]!;
        if (name === '') baseId = ancestor;
        else {
          const key = ancestor * strings.length + module;
          let known = relative.get(key);
          if (known === undefined) {
            known = this.internal(`${graph.names[ancestor]!}.${name}`);
            relative.set(key, known);
          }
          baseId = known;
        }
      } else if (nameCount < 0) {
        let id = plain[module]!;
        if (id === UNRESOLVED) {
          const base = strings[module]!;
          id = this.internal(base);
          const dot = base.lastIndexOf('.');
          if (id === NOT_INTERNAL && dot !== -1) id = this.internal(base.slice(0, dot));
          plain[module] = id;
        }
        if (id !== NOT_INTERNAL) graph.addImport(importer, id, line);
        else if (externals) addExternal(this.state, importer, strings[module]!, line, true);
        continue;
      } else {
        baseId = exact[module]!;
        if (baseId === UNRESOLVED) {
          baseId = this.internal(strings[module]!);
          exact[module] = baseId;
        }
      }
      if (baseId === NOT_INTERNAL) {
        if (!externals) continue;
        const base = level > 0 ? `${graph.names[ancestor!]!}.${strings[module]!}` : strings[module]!;
        for (let name = namesAt; name < at; name += 1) {
          addExternal(this.state, importer, `${base}.${strings[data[name]!]!}`, line, true);
        }
        continue;
      }
      const children = graph.childByName[baseId];
      for (let name = namesAt; name < at; name += 1) {
        const child = children?.get(strings[data[name]!]!);
        graph.addImport(importer, child !== undefined && !graph.external[child] ? child : baseId, line);
      }
    }
    return true;
  }

  /** The one import whose record starts at `at`, through addImportsOf (relative and external ones). */
  private addOne(importer: number, data: Int32Array, strings: string[], at: number): void {
    addImportsOf(this.state, importer, [decodeImport(data, strings, at)]);
  }
}
