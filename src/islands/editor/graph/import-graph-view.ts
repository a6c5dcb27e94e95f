// The "Import graph" panel: draws the contracts worker's latest graph (ELK is fetched the first time
// the panel opens, and only redraws when the graph or its illegal imports change), keeps a text
// alternative beside the drawing, and opens a module's file when its box is clicked.
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { LayoutEngine } from './import-graph-elk.ts';
import { brokenImports } from '../analysis/index.ts';
import { importKey, toElkGraph, toGraphModel } from './import-graph-layout.ts';
import { describeImport, drawGraph } from './import-graph-svg.ts';
import type { ContractsResponse, Diagnostic, ImportGraphData } from '../types.ts';

export interface ImportGraphView {
  /** Every answer of the contracts worker; the graph is redrawn only while the panel is open. */
  update(response: ContractsResponse): void;
  dispose(): void;
}

const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.2;
const MAX_ZOOM = 2;
/** Below this the module names get too small to read: scroll instead. */
const AUTO_MIN_ZOOM = 0.8;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** `illegal` is null when the contracts could not be checked. */
function summarise(graph: ImportGraphData, illegal: number | null): string {
  const shape = `${plural(graph.modules.length, 'module', 'modules')} in ${plural(graph.bands.length, 'band', 'bands')}, ${plural(graph.imports.length, 'import', 'imports')}`;
  const verdict =
    illegal === null
      ? 'the contracts could not be checked'
      : illegal === 0
        ? 'no import breaks a contract'
        : `${plural(illegal, 'import breaks', 'imports break')} a contract`;
  return `${shape}; ${verdict}.`;
}

export function attachImportGraph(
  root: HTMLElement,
  open: (path: string, line?: number) => void,
): ImportGraphView | undefined {
  const panel = root.querySelector<HTMLDetailsElement>('details[data-graph-panel]');
  const canvas = panel?.querySelector<HTMLElement>('[data-graph-canvas]');
  if (!panel || !canvas) return undefined;
  const status = panel.querySelector<HTMLElement>('[data-graph-summary]');
  const note = panel.querySelector<HTMLElement>('[data-graph-note]');
  const list = panel.querySelector<HTMLElement>('[data-graph-illegal]');
  let latest: { graph: ImportGraphData; diagnostics: Diagnostic[]; checked: boolean } | undefined;
  let engine: Promise<LayoutEngine> | undefined;
  let drawnKey = '';
  let laidOut: { key: string; layout: ElkNode } | undefined;
  let busy = false;
  let again = false;
  /** undefined: fit the panel, but never below AUTO_MIN_ZOOM. */
  let zoom: number | undefined;
  let size = { width: 0, height: 0 };

  const setState = (state: 'waiting' | 'loading' | 'ready' | 'failed') => (panel.dataset.graphState = state);

  /** Until the learner zooms: fit the panel (the capstone's external band sat below the fold), but not below AUTO_MIN_ZOOM. */
  function scale(): number {
    if (zoom !== undefined) return zoom;
    const maxHeight = parseFloat(getComputedStyle(canvas!).maxHeight) || canvas!.clientHeight;
    const fitted = Math.min((canvas!.clientWidth - 2) / size.width, (maxHeight - 2) / size.height);
    return Math.min(1, Math.max(AUTO_MIN_ZOOM, fitted));
  }

  function applyZoom(): void {
    const drawing = canvas!.querySelector('svg');
    if (!drawing || size.width === 0) return;
    const factor = scale();
    // A graph narrower than the panel keeps its size; its bands still run the panel's full width.
    const width = Math.max(size.width, (canvas!.clientWidth - 2) / factor);
    drawing.setAttribute('viewBox', `0 0 ${Math.floor(width)} ${size.height}`);
    // ...and the boxes sit in the middle of the room right of the band labels.
    const shift = Math.floor((width - size.width) / 2);
    drawing.querySelector('.graph-content')?.setAttribute('transform', `translate(${shift} 0)`);
    drawing.setAttribute('width', String(Math.floor(width * factor)));
    drawing.setAttribute('height', String(Math.round(size.height * factor)));
    panel!.dataset.graphZoom = factor.toFixed(2);
  }

  function fit(): number {
    const maxHeight = parseFloat(getComputedStyle(canvas!).maxHeight) || canvas!.clientHeight;
    const fitted = Math.min((canvas!.clientWidth - 2) / size.width, (maxHeight - 2) / size.height);
    // Fit always fits, however small that makes the drawing: it is the overview.
    return Math.min(MAX_ZOOM, Math.max(0.05, fitted));
  }

  panel.querySelectorAll<HTMLButtonElement>('[data-graph-zoom]').forEach((button) =>
    button.addEventListener('click', () => {
      const action = button.dataset.graphZoom;
      const current = scale();
      zoom =
        action === 'fit'
          ? fit()
          : Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, action === 'in' ? current * ZOOM_STEP : current / ZOOM_STEP));
      applyZoom();
    }),
  );

  function renderText(): void {
    if (!latest) return;
    const illegal = brokenImports(latest.diagnostics);
    if (status) status.textContent = summarise(latest.graph, latest.checked ? illegal.length : null);
    panel!.dataset.graphIllegal = String(illegal.length);
    if (!list) return;
    list.hidden = illegal.length === 0;
    list.querySelector('ul')?.replaceChildren(
      ...illegal.map((entry) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = describeImport(entry.importer, entry.imported, [entry.line]);
        button.title = `Open ${entry.file} at line ${entry.line}`;
        button.addEventListener('click', () => open(entry.file, entry.line));
        item.append(button);
        return item;
      }),
    );
  }

  async function draw(): Promise<void> {
    if (!panel!.open || !latest) return;
    if (busy) {
      again = true;
      return;
    }
    const current = latest;
    const illegalKeys = [...new Set(current.diagnostics.map((d) => importKey(d.importer, d.imported)))].sort();
    const key = JSON.stringify([current.graph, illegalKeys, current.checked]);
    if (key === drawnKey) return;
    busy = true;
    if (!drawnKey) setState('loading');
    try {
      const started = performance.now();
      // A changed line number or illegal mark needs no new layout: only new modules or imports do.
      const input = toElkGraph(current.graph);
      const inputKey = JSON.stringify(input);
      if (inputKey !== laidOut?.key) {
        engine ??= import('./import-graph-elk.ts').then((module) => module.createLayoutEngine());
        laidOut = { key: inputKey, layout: await (await engine).layout(input) };
      }
      const model = toGraphModel(current.graph, laidOut.layout, current.diagnostics);
      const summary = summarise(current.graph, current.checked ? brokenImports(current.diagnostics).length : null);
      canvas!.replaceChildren(
        drawGraph(
          model,
          'Import graph of your project',
          `${summary} Bands are the layers, top to bottom; arrows point from the importing module to the imported one, and the ones that break a contract are dashed.`,
        ),
      );
      size = { width: model.width, height: model.height };
      applyZoom();
      drawnKey = key;
      if (panel!.dataset.graphState === 'failed' && note) note.textContent = '';
      setState('ready');
      performance.measure('strata:import-graph', { start: started });
    } catch (error) {
      engine = undefined;
      setState('failed');
      if (note)
        note.textContent = `The graph could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
      console.error('Strata: the import graph could not be drawn', error);
    } finally {
      busy = false;
      if (again) {
        again = false;
        void draw();
      }
    }
  }

  const onToggle = () => {
    if (panel.open) void draw();
  };
  const onClick = (event: MouseEvent) => {
    const node = (event.target as Element).closest<SVGElement>('[data-path]');
    if (node?.dataset.path) open(node.dataset.path);
  };
  const resized = new ResizeObserver(() => {
    if (zoom === undefined) applyZoom();
  });
  panel.addEventListener('toggle', onToggle);
  canvas.addEventListener('click', onClick);
  resized.observe(canvas);
  setState('waiting');

  return {
    update(response) {
      if (response.type === 'error') {
        if (note)
          note.textContent = `The contracts could not be checked (${response.message}); arrows keep their last verdict.`;
        if (!response.graph) return;
        // Mid-typing syntax errors are common: keep the last verdicts rather than flicker them away.
        latest = { graph: response.graph, diagnostics: latest?.diagnostics ?? [], checked: false };
      } else {
        if (note) note.textContent = '';
        // The graph draws imports: a structure rule's finding is not an edge of it.
        latest = {
          graph: response.graph,
          diagnostics: response.diagnostics.filter((diagnostic) => !diagnostic.rule),
          checked: true,
        };
      }
      renderText();
      void draw();
    },
    dispose() {
      panel.removeEventListener('toggle', onToggle);
      canvas.removeEventListener('click', onClick);
      resized.disconnect();
      void engine?.then((layout) => layout.dispose());
    },
  };
}
