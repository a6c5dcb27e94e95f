// Web Worker: keeps an incremental contract analysis of the learner's files and answers every
// edit with diagnostics (contract, offending import line) and the import graph, layer by layer.
// Runs the same engine as the grader.
import { ContractsError, createAnalyser, parseConfig } from '../../../contracts/index.ts';
import type { LintReport } from '../../../contracts/index.ts';
import { diagnosticsOf } from './diagnostics.ts';
import { buildGraphData } from './import-graph-data.ts';
import type { ContractsRequest, ContractsResponse } from '../types.ts';

let files: Record<string, string> = {};
let analyser: ReturnType<typeof createAnalyser> | undefined;
let config: ReturnType<typeof parseConfig> | undefined;
let configPath = '';

function respond(response: ContractsResponse): void {
  postMessage(response);
}

let follow = false;

/** A fresh analysis of every file, under the configuration as it now reads. */
function restart(path: string, text: string): LintReport {
  analyser = undefined;
  config = parseConfig({ path, text });
  analyser = createAnalyser(files, config);
  return analyser.report();
}

onmessage = (event: MessageEvent<ContractsRequest>) => {
  const request = event.data;
  const started = performance.now();
  try {
    let report: LintReport;
    if (request.type === 'init') {
      files = { ...request.files };
      follow = request.follow === true;
      configPath = request.config.path;
      report = restart(request.config.path, request.config.text);
    } else {
      if (request.text === null) delete files[request.path];
      else files[request.path] = request.text;
      // The learner writes the contracts: an edit of their configuration re-reads it.
      if (follow && request.path === configPath) report = restart(configPath, request.text ?? '');
      else if (!analyser || !config) return;
      else report = analyser.update(request.path, request.text);
    }
    if (!analyser || !config) return;
    // The graph view draws the same analysis: read from the analyser's graph, nothing re-scanned.
    const graph = buildGraphData(analyser.graph(), config);
    respond({
      type: 'diagnostics',
      diagnostics: diagnosticsOf(report, files),
      graph,
      ms: performance.now() - started,
      contracts: report.contracts.length,
    });
  } catch (error) {
    const where = error instanceof ContractsError ? { file: error.file, line: error.line } : {};
    // The graph still shows what could be read (a layer renamed away, say), without verdicts.
    const graph = analyser && config ? buildGraphData(analyser.graph(), config) : undefined;
    respond({ type: 'error', message: error instanceof Error ? error.message : String(error), ...where, graph });
  }
};
