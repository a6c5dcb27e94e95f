// The Import graph panel. Import this folder dynamically: ELK is fetched when the panel opens.
export { attachImportGraph } from './import-graph-view.ts';
export type { ImportGraphView } from './import-graph-view.ts';
