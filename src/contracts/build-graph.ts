// Discovered modules + scanned imports → the import graph, resolving each imported name the way
// grimp does: `a.b.c` is the module a.b.c if it exists, else its parent a.b if that exists (an
// attribute imported from a module); anything else is external: dropped, or squashed to its
// top-level package with include_external_packages.
import type { LinterConfig } from './config.ts';
import { decodeSource } from './decode.ts';
import { discoverModules } from './discover.ts';
import type { DiscoveredModule } from './discover.ts';
import { ImportGraph } from './graph.ts';
import { scanImports } from './scan.ts';
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
  /** Internal module (or -1) by absolute imported name: most names are imported many times. */
  resolved: Map<string, number>;
}

/** Decodes (PEP 263) and scans one file. Throws ContractsError (SourceSyntaxError) on bad syntax. */
export function scanSource(path: string, source: string | Uint8Array): ScannedImport[] {
  return scanImports(path, decodeSource(path, source));
}

function absoluteName(module: string, isPackage: boolean, level: number, rest: string): string | undefined {
  if (level === 0) return rest;
  const parts = module.split('.');
  const keep = isPackage ? parts.length - level + 1 : parts.length - level;
  if (keep <= 0) return undefined; // beyond the top-level package
  const base = parts.slice(0, keep).join('.');
  return rest ? `${base}.${rest}` : base;
}

function internalModule(graph: ImportGraph, name: string): number | undefined {
  const id = graph.ids.get(name);
  if (id !== undefined && !graph.external[id]) return id;
  const dot = name.lastIndexOf('.');
  if (dot === -1) return undefined;
  const parent = graph.ids.get(name.slice(0, dot));
  return parent !== undefined && !graph.external[parent] ? parent : undefined;
}

/** The module an external name is squashed to, or undefined for a namespace parent of a root package. */
function externalPackage(config: LinterConfig, name: string): string | undefined {
  if (config.rootPackages.some((root) => root.startsWith(`${name}.`))) return undefined;
  const dot = name.indexOf('.');
  return dot === -1 ? name : name.slice(0, dot);
}

/** Names a statement imports, as grimp sees them: `import a.b` → a.b; `from a import b, c` → a.b, a.c. */
function importedNames(scanned: ScannedImport): string[] {
  if (scanned.names === null) return [scanned.module];
  return scanned.names.map((name) => (scanned.module ? `${scanned.module}.${name}` : name));
}

/** Adds the imports of one internal module to the graph. Returns false if it would add an external module. */
export function addImportsOf(
  state: ProjectState,
  importer: number,
  imports: ScannedImport[],
  allowNewExternals = true,
): boolean {
  const { graph, config, resolved } = state;
  const module = graph.names[importer]!;
  const isPackage = graph.paths[importer]!.endsWith('__init__.py');
  for (const scanned of imports) {
    if (scanned.typeChecking && config.excludeTypeCheckingImports) continue;
    for (const rest of importedNames(scanned)) {
      const name = absoluteName(module, isPackage, scanned.level, rest);
      if (name === undefined) continue;
      let imported = resolved.get(name);
      if (imported === undefined) {
        imported = internalModule(graph, name) ?? -1;
        resolved.set(name, imported);
      }
      if (imported === -1) {
        if (!config.includeExternalPackages) continue;
        const squashed = externalPackage(config, name);
        if (squashed === undefined) continue;
        imported = graph.ids.get(squashed);
        if (imported === undefined) {
          if (!allowNewExternals) return false;
          imported = graph.addModule(squashed, undefined, true);
        }
      }
      graph.addImport(importer, imported, scanned.line);
    }
  }
  return true;
}

/**
 * Discovers the modules, scans every file (reusing `previousScans` for unchanged sources) and builds
 * the import graph.
 */
export function buildProject(
  files: SourceFiles,
  config: LinterConfig,
  previousScans?: Map<string, ScannedImport[]>,
): ProjectState {
  const graph = new ImportGraph();
  const modules = discoverModules(Object.keys(files), config.rootPackages).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const state: ProjectState = {
    config,
    graph,
    modules,
    moduleOfPath: new Map(),
    scans: new Map(),
    resolved: new Map(),
  };
  for (const { name, path } of modules) {
    graph.addModule(name, path);
    state.moduleOfPath.set(path, name);
  }
  graph.linkParents();
  for (const { name, path } of modules) {
    const imports = previousScans?.get(path) ?? scanSource(path, files[path]!);
    state.scans.set(path, imports);
    addImportsOf(state, graph.ids.get(name)!, imports);
  }
  return state;
}
