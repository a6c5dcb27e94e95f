import { describe, expect, it } from 'vitest';
import { parseFileTree } from '../../../src/components/diagram/file-tree.ts';
import { layoutLayeredGraph, quadraticPoint } from '../../../src/components/diagram/layered-graph.ts';

describe('parseFileTree', () => {
  it('nests by two-space indentation and reads folders and comments', () => {
    const tree = parseFileTree('shop/\n  __init__.py\n  api/\n    routes.py  # HTTP only\nREADME.md');
    expect(tree.map((node) => node.name)).toEqual(['shop', 'README.md']);
    const api = tree[0]!.children[1]!;
    expect(api).toMatchObject({ name: 'api', folder: true });
    expect(api.children[0]).toMatchObject({ name: 'routes.py', folder: false, comment: 'HTTP only' });
  });

  it('names the line that skips a level', () => {
    expect(() => parseFileTree('shop/\n      deep.py')).toThrow(/line 2 \("deep\.py"\)/);
  });
});

describe('layoutLayeredGraph', () => {
  const layers = [
    { name: 'api', modules: ['routes'] },
    { name: 'services', modules: ['orders', 'users'] },
  ];

  it('marks imports into a higher layer as illegal and nothing else', () => {
    const graph = layoutLayeredGraph(layers, ['routes -> orders', 'orders -> routes', 'orders -> users']);
    expect(graph.imports.map((edge) => [edge.from, edge.to, edge.illegal])).toEqual([
      ['routes', 'orders', false],
      ['orders', 'routes', true],
      ['orders', 'users', false],
    ]);
  });

  it('keeps boxes inside their band and inside the picture', () => {
    const graph = layoutLayeredGraph(layers, []);
    for (const mod of graph.modules) {
      const band = graph.bands[mod.layer]!;
      expect(mod.y).toBeGreaterThanOrEqual(band.y);
      expect(mod.y + 30).toBeLessThanOrEqual(band.y + band.height);
      expect(mod.x + mod.width).toBeLessThanOrEqual(graph.width);
    }
  });

  it('routes an arrow that skips a layer around the boxes in between', () => {
    const three = [
      { name: 'routes', modules: ['loans_api'] },
      { name: 'services', modules: ['lending'] },
      { name: 'repository', modules: ['loans_repo'] },
    ];
    const graph = layoutLayeredGraph(three, ['loans_repo -> loans_api', 'loans_api -> loans_repo']);
    const middle = graph.modules.find((mod) => mod.name === 'lending')!;
    for (const edge of graph.imports) {
      const numbers = edge.path.match(/-?\d+(\.\d+)?/g)!.map(Number);
      const [sx, sy, cx, cy, tx, ty] = numbers as [number, number, number, number, number, number];
      const t = (middle.y + 15 - sy) / (ty - sy);
      const x = quadraticPoint(sx, cx, tx, t);
      expect(quadraticPoint(sy, cy, ty, t)).toBeCloseTo(middle.y + 15, 0);
      expect(x < middle.x || x > middle.x + middle.width, `${edge.from} -> ${edge.to} at x=${x}`).toBe(true);
    }
  });

  it('names an unknown module or a malformed import', () => {
    expect(() => layoutLayeredGraph(layers, ['routes -> payments'])).toThrow(/unknown module "payments"/);
    expect(() => layoutLayeredGraph(layers, ['routes orders'])).toThrow(/must look like/);
  });
});
