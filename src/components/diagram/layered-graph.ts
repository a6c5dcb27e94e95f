// Build-time layout for <ImportGraph>: layers as horizontal bands (top layer first), modules as
// boxes spread across their band, imports as arrows. An import into a higher band is illegal.

export interface LayerSpec {
  name?: string;
  modules: string[];
}

export interface PlacedModule {
  name: string;
  layer: number;
  x: number;
  y: number;
  width: number;
}

export interface PlacedImport {
  from: string;
  to: string;
  illegal: boolean;
  path: string;
}

export interface GraphLayout {
  width: number;
  height: number;
  bands: { name: string | undefined; y: number; height: number }[];
  modules: PlacedModule[];
  imports: PlacedImport[];
}

export const BOX_HEIGHT = 30;
const BAND_HEIGHT = 86;
const WIDTH = 680;
const LABEL_WIDTH = 110;
const CHAR_WIDTH = 7.8;

/** Parses "a -> b" into a pair; throws naming the bad entry. */
export function parseImport(entry: string): [string, string] {
  const parts = entry.split('->').map((part) => part.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new Error(`ImportGraph: import "${entry}" must look like "importer -> imported"`);
  }
  return [parts[0], parts[1]];
}

export function layoutLayeredGraph(layers: LayerSpec[], imports: string[]): GraphLayout {
  const bandsSpec = layers.length > 0 ? layers : [{ modules: [] }];
  const hasLabels = bandsSpec.some((band) => band.name);
  const left = hasLabels ? LABEL_WIDTH : 10;
  const modules: PlacedModule[] = [];
  const byName = new Map<string, PlacedModule>();
  const bands = bandsSpec.map((band, layer) => {
    const y = layer * BAND_HEIGHT;
    const slot = (WIDTH - left - 10) / Math.max(band.modules.length, 1);
    band.modules.forEach((name, index) => {
      if (byName.has(name)) throw new Error(`ImportGraph: module "${name}" appears in more than one layer`);
      const width = Math.min(slot - 12, Math.max(64, name.length * CHAR_WIDTH + 20));
      const placed = {
        name,
        layer,
        width,
        x: left + slot * index + (slot - width) / 2,
        y: y + (BAND_HEIGHT - BOX_HEIGHT) / 2,
      };
      modules.push(placed);
      byName.set(name, placed);
    });
    return { name: band.name, y, height: BAND_HEIGHT };
  });
  const placedImports = imports.map((entry) => {
    const [from, to] = parseImport(entry);
    const source = byName.get(from);
    const target = byName.get(to);
    if (!source) throw new Error(`ImportGraph: import "${entry}" names unknown module "${from}"`);
    if (!target) throw new Error(`ImportGraph: import "${entry}" names unknown module "${to}"`);
    const between = modules.filter(
      (mod) => mod.layer > Math.min(source.layer, target.layer) && mod.layer < Math.max(source.layer, target.layer),
    );
    return { from, to, illegal: target.layer < source.layer, path: arrowPath(source, target, between) };
  });
  return { width: WIDTH, height: bands.length * BAND_HEIGHT, bands, modules, imports: placedImports };
}

/** A point of the quadratic Bézier p0 → p2 with control point p1, at parameter t. */
export function quadraticPoint(p0: number, p1: number, p2: number, t: number): number {
  return (1 - t) * (1 - t) * p0 + 2 * t * (1 - t) * p1 + t * t * p2;
}

/**
 * How far the control point must move sideways (right for upward arrows, left for downward ones) so an
 * arrow that skips layers passes beside the boxes in between instead of through them.
 */
function detour(source: PlacedModule, target: PlacedModule, between: PlacedModule[], sy: number, ty: number): number {
  const sx = source.x + source.width / 2;
  const tx = target.x + target.width / 2;
  const right = target.layer < source.layer;
  let needed = 0;
  for (const box of between) {
    const boxY = box.y + BOX_HEIGHT / 2;
    const t = (boxY - sy) / (ty - sy);
    const lineX = sx + (tx - sx) * t;
    const clearance = right ? box.x + box.width + 12 - lineX : lineX - (box.x - 12);
    if (lineX < box.x - 12 || lineX > box.x + box.width + 12 || clearance <= 0) continue;
    // The curve moves sideways by 2t(1-t) times the control point's offset at parameter t.
    needed = Math.max(needed, clearance / (2 * t * (1 - t)));
  }
  return right ? needed : -needed;
}

function arrowPath(source: PlacedModule, target: PlacedModule, between: PlacedModule[]): string {
  const sx = source.x + source.width / 2;
  const tx = target.x + target.width / 2;
  if (source.layer === target.layer) {
    // Same band: rightward arrows arc over the boxes, leftward ones under, so a pair of
    // opposite imports (a cycle) shows as two distinct arcs.
    if (sx < tx) {
      const y = source.y;
      return `M ${sx} ${y} C ${sx} ${y - 26}, ${tx} ${y - 26}, ${tx} ${y - 2}`;
    }
    const y = source.y + BOX_HEIGHT;
    return `M ${sx} ${y} C ${sx} ${y + 26}, ${tx} ${y + 26}, ${tx} ${y + 2}`;
  }
  const down = target.layer > source.layer;
  const sy = down ? source.y + BOX_HEIGHT : source.y;
  const ty = down ? target.y - 2 : target.y + BOX_HEIGHT + 2;
  // Upward arrows bend sideways so they never hide a downward one between the same boxes.
  const avoid = detour(source, target, between, sy, ty);
  const bend = avoid !== 0 ? avoid : down ? 0 : 28;
  // Keep the curve's widest point inside the picture (the apex lies halfway to the control point).
  const middle = (sx + tx) / 2;
  const mx = Math.min(Math.max(middle + bend, 8 - middle), 2 * (WIDTH - 4) - middle);
  const my = (sy + ty) / 2;
  return `M ${sx} ${sy} Q ${mx} ${my}, ${tx} ${ty}`;
}
