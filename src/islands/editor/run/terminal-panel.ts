// An xterm.js terminal on WebContainer's shell (`jsh`). Loaded only when the learner opens the
// terminal, which is offered only while WebContainer is the runtime: Pyodide has no shell, and
// pages on Pyodide never download xterm.
import type { ContainerProcess } from '../../../runtime/index.ts';

export interface ShellRuntime {
  shell(size: { cols: number; rows: number }): Promise<ContainerProcess>;
}

const ROWS = 14;
/** Rough cell width of a 13 px monospace font, to size the shell to the panel before xterm measures. */
const CELL_PX = 8;

/** Opens a terminal in `surface` attached to a new shell; returns a function that closes both. */
export async function openTerminal(surface: HTMLElement, runtime: ShellRuntime): Promise<() => void> {
  const [{ Terminal }] = await Promise.all([import('@xterm/xterm'), import('@xterm/xterm/css/xterm.css')]);
  const cols = Math.max(40, Math.floor(surface.clientWidth / CELL_PX) - 2);
  const terminal = new Terminal({ rows: ROWS, cols, fontSize: 13, convertEol: false, cursorBlink: true });
  terminal.open(surface);
  const shell = await runtime.shell({ cols: terminal.cols, rows: terminal.rows });
  const input = shell.input.getWriter();
  const typing = terminal.onData((data) => void input.write(data));
  const resizing = terminal.onResize((size) => shell.resize(size));
  let closed = false;
  void shell.output.pipeTo(new WritableStream({ write: (chunk) => terminal.write(chunk) })).catch(() => undefined);
  void shell.exit.then((code) => {
    if (!closed) terminal.write(`\r\n[the shell exited with code ${code}]\r\n`);
  });
  terminal.focus();
  return () => {
    closed = true;
    typing.dispose();
    resizing.dispose();
    shell.kill();
    terminal.dispose();
  };
}

/**
 * Shows the `[data-terminal]` details in `root` while a shell is available, and opens the
 * terminal the first time the learner expands it.
 */
export function attachTerminalToggle(root: HTMLElement): {
  offer(runtime: ShellRuntime | undefined): void;
  dispose(): void;
} {
  const panel = root.querySelector<HTMLDetailsElement>('[data-terminal]');
  const surface = root.querySelector<HTMLElement>('[data-terminal-surface]');
  let runtime: ShellRuntime | undefined;
  let close: (() => void) | undefined;
  let opening: Promise<void> | undefined;
  const shut = () => {
    close?.();
    close = undefined;
    opening = undefined;
    surface?.replaceChildren();
    if (panel) panel.open = false;
  };
  panel?.addEventListener('toggle', () => {
    if (!panel.open || !runtime || !surface || opening) return;
    const shellOf = runtime;
    opening = openTerminal(surface, shellOf)
      .then((closeIt) => {
        if (runtime === shellOf) close = closeIt;
        else closeIt();
      })
      .catch((error: unknown) => {
        surface.textContent = `The terminal could not start: ${error instanceof Error ? error.message : String(error)}`;
      });
  });
  return {
    offer(next) {
      if (next === runtime) return;
      shut();
      runtime = next;
      if (panel) panel.hidden = next === undefined;
    },
    dispose: shut,
  };
}
