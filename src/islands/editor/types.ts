import type { ExerciseMeta } from '../../schemas/index.ts';

/** A file shown in the editor. */
export interface EditorFile {
  path: string;
  text: string;
}

/** What the exercise page hands the editor: the learner's files and the contracts they must keep. */
export interface EditorWorkspace {
  files: Record<string, string>;
  active: string;
  contracts: { path: string; text: string } | undefined;
  /** What the browser needs to grade: metadata and tests (hidden tests are hidden, not secret). */
  grading?: GradingBundle | undefined;
}

export interface GradingBundle {
  meta: ExerciseMeta;
  tests: Record<string, string>;
  hidden: Record<string, string>;
  lessonHref: string;
  /** The reference solution, shipped only when the exercise may ever reveal it. */
  solution?: Record<string, string> | undefined;
}

/** One broken-contract finding, placed on the import line that causes it. */
export interface Diagnostic {
  contract: string;
  summary: string;
  file: string;
  line: number;
  importer: string;
  imported: string;
}

export type ContractsRequest =
  | { type: 'init'; files: Record<string, string>; config: { path: string; text: string } }
  /** `text: null` means the file was deleted. */
  | { type: 'update'; path: string; text: string | null };

export type ContractsResponse =
  | { type: 'diagnostics'; diagnostics: Diagnostic[]; ms: number }
  | { type: 'error'; message: string; file?: string | undefined; line?: number | undefined };
