import type { Command } from './command.ts';

/** Every subcommand, in the order `strata --help` lists them. */
export const commands: Command[] = [];
