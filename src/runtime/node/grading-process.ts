import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Exercise, FileMap, GradeOptions } from '../../grading/index.ts';
import type { GradeReport } from '../../schemas/index.ts';
import { gradeWithLocalPython } from './grade-local.ts';
import { SandboxUnavailableError } from './local-python.ts';
import { SandboxPool } from './sandbox-process.ts';

/** The hidden CLI argument that makes `bin/strata.mjs` a grading process (src/cli/index.ts). */
export const GRADING_PROCESS_ARGUMENT = '__grading-process';

/** One grading, as the web server asks the grading process for it. */
export interface GradingRequest {
  exercise: Exercise;
  files: FileMap;
  hidden: boolean;
  audience: GradeOptions['audience'];
}

type ToChild = GradingRequest & { id: number };
type FromChild =
  | { ready: true }
  | { id: number; report: GradeReport }
  | { id: number; error: { name: string; message: string; reason?: string } };

interface Pending {
  request: ToChild;
  resolve: (report: GradeReport) => void;
  reject: (error: Error) => void;
}

/** The grading process's nice value (0 is the server's; 19 the lowest priority). */
export const GRADING_NICENESS = 10;

const BIN = fileURLToPath(new URL('../../../bin/strata.mjs', import.meta.url));

/**
 * Grades in a separate, small Node process with its own pool of sandboxes (`strata serve`'s
 * in-process workers). Starting a sandbox forks the process that starts it, and a fork of the web
 * server once it holds the embedded database (~1 GB resident) stopped its event loop for
 * 0.1-0.3 s per sandbox on this 2-core machine: every learner submitting or polling meanwhile
 * waited. This process is started before the database opens, while the server is small, and every
 * sandbox is then forked from it; the contract check and the report are built there too, off the
 * thread that answers requests, and at a lower CPU priority (GRADING_NICENESS). Each grading is
 * the same as in-process: the same sandbox, one per submission, the same report.
 *
 * If the process ends (a crash, a kill), the gradings it had fail with an error (their jobs are
 * retried by the queue) and the next grading starts a new one.
 */
export class GradingProcess {
  private child: ChildProcess | null = null;
  private ready = false;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private closed = false;

  /** Gradings at once (the child's sandbox pool starts that many ahead). */
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  /** Starts the process now (before the caller grows), so that grading later forks nothing big. */
  static start(size: number): GradingProcess {
    const grading = new GradingProcess(size);
    grading.spawn();
    return grading;
  }

  /** The process's id while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  grade(request: GradingRequest): Promise<GradeReport> {
    if (this.closed) return Promise.reject(new Error('the grading process was closed'));
    const child = this.child ?? this.spawn();
    const message: ToChild = { ...request, id: ++this.next };
    return new Promise<GradeReport>((resolve, reject) => {
      this.pending.set(message.id, { request: message, resolve, reject });
      if (this.ready) child.send(message);
    });
  }

  /** Ends the process (its sandboxes die with it); gradings still running fail. */
  close(): void {
    this.closed = true;
    const child = this.child;
    if (!child) return;
    if (child.connected) child.disconnect();
    child.kill('SIGTERM');
  }

  private spawn(): ChildProcess {
    this.ready = false;
    const child = fork(BIN, [GRADING_PROCESS_ARGUMENT, String(this.size)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Not the parent's flags (a profiler, a test runner's loader): the child is a plain CLI run.
      execArgv: [],
    });
    this.child = child;
    // Behind the web server for the CPU: a grading may wait, a learner's request should not. Set
    // as the process starts, so its threads and every sandbox it forks inherit it.
    try {
      if (child.pid !== undefined) setPriority(child.pid, GRADING_NICENESS);
    } catch {
      // not permitted here: the gradings run at the server's priority
    }
    child.on('message', (message: FromChild) => {
      if ('ready' in message) {
        this.ready = true;
        for (const { request } of this.pending.values()) child.send(request);
        return;
      }
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if ('report' in message) waiting.resolve(message.report);
      else waiting.reject(toError(message.error));
    });
    child.on('error', (error) => this.lost(child, `could not run (${error.message})`));
    child.on('exit', (code, signal) => this.lost(child, `ended (${signal ?? `exit code ${code}`})`));
    return child;
  }

  private lost(child: ChildProcess, how: string): void {
    if (this.child !== child) return;
    this.child = null;
    this.ready = false;
    if (!this.closed) console.error(`grading: the grading process ${how}; the next grading starts another`);
    const error = new Error(`the grading process ${how} during this grading`);
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

function toError({ name, message, reason }: { name: string; message: string; reason?: string }): Error {
  if (name === 'SandboxUnavailableError') return new SandboxUnavailableError(reason ?? message);
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * The grading process's side (`bin/strata.mjs __grading-process <size>`): grades what the parent
 * sends, with a pool of sandboxes started ahead, until the parent goes away (then the caller
 * exits: the sandboxes still running die with this process).
 */
export async function serveGradings(size: number): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) throw new Error('the grading process is started by `strata serve`, over an IPC channel');
  const pool = new SandboxPool({ size: Math.max(1, size), compiled: true });
  // A grading that ends after the parent went away has no one to tell.
  const reply = (message: FromChild) => {
    if (process.connected) send(message);
  };
  await new Promise<void>((done) => {
    process.on('message', (message: ToChild) => {
      gradeWithLocalPython({
        exercise: message.exercise,
        files: message.files,
        hidden: message.hidden,
        audience: message.audience,
        pool,
      }).then(
        (report) => reply({ id: message.id, report }),
        (error: Error) =>
          reply({
            id: message.id,
            error: {
              name: error.name,
              message: error.message,
              ...(error instanceof SandboxUnavailableError ? { reason: error.reason } : {}),
            },
          }),
      );
    });
    process.once('disconnect', () => done());
    reply({ ready: true });
  });
  pool.close();
}
