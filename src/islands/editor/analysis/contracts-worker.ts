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

function respond(response: ContractsResponse): void {
  postMessage(response);
}

onmessage = (event: MessageEvent<ContractsRequest>) => {
  const request = event.data;
  const started = performance.now();
  try {
    let report: LintReport;
    if (request.type === 'init') {
      files = { ...request.files };
      config = parseConfig(request.config);
      analyser = createAnalyser(files, config);
      report = analyser.report();
    } else {
      if (!analyser || !config) return;
      if (request.text === null) delete files[request.path];
      else files[request.path] = request.text;
      report = analyser.update(request.path, request.text);
    }
    // The graph view draws the same analysis: read from the analyser's graph, nothing re-scanned.
    const graph = buildGraphData(analyser.graph(), config);
    respond({ type: 'diagnostics', diagnostics: diagnosticsOf(report, files), graph, ms: performance.now() - started });
  } catch (error) {
    const where = error instanceof ContractsError ? { file: error.file, line: error.line } : {};
    // The graph still shows what could be read (a layer renamed away, say), without verdicts.
    const graph = analyser && config ? buildGraphData(analyser.graph(), config) : undefined;
    respond({ type: 'error', message: error instanceof Error ? error.message : String(error), ...where, graph });
  }
};
