import type { Command } from './command.ts';
import { exercisesCommand } from './exercises.ts';
import { gradeCommand } from './grade.ts';
import { lintCommand } from './lint.ts';
import { serveCommand, workerCommand } from './serve.ts';

/** Every subcommand, in the order `strata --help` lists them. */
export const commands: Command[] = [lintCommand, gradeCommand, exercisesCommand, serveCommand, workerCommand];
