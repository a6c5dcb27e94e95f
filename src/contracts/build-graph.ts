import { decodeSource } from './decode.ts';
import { discoverModules } from './discover.ts';
import { ImportGraph } from './graph.ts';
import { scanImports } from './scan.ts';
import type { ScannedImport } from './scan.ts';
import type { LinterConfig } from './config.ts';

export type SourceFiles = Record<string, string | Uint8Array>;

/** The graph plus what is needed to re-scan one file later. */
export interface GraphState {
  graph: ImportGraph;
  config: LinterConfig;
  roots: Set<string>;
  /** Internal module names by file path. */
  moduleOfPath: Map<string, string>;
  packages: Set<string>;
}

function resolveBase(state: GraphState, module: string, imported: ScannedImport): string | undefined {
  if (imported.level === 0) return imported.module;
  const parts = module.split('.');
  if (!state.packages.has(module)) parts.pop();
  for (let up = 1; up < imported.level; up += 1) {
    if (parts.length === 0) return undefined;
    parts.pop();
  }
  if (parts.length === 0) return undefined; // beyond the top-level package
  return imported.module ? `${parts.join('.')}.${imported.module}` : parts.join('.');
}

/** The nearest module that exists: `a.b.c` → `a.b` when `a.b.c` is an attribute, not a module. */
function nearestModule(state: GraphState, name: string): string | undefined {
  let candidate = name;
  for (;;) {
    const id = state.graph.ids.get(candidate);
    if (id !== undefined && !state.graph.external[id]) return candidate;
    const dot = candidate.lastIndexOf('.');
    if (dot === -1) return undefined;
    candidate = candidate.slice(0, dot);
  }
}

/** Adds the imports of one internal module (already in the graph) to the graph. */
export function addImportsOf(state: GraphState, module: string, path: string, source: string | Uint8Array): void {
  const { graph, config } = state;
  const importer = graph.ids.get(module)!;
  for (const imported of scanImports(path, decodeSource(path, source))) {
    if (imported.typeChecking && config.excludeTypeCheckingImports) continue;
    const base = resolveBase(state, module, imported);
    if (base === undefined) continue;
    const targets: string[] = [];
    const top = base.split('.')[0]!;
    if (state.roots.has(top) || [...state.roots].some((root) => base === root || base.startsWith(`${root}.`))) {
      if (imported.names === null) {
        const found = nearestModule(state, base);
        if (found) targets.push(found);
      } else {
        for (const name of imported.names) {
          const child = `${base}.${name}`;
          const id = name === '*' ? undefined : graph.ids.get(child);
          const found = id !== undefined && !graph.external[id] ? child : nearestModule(state, base);
          if (found) targets.push(found);
        }
      }
    } else if (config.includeExternalPackages) {
      targets.push(top);
    } else {
      continue;
    }
    for (const target of targets) {
      if (target === module) continue;
      const id = graph.ids.get(target) ?? graph.addModule(target, undefined, true);
      graph.addImport(importer, id, imported.line);
    }
  }
}

/** Discovers the modules, scans every file and builds the import graph. */
export function buildGraph(files: SourceFiles, config: LinterConfig): GraphState {
  const graph = new ImportGraph();
  const modules = discoverModules(Object.keys(files), config.rootPackages);
  const state: GraphState = {
    graph,
    config,
    roots: new Set(config.rootPackages),
    moduleOfPath: new Map(),
    packages: new Set(),
  };
  for (const { name, path } of modules) {
    graph.addModule(name, path);
    state.moduleOfPath.set(path, name);
    if (path.endsWith('/__init__.py')) state.packages.add(name);
  }
  for (const { name, path } of modules) addImportsOf(state, name, path, files[path]!);
  return state;
}
