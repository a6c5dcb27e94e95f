// Pure mapping for the import graph view: graph data → ELK's layered input (each band a partition,
// so bands stack top to bottom), and ELK's answer → a drawing model (bands, boxes, arrow paths) the
// view turns into SVG. No DOM here, so it runs under vitest in Node.
import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api.js';
import type { Diagnostic, GraphBand, ImportGraphData } from '../types.ts';

export const NODE_HEIGHT = 30;
/** Module names are drawn in a 12px monospace font: about 0.6em per character, rounded up. */
export const MONO_CHAR_WIDTH = 7.4;
const NODE_PADDING = 24;
/** Band labels use the body font at 12px, which is narrower than the monospace one. */
const LABEL_CHAR_WIDTH = 7;
export const LABEL_LINE_HEIGHT = 16;
const LABEL_MAX_CHARS = 30;
const GUTTER_PADDING = 24;
const PLACEHOLDER = 'no modules';
export const NETWORK_SIMPLEX_MAX_NODES = 30;

export interface GraphNodeModel {
  /** Full dotted name; `label` is its shortest unambiguous tail (see shortNames). */
  name: string;
  label: string;
  path: string | null;
  band: number;
  kind: 'module' | 'external' | 'placeholder';
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdgeModel {
  importer: string;
  imported: string;
  lines: number[];
  illegal: boolean;
  /** SVG path data, in the drawing's coordinates. */
  d: string;
}

export interface GraphBandModel extends GraphBand {
  index: number;
  y: number;
  height: number;
  /** The label broken at its `|` / `:` separators and shortened to fit the gutter. */
  labelLines: string[];
}

export interface GraphModel {
  width: number;
  height: number;
  /** Width of the band labels' column on the left; the boxes start right of it. */
  gutter: number;
  bands: GraphBandModel[];
  nodes: GraphNodeModel[];
  edges: GraphEdgeModel[];
}

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.partitioning.activate': 'true',
  // Unconnected modules must still sit in their band: lay everything out as one component.
  'elk.separateConnectedComponents': 'false',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '20',
  'elk.spacing.edgeNode': '12',
  'elk.spacing.edgeEdge': '8',
  'elk.layered.spacing.nodeNodeBetweenLayers': '46',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
  // Keep boxes in the order they come (by name) where crossings allow: a layout that barely moves
  // between keystrokes.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.padding': '[top=18,left=12,bottom=18,right=18]',
};

export const importKey = (importer: string, imported: string): string => `${importer} ${imported}`;

/** `reports.summary` → `summary` when `reports` is the only root package; full names otherwise. */
export function displayName(name: string, rootPackages: string[]): string {
  const [root] = rootPackages;
  if (rootPackages.length !== 1 || !root || !name.startsWith(`${root}.`)) return name;
  return name.slice(root.length + 1);
}

export function nodeWidth(label: string): number {
  return Math.ceil(Math.max(56, label.length * MONO_CHAR_WIDTH + NODE_PADDING));
}

/**
 * Box labels: the shortest tail of each dotted name that no other module's name ends with
 * (`summary` for reports.summary, `api.routes` when web.routes exists too). The band says which
 * layer a box is in, and the full name is in its tooltip and in the text alternative.
 */
export function shortNames(names: string[]): Map<string, string> {
  const parts = names.map((name) => name.split('.'));
  const endsWith = (other: string[], tail: string[]) =>
    other.length >= tail.length && tail.every((part, index) => other[other.length - tail.length + index] === part);
  const labels = new Map<string, string>();
  parts.forEach((own, index) => {
    let size = 1;
    while (size < own.length && parts.some((other, at) => at !== index && endsWith(other, own.slice(-size)))) size += 1;
    labels.set(names[index]!, own.slice(-size).join('.'));
  });
  return labels;
}

const nodeId = (name: string) => `m:${name}`;
const placeholderId = (band: number) => `band:${band}`;

/** ELK's input: one box per module (and a placeholder for an empty layer), one edge per import. */
export function toElkGraph(data: ImportGraphData): ElkNode {
  const partition = (band: number) => ({ 'elk.partitioning.partition': String(band) });
  const modules = [...data.modules].sort((a, b) => a.band - b.band || (a.name < b.name ? -1 : 1));
  const labels = shortNames(modules.map((module) => module.name));
  const children: ElkNode[] = modules.map((module) => ({
    id: nodeId(module.name),
    width: nodeWidth(labels.get(module.name)!),
    height: NODE_HEIGHT,
    layoutOptions: partition(module.band),
  }));
  data.bands.forEach((band, index) => {
    if (band.kind === 'layer' && !data.modules.some((module) => module.band === index)) {
      children.push({
        id: placeholderId(index),
        width: nodeWidth(PLACEHOLDER),
        height: NODE_HEIGHT,
        layoutOptions: partition(index),
      });
    }
  });
  const known = new Set(data.modules.map((module) => module.name));
  const edges: ElkExtendedEdge[] = data.imports
    .filter((link) => known.has(link.importer) && known.has(link.imported))
    .map((link, index) => ({ id: `e${index}`, sources: [nodeId(link.importer)], targets: [nodeId(link.imported)] }));
  // Network simplex places boxes most compactly (at 50 modules, a quarter narrower than linear
  // segments and a third narrower than Brandes-Köpf) but takes over a second there, against
  // about 0.15 s for linear segments, which draws almost as well: keep it for smaller graphs.
  const placement = children.length <= NETWORK_SIMPLEX_MAX_NODES ? 'NETWORK_SIMPLEX' : 'LINEAR_SEGMENTS';
  return {
    id: 'root',
    layoutOptions: { ...LAYOUT_OPTIONS, 'elk.layered.nodePlacement.strategy': placement },
    children,
    edges,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** An orthogonal route with its corners rounded (radius shrinks on short segments). */
export function roundedPath(points: ElkPoint[], radius = 6): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M ${round(first.x)} ${round(first.y)}`;
  for (let index = 0; index < rest.length; index += 1) {
    const corner = rest[index]!;
    const next = rest[index + 1];
    if (!next) {
      d += ` L ${round(corner.x)} ${round(corner.y)}`;
      break;
    }
    const previous = index === 0 ? first : rest[index - 1]!;
    const before = Math.hypot(corner.x - previous.x, corner.y - previous.y);
    const after = Math.hypot(next.x - corner.x, next.y - corner.y);
    const r = Math.min(radius, before / 2, after / 2);
    if (r <= 0 || before === 0 || after === 0) {
      d += ` L ${round(corner.x)} ${round(corner.y)}`;
      continue;
    }
    const inX = corner.x - ((corner.x - previous.x) / before) * r;
    const inY = corner.y - ((corner.y - previous.y) / before) * r;
    const outX = corner.x + ((next.x - corner.x) / after) * r;
    const outY = corner.y + ((next.y - corner.y) / after) * r;
    d += ` L ${round(inX)} ${round(inY)} Q ${round(corner.x)} ${round(corner.y)} ${round(outX)} ${round(outY)}`;
  }
  return d;
}

function labelLines(band: GraphBand, rootPackages: string[]): string[] {
  const separator = band.label.includes(' | ') ? ' | ' : band.label.includes(' : ') ? ' : ' : undefined;
  const parts = separator ? band.label.split(separator) : [band.label];
  return parts.map((part, index) => {
    const text = band.kind === 'layer' ? displayName(part, rootPackages) : part;
    const line = index < parts.length - 1 ? `${text}${separator!.trimEnd()}` : text;
    return line.length > LABEL_MAX_CHARS ? `…${line.slice(line.length - LABEL_MAX_CHARS + 1)}` : line;
  });
}

/**
 * ELK's layout → the drawing: boxes shifted right of the band labels, each band spanning from
 * halfway to the band above to halfway to the band below, arrows as rounded orthogonal paths.
 */
export function toGraphModel(data: ImportGraphData, layout: ElkNode, diagnostics: Diagnostic[]): GraphModel {
  const bandLines = data.bands.map((band) => labelLines(band, data.rootPackages));
  const widest = Math.max(0, ...bandLines.flat().map((line) => line.length));
  const gutter = Math.ceil(widest * LABEL_CHAR_WIDTH + GUTTER_PADDING);
  const byId = new Map((layout.children ?? []).map((child) => [child.id, child]));
  const nodes: GraphNodeModel[] = [];
  const place = (id: string, fields: Omit<GraphNodeModel, 'x' | 'y' | 'width' | 'height'>) => {
    const box = byId.get(id);
    if (!box) return;
    nodes.push({
      ...fields,
      x: round((box.x ?? 0) + gutter),
      y: round(box.y ?? 0),
      width: box.width ?? 0,
      height: box.height ?? NODE_HEIGHT,
    });
  };
  const labels = shortNames(data.modules.map((module) => module.name));
  for (const module of data.modules) {
    place(nodeId(module.name), {
      name: module.name,
      label: labels.get(module.name)!,
      path: module.path,
      band: module.band,
      kind: module.path === null ? 'external' : 'module',
    });
  }
  data.bands.forEach((_, index) =>
    place(placeholderId(index), { name: '', label: PLACEHOLDER, path: null, band: index, kind: 'placeholder' }),
  );
  const height = round(layout.height ?? 0);
  const width = round((layout.width ?? 0) + gutter);
  const extents = data.bands.map((_, index) => {
    const inBand = nodes.filter((node) => node.band === index);
    return {
      top: Math.min(...inBand.map((node) => node.y)),
      bottom: Math.max(...inBand.map((node) => node.y + node.height)),
    };
  });
  const bands: GraphBandModel[] = data.bands.map((band, index) => {
    const top = index === 0 ? 0 : (extents[index - 1]!.bottom + extents[index]!.top) / 2;
    const bottom = index === data.bands.length - 1 ? height : (extents[index]!.bottom + extents[index + 1]!.top) / 2;
    return { ...band, index, y: round(top), height: round(bottom - top), labelLines: bandLines[index]! };
  });
  const illegal = new Set(diagnostics.map((diagnostic) => importKey(diagnostic.importer, diagnostic.imported)));
  const routes = new Map((layout.edges ?? []).map((edge) => [edge.id, edge]));
  const known = new Set(data.modules.map((module) => module.name));
  const edges = data.imports
    .filter((link) => known.has(link.importer) && known.has(link.imported))
    .map((link, index): GraphEdgeModel => {
      const sections = routes.get(`e${index}`)?.sections ?? [];
      const points = sections.flatMap((section) => [
        section.startPoint,
        ...(section.bendPoints ?? []),
        section.endPoint,
      ]);
      return {
        ...link,
        illegal: illegal.has(importKey(link.importer, link.imported)),
        d: roundedPath(points.map((point) => ({ x: point.x + gutter, y: point.y }))),
      };
    });
  // Illegal arrows last, so they are drawn over the legal ones they cross.
  edges.sort((a, b) => Number(a.illegal) - Number(b.illegal));
  return { width, height, gutter, bands, nodes, edges };
}
