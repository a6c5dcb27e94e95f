import { commands } from './commands.ts';
import type { CommandIO } from './command.ts';
import { STRATA_VERSION as VERSION } from './version.ts';

export type { Command, CommandIO } from './command.ts';
export type { CommandEntry } from './commands.ts';
export { commands } from './commands.ts';

/** Commands that run until stopped. */
const LONG_RUNNING = new Set(['serve', 'worker']);
/** Commands that never validate with zod (the import linter): they do not load it, nor the schemas. */
const WITHOUT_SCHEMAS = new Set(['lint', 'lint-imports']);

function usage(): string {
  const width = Math.max(...commands.map((command) => command.name.length), 4);
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: strata <command> [options]',
    '',
    'Strata: learn Python software architecture by doing. Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     Show help (also: strata <command> --help)',
    '  -v, --version  Show the version',
    '',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(`strata ${VERSION}\n`);
    return 0;
  }
  // GRADING_PROCESS_ARGUMENT of runtime/node/grading-process.ts, spelt here so that the CLI's start
  // loads nothing of the runtime.
  if (name === '__grading-process') {
    // Not a command a user types: `strata serve` starts it to grade off its own process.
    const { serveGradings } = await import('../runtime/node.ts');
    await serveGradings(Number(rest[0] ?? '1'));
    process.exit(0);
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    io.stderr(`strata: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  let unused: (() => void) | undefined;
  try {
    unused = await entry.warm?.(rest);
  } catch {
    // only a head start: the command does the same work again when it runs
  }
  // The servers parse for hours; every other command parses a few documents and exits.
  if (!LONG_RUNNING.has(entry.name) && !WITHOUT_SCHEMAS.has(entry.name)) {
    // Loaded here, not at the top: `strata --help` and `strata lint` never pay for zod (~50 ms).
    // Before the schemas module: zod decides whether a schema compiles its parser when the schema
    // is built, which importing ../schemas/index.ts does (calling compileValidators after it was
    // imported left every schema compiling, ~60 ms of CPU for the first grade report).
    (await import('zod')).config({ jitless: true });
  }
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`strata ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    unused?.();
  }
}
