// Loaded only when the learner first opens the import graph: ELK's small API here, and the layout
// engine itself in its own Web Worker, so laying out a large graph never blocks typing.
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';

export interface LayoutEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
  dispose(): void;
}

export function createLayoutEngine(): LayoutEngine {
  const elk = new ELK({ workerUrl });
  return { layout: (graph) => elk.layout(graph), dispose: () => elk.terminateWorker() };
}
