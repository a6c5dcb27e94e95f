// A fake of the WebContainerApi boundary (src/runtime/browser/webcontainer-api.ts): an in-memory
// file system, and processes whose behaviour each test scripts. Output goes through a "terminal"
// that turns \n into \r\n, as WebContainer's does.
import type { Container, ContainerProcess, FileTree, WebContainerApi } from '../../../../src/runtime/index.ts';

export interface SpawnCall {
  command: string;
  args: string[];
  cwd: string | undefined;
  /** The files under cwd when the process started, relative to it. */
  files: Record<string, string>;
}

export interface ProcessScript {
  /** Chunks as the program writes them (before the terminal's \n → \r\n). */
  output?: string[];
  /** Files the program writes, relative to its cwd. */
  writes?: Record<string, string>;
  exitCode?: number;
  /** Runs until killed; `exitOnKill: false` also ignores the kill. */
  hang?: boolean;
  exitOnKill?: boolean;
}

export type ProcessBehaviour = (call: SpawnCall) => ProcessScript | Promise<ProcessScript>;

export const terminal = (text: string) => text.replace(/\n/g, '\r\n');

export class FakeContainer implements Container {
  readonly files = new Map<string, string>();
  readonly spawns: SpawnCall[] = [];
  readonly mounts: FileTree[] = [];
  kills = 0;
  tornDown = false;
  behaviour: ProcessBehaviour;

  constructor(behaviour: ProcessBehaviour = () => ({ exitCode: 0 })) {
    this.behaviour = behaviour;
  }

  readonly fs = {
    readFile: async (path: string, _encoding: 'utf-8'): Promise<string> => {
      const text = this.files.get(path);
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    rm: async (path: string, _options: { recursive: boolean; force: boolean }): Promise<void> => {
      for (const key of [...this.files.keys()]) if (key === path || key.startsWith(`${path}/`)) this.files.delete(key);
    },
  };

  async mount(tree: FileTree): Promise<void> {
    this.mounts.push(tree);
    const walk = (node: FileTree, prefix: string) => {
      for (const [name, entry] of Object.entries(node)) {
        if ('file' in entry) this.files.set(`${prefix}${name}`, entry.file.contents);
        else walk(entry.directory, `${prefix}${name}/`);
      }
    };
    walk(tree, '');
  }

  async spawn(command: string, args: string[], options?: { cwd?: string }): Promise<ContainerProcess> {
    if (this.tornDown) throw new Error('WebContainer already torn down');
    const cwd = options?.cwd;
    const prefix = cwd ? `${cwd}/` : '';
    const files: Record<string, string> = {};
    for (const [path, text] of this.files) if (path.startsWith(prefix)) files[path.slice(prefix.length)] = text;
    const call: SpawnCall = { command, args: [...args], cwd, files };
    this.spawns.push(call);
    const script = await this.behaviour(call);
    let push: ReadableStreamDefaultController<string> | undefined;
    const output = new ReadableStream<string>({ start: (controller) => void (push = controller) });
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    void (async () => {
      for (const chunk of script.output ?? []) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        push?.enqueue(terminal(chunk));
      }
      for (const [path, text] of Object.entries(script.writes ?? {})) this.files.set(`${prefix}${path}`, text);
      if (!script.hang) {
        push?.close();
        exit(script.exitCode ?? 0);
      }
    })();
    return {
      output,
      input: new WritableStream<string>(),
      exit: exited,
      kill: () => {
        this.kills += 1;
        if (script.exitOnKill === false) return;
        push?.close();
        exit(143);
      },
      resize: () => undefined,
    };
  }

  teardown(): void {
    if (this.tornDown) throw new Error('WebContainer already torn down');
    this.tornDown = true;
  }
}

export interface FakeApi {
  api: () => Promise<WebContainerApi>;
  boots: { coep: string; workdirName: string }[];
}

/** `boot`: the container it boots to, an error it fails with, or 'never' (offline: no answer). */
export function fakeApi(boot: FakeContainer | Error | 'never', delayMs = 0): FakeApi {
  const boots: FakeApi['boots'] = [];
  return {
    boots,
    api: async () => ({
      async boot(options) {
        boots.push(options);
        if (boot === 'never') return new Promise<never>(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (boot instanceof Error) throw boot;
        return boot;
      },
    }),
  };
}
