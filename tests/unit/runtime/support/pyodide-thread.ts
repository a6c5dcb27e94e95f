// A Node worker thread standing in for the browser's Pyodide Web Worker: Pyodide with the alarm
// shim and an interrupt buffer shared with the test's thread, which runs the watchdog.
import { parentPort, workerData } from 'node:worker_threads';
import { loadPyodide } from 'pyodide';
import { gradeSubmission } from '../../../../src/grading/index.ts';
import type { Exercise } from '../../../../src/grading/index.ts';
import { createPyodideHost } from '../../../../src/runtime/browser/pyodide-host.ts';

export interface GradeJob {
  exercise: Exercise;
  files: Record<string, string>;
  hidden: boolean;
}

const { interrupt } = workerData as { interrupt: SharedArrayBuffer };
const pyodide = await loadPyodide({ indexURL: 'node_modules/pyodide/' });
const signals = new Int32Array(interrupt);
pyodide.setInterruptBuffer(signals);
const host = createPyodideHost(pyodide, { alarm: (seconds) => parentPort!.postMessage({ type: 'alarm', seconds }) });
parentPort!.on('message', (job: GradeJob) => {
  Atomics.store(signals, 0, 0);
  void gradeSubmission({ ...job, host }).then((report) => parentPort!.postMessage({ type: 'report', report }));
});
parentPort!.postMessage({ type: 'ready' });
