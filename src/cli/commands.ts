import type { Command } from './command.ts';

/**
 * A command as `strata --help` lists it. Its module loads only when it runs (or shows its own
 * help), so `strata --help` or `strata lint` never load the grader, zod or the cohort server.
 */
export interface CommandEntry {
  name: string;
  /** The same words as the command's own `summary` (tests/cli/help.test.ts holds them together). */
  summary: string;
  load(): Promise<Command>;
  /**
   * Work the command starts before its module (and zod) loads, given its arguments (`grade` starts
   * its sandbox); resolves to what ends that work if the command did not use it.
   */
  warm?(args: string[]): Promise<() => void>;
}

/** Every subcommand, in the order `strata --help` lists them. */
export const commands: CommandEntry[] = [
  {
    name: 'lint',
    summary: 'Check a Python project against its import contracts (import-linter compatible)',
    load: async () => (await import('./lint.ts')).lintCommand,
  },
  {
    name: 'lint-imports',
    summary: 'lint-imports (import-linter 2.x) as a drop-in: same options, report and exit codes',
    load: async () => (await import('./lint.ts')).lintImportsCommand,
  },
  {
    name: 'grade',
    summary: 'Grade a submission (folder or .zip) against an exercise, or a folder of them with --batch',
    load: async () => (await import('./grade.ts')).gradeCommand,
    warm: async (args) => (await import('./grade-warm.ts')).warmGrade(args),
  },
  {
    name: 'autograder',
    summary: 'Write an autograder for another platform (Gradescope) that grades one exercise',
    load: async () => (await import('./autograder.ts')).autograderCommand,
  },
  {
    name: 'exercises',
    summary: 'List the exercises, or check that each is well-formed and gradable',
    load: async () => (await import('./exercises.ts')).exercisesCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the built course and the cohort server (accounts, cohorts, grading, gradebook)',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'worker',
    summary: 'Run grading workers against the cohort server database (DATABASE_URL)',
    load: async () => (await import('./serve.ts')).workerCommand,
  },
];
