// Browser-safe public surface of the runtime layer. Node-only code lives behind `./node.ts`.
export type { PythonRuntime, RunResult, RunOptions } from './types.ts';
export { createPyodideHost, WORKDIR as PYODIDE_WORKDIR } from './browser/pyodide-host.ts';
export type { PyodideLike, PyodideHostOptions } from './browser/pyodide-host.ts';
export { PyodideRuntime, stoppedMessage } from './browser/pyodide-runtime.ts';
export {
  AFTER_RESTORE_CODE,
  PRELOAD_CODE,
  PRELOADED_MODULES,
  PYODIDE_FILES,
  PYODIDE_FOLDER,
  PYODIDE_MANIFEST,
  PYODIDE_SNAPSHOT,
  PYODIDE_VERSION,
} from './browser/pyodide-files.ts';
export type { PyodideManifest } from './browser/pyodide-files.ts';
export { createDownloadMeter, formatBytes } from './browser/load-progress.ts';
export type { DownloadMeter, RuntimePhase, RuntimeProgress } from './browser/load-progress.ts';
export { createRunWatchdog } from './browser/run-watchdog.ts';
export { WebContainerRuntime, WebContainerBootError, DEFAULT_BOOT_TIMEOUT_MS } from './browser/webcontainer-runtime.ts';
export type { WebContainerRuntimeOptions } from './browser/webcontainer-runtime.ts';
export type { WebContainerApi, Container, ContainerProcess, FileTree } from './browser/webcontainer-api.ts';
export { chooseRuntime, loopbackOrigin, RUNTIME_PREFERENCES } from './browser/choose-runtime.ts';
export type { RuntimeChoice, RuntimeKind, RuntimePreference, BootableRuntime } from './browser/choose-runtime.ts';
