// The drawing model → SVG elements. Colours come from the site's CSS variables (styled in
// CodeEditor.astro), so the drawing follows the light and dark themes without being redrawn.
import { LABEL_LINE_HEIGHT } from './import-graph-layout.ts';
import type { GraphModel } from './import-graph-layout.ts';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function arrowHead(id: string, className: string): SVGMarkerElement {
  const marker = svg('marker', {
    id,
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: className }));
  return marker;
}

export const describeImport = (importer: string, imported: string, lines: number[]): string =>
  `${importer} → ${imported}${lines.length > 0 ? ` (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')})` : ''}`;

/** The whole drawing; `title` and `description` name it for assistive technology (role="img"). */
export function drawGraph(model: GraphModel, title: string, description: string): SVGSVGElement {
  const root = svg('svg', {
    class: 'graph-svg',
    viewBox: `0 0 ${model.width} ${model.height}`,
    width: model.width,
    height: model.height,
    role: 'img',
    'aria-labelledby': 'strata-graph-title strata-graph-desc',
  });
  const defs = svg('defs');
  defs.append(arrowHead('strata-graph-ok', 'graph-arrowhead'), arrowHead('strata-graph-bad', 'graph-arrowhead-bad'));
  root.append(
    svg('title', { id: 'strata-graph-title' }, title),
    svg('desc', { id: 'strata-graph-desc' }, description),
    defs,
  );

  const bands = svg('g', { class: 'graph-bands' });
  for (const band of model.bands) {
    const group = svg('g', { class: `graph-band graph-band-${band.kind}`, 'data-band': band.label });
    group.append(
      svg('rect', {
        x: 0,
        y: band.y,
        // The whole view box: the view widens it so the bands span the panel, however narrow the graph.
        width: '100%',
        height: band.height,
        class: band.index % 2 ? 'band-odd' : 'band-even',
      }),
    );
    const label = svg('text', { class: 'band-label', x: 12 });
    // Long layer names are shortened to fit the label column: the tooltip has them whole.
    if (band.labelLines.some((line) => line.startsWith('…'))) label.append(svg('title', {}, band.label));
    const first = band.y + band.height / 2 - ((band.labelLines.length - 1) * LABEL_LINE_HEIGHT) / 2 + 4;
    band.labelLines.forEach((line, index) =>
      label.append(svg('tspan', { x: 12, y: first + index * LABEL_LINE_HEIGHT }, line)),
    );
    group.append(label);
    bands.append(group);
  }
  bands.append(
    svg('line', { class: 'gutter-rule', x1: model.gutter - 8, x2: model.gutter - 8, y1: 0, y2: model.height }),
  );

  const edges = svg('g', { class: 'graph-edges' });
  for (const edge of model.edges) {
    const path = svg('path', {
      d: edge.d,
      class: edge.illegal ? 'graph-edge graph-edge-illegal' : 'graph-edge',
      'marker-end': `url(#strata-graph-${edge.illegal ? 'bad' : 'ok'})`,
      'data-importer': edge.importer,
      'data-imported': edge.imported,
      'data-illegal': String(edge.illegal),
      'data-lines': edge.lines.join(' '),
    });
    const note = edge.illegal ? ': breaks a contract' : '';
    path.append(svg('title', {}, `${describeImport(edge.importer, edge.imported, edge.lines)}${note}`));
    edges.append(path);
  }

  const nodes = svg('g', { class: 'graph-nodes' });
  for (const node of model.nodes) {
    const group = svg('g', {
      class: `graph-node graph-node-${node.kind}`,
      'data-module': node.name,
      'data-band': model.bands[node.band]?.label ?? '',
    });
    if (node.path) group.dataset.path = node.path;
    const hint = node.path
      ? `${node.name} (${node.path}): click to open`
      : node.kind === 'external'
        ? `${node.name} (external package)`
        : 'no modules in this layer yet';
    group.append(
      svg('title', {}, hint),
      svg('rect', { x: node.x, y: node.y, width: node.width, height: node.height, rx: 6 }),
      svg('text', { x: node.x + node.width / 2, y: node.y + node.height / 2 + 4, 'text-anchor': 'middle' }, node.label),
    );
    nodes.append(group);
  }
  const content = svg('g', { class: 'graph-content' });
  content.append(edges, nodes);
  root.append(bands, content);
  return root;
}
