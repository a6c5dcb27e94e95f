// Runs the grading harness in a loaded Pyodide interpreter: files go into its in-memory file
// system, `python3 script.py args` becomes runpy with sys.argv set, output is captured.
// Used inside the Pyodide Web Worker (and by tests under Node). Pyodide in Node is not a sandbox.
import type { RunResult } from '../types.ts';
import { installAlarmShim } from './pyodide-alarm.ts';

/** The slice of Pyodide's API this host uses. */
export interface PyodideLike {
  FS: {
    mkdirTree(path: string): void;
    writeFile(path: string, data: string): void;
    analyzePath(path: string): { exists: boolean };
  };
  setStdout(options: { batched: (text: string) => void }): void;
  setStderr(options: { batched: (text: string) => void }): void;
  runPython(code: string): unknown;
  registerJsModule(name: string, module: object): void;
}

export interface PyodideHostOptions {
  /**
   * Receives the harness's per-test limits (seconds, 0 = disarm) so another thread can interrupt
   * a runaway test (see pyodide-alarm.ts). Without it only the run's outer limit applies.
   */
  alarm?: (seconds: number) => void;
}

export const WORKDIR = '/home/pyodide/work';

export function createPyodideHost(pyodide: PyodideLike, options: PyodideHostOptions = {}) {
  let generation = 0;
  let checkerReady = false;
  if (options.alarm) installAlarmShim(pyodide, options.alarm);
  return {
    name: 'pyodide',
    sandboxed: false,
    supportsStdin: false,
    async writeFiles(files: Record<string, string>): Promise<void> {
      // A fresh folder per run, so files deleted by the learner do not linger from a previous run.
      generation += 1;
      const root = `${WORKDIR}/${generation}`;
      for (const [path, text] of Object.entries(files)) {
        const full = `${root}/${path}`;
        pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')));
        pyodide.FS.writeFile(full, text);
      }
    },
    /**
     * Runs the editor's checker: `setup` (grading's checkerSetupProgram) once per interpreter, then
     * `call` (checkCallExpression), whose JSON answer it returns. The sources are never run.
     */
    check(setup: string, call: string): string {
      if (!checkerReady) {
        pyodide.runPython(setup);
        checkerReady = true;
      }
      return pyodide.runPython(call) as string;
    },
    async run(argv: string[]): Promise<RunResult> {
      const started = performance.now();
      const script = argv.find((arg, index) => index > 0 && arg.endsWith('.py'));
      if (!script) throw new Error(`pyodide: no script in ${argv.join(' ')}`);
      const args = argv.slice(argv.indexOf(script) + 1);
      let stdout = '';
      let stderr = '';
      pyodide.setStdout({ batched: (text) => (stdout += `${text}\n`) });
      pyodide.setStderr({ batched: (text) => (stderr += `${text}\n`) });
      // JSON string literals are valid Python string literals.
      const cwd = JSON.stringify(`${WORKDIR}/${generation}`);
      const argvJson = JSON.stringify(JSON.stringify([script, ...args]));
      const exitCode = pyodide.runPython(`
import json, os, runpy, sys
os.chdir(${cwd})
sys.argv = json.loads(${argvJson})
for name in [n for n in sys.modules if n.split(".")[0] not in sys.stdlib_module_names and n not in sys.builtin_module_names and not n.startswith(("_", "pyodide", "js"))]:
    del sys.modules[name]  # a fresh import of the learner's packages on every run
_strata_code = 0
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as exit:
    _strata_code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
except BaseException:
    import traceback
    traceback.print_exc()
    _strata_code = 1
sys.stdout.flush()
_strata_code
`) as number;
      return { exitCode, stdout, stderr, timedOut: false, durationMs: performance.now() - started };
    },
  };
}
