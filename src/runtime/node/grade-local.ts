import { gradeSubmission } from '../../grading/index.ts';
import type { Exercise, FileMap, GradeOptions } from '../../grading/index.ts';
import type { GradeReport } from '../../schemas/index.ts';
import { LocalPythonRuntime } from './local-python.ts';
import type { SandboxPool } from './sandbox-process.ts';
import type { SandboxLimits } from './sandbox.ts';

export interface LocalGradeOptions {
  exercise: Exercise;
  files: FileMap;
  /** Paths the reader refused, named in the report (see GradeOptions.refused). */
  refused?: GradeOptions['refused'];
  hidden?: boolean;
  /** Who reads the report: hidden tests' messages and output are kept only for an instructor. */
  audience?: GradeOptions['audience'];
  /** Grade hidden tests even when no sandbox is available (trusted code only). */
  unsafeNoSandbox?: boolean;
  limits?: Partial<SandboxLimits>;
  /** Sandboxes started in advance (a batch, or a CLI that starts one while it reads the submission). */
  pool?: SandboxPool;
  harnessLimits?: GradeOptions['limits'];
}

/**
 * Grades one submission with python3 on this machine. Hidden tests run only inside the sandbox
 * unless `unsafeNoSandbox`; visible-only grading falls back to plain python3 when there is none.
 * Throws SandboxUnavailableError when the sandbox is required and missing.
 */
export async function gradeWithLocalPython(options: LocalGradeOptions): Promise<GradeReport> {
  const hidden = options.hidden !== false;
  const runtime = new LocalPythonRuntime({
    sandbox: hidden && !options.unsafeNoSandbox ? 'require' : 'auto',
    limits: options.limits,
    pool: options.pool,
  });
  await runtime.boot();
  try {
    return await gradeSubmission({
      exercise: options.exercise,
      files: options.files,
      refused: options.refused,
      host: runtime,
      hidden,
      audience: options.audience,
      limits: options.harnessLimits,
    });
  } finally {
    await runtime.dispose();
  }
}
