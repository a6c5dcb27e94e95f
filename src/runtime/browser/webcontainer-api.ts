// The slice of `@webcontainer/api` that WebContainerRuntime uses, so tests can put a fake in its
// place; `loadWebContainerApi` adapts the real package, imported only when it is needed.

/** A file tree in WebContainer's mount format. */
export interface FileTree {
  [name: string]: { file: { contents: string } } | { directory: FileTree };
}

export interface ContainerProcess {
  /** Everything the process writes, stdout and stderr together, as a terminal shows it. */
  output: ReadableStream<string>;
  input: WritableStream<string>;
  exit: Promise<number>;
  kill(): void;
  resize(size: { cols: number; rows: number }): void;
}

export interface Container {
  mount(tree: FileTree): Promise<void>;
  spawn(
    command: string,
    args: string[],
    options?: { cwd?: string; terminal?: { cols: number; rows: number } },
  ): Promise<ContainerProcess>;
  fs: {
    readFile(path: string, encoding: 'utf-8'): Promise<string>;
    rm(path: string, options: { recursive: boolean; force: boolean }): Promise<void>;
  };
  teardown(): void;
}

export interface WebContainerApi {
  boot(options: { coep: 'credentialless' | 'require-corp'; workdirName: string }): Promise<Container>;
}

/**
 * The real `@webcontainer/api`. `origin` replaces the StackBlitz origin its iframe loads from
 * (the package reads `globalThis.WEBCONTAINER_API_IFRAME_URL` once, at its first boot).
 */
export async function loadWebContainerApi(origin?: string): Promise<WebContainerApi> {
  if (origin) (globalThis as { WEBCONTAINER_API_IFRAME_URL?: string }).WEBCONTAINER_API_IFRAME_URL = origin;
  const { WebContainer } = await import('@webcontainer/api');
  return {
    async boot(options) {
      const container = await WebContainer.boot(options);
      return {
        mount: (tree) => container.mount(tree),
        spawn: (command, args, spawnOptions) => container.spawn(command, args, spawnOptions),
        fs: {
          readFile: (path, encoding) => container.fs.readFile(path, encoding),
          rm: (path, rmOptions) => container.fs.rm(path, rmOptions),
        },
        teardown: () => container.teardown(),
      };
    },
  };
}
