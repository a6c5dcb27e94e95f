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

/**
 * Defines \`_strata_run(cwd, argv_json)\`, which runs \`python3 <script> <args>\` as \`python3\` would
 * (the script as \`__main__\`, its exit code returned), once per interpreter.
 *
 * The grader's own files (under .strata/) are the same on every Run, in a new folder each time: their
 * code objects are kept, keyed by their source, instead of compiling ~1,800 lines of harness and
 * runner on every Run (tens of ms in WebAssembly). The harness compiles the runner it executes with
 * the same keeping compile, \`STRATA_COMPILE\` in its globals. A code object is immutable, so running
 * a kept one is as fresh as compiling it again; the learner's files are always compiled anew (and
 * imported afresh: their modules are dropped from sys.modules first).
 */
const RUN_PROGRAM = `
def _strata_define_run():
    import builtins, json, os, sys, traceback, types

    kept = {}

    def keeping_compile(source, filename, mode):
        key = (source, filename, mode)
        if key not in kept:
            kept[key] = compile(source, filename, mode, dont_inherit=True)
        return kept[key]

    def compiled(path):
        with open(path, "rb") as handle:
            source = handle.read()
        own = os.path.normpath(path).startswith(".strata" + os.sep)
        return (keeping_compile if own else compile)(source, path, "exec")

    def fresh_imports():
        stdlib = sys.stdlib_module_names
        for name in [n for n in sys.modules if n.split(".")[0] not in stdlib and n not in sys.builtin_module_names and not n.startswith(("_", "pyodide", "js"))]:
            del sys.modules[name]  # a fresh import of the learner's packages on every run

    def run(cwd, argv_json):
        os.chdir(cwd)
        sys.argv = json.loads(argv_json)
        fresh_imports()
        path = sys.argv[0]  # as runpy.run_path has it: relative to cwd, the same on every Run
        main = types.ModuleType("__main__")
        main.__dict__.update(__file__=path, __cached__=None, __package__=None, __builtins__=builtins, STRATA_COMPILE=keeping_compile)
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = main
        code = 0
        try:
            exec(compiled(path), main.__dict__)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.modules["__main__"] = saved
        sys.stdout.flush()
        return code

    return run

_strata_run = _strata_define_run()
del _strata_define_run
`;

export function createPyodideHost(pyodide: PyodideLike, options: PyodideHostOptions = {}) {
  let generation = 0;
  let checkerReady = false;
  let runnerReady = false;
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
      if (!runnerReady) {
        pyodide.runPython(RUN_PROGRAM);
        runnerReady = true;
      }
      // JSON string literals are valid Python string literals.
      const cwd = JSON.stringify(`${WORKDIR}/${generation}`);
      const argvJson = JSON.stringify(JSON.stringify([script, ...args]));
      const exitCode = pyodide.runPython(`_strata_run(${cwd}, ${argvJson})`) as number;
      return { exitCode, stdout, stderr, timedOut: false, durationMs: performance.now() - started };
    },
  };
}
