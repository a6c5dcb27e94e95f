import type { ExerciseMeta } from '../../schemas/index.ts';
import type { NextStep } from '../../site/index.ts';

/** A file shown in the editor. */
export interface EditorFile {
  path: string;
  text: string;
}

/** The contracts the workspace checks live. */
export interface WorkspaceContracts {
  path: string;
  text: string;
  /** The learner writes them: `path` is one of their files, and the checker follows its edits. */
  learner?: boolean | undefined;
}

/** What the exercise page hands the editor: the learner's files and the contracts they must keep. */
export interface EditorWorkspace {
  files: Record<string, string>;
  active: string;
  contracts: WorkspaceContracts | undefined;
  /** What the browser needs to grade: metadata and tests (hidden tests are hidden, not secret). */
  grading?: GradingBundle | undefined;
}

export interface GradingBundle {
  meta: ExerciseMeta;
  tests: Record<string, string>;
  hidden: Record<string, string>;
  /** Hidden projects the learner's own contracts are graded on (writesContracts), by name. */
  projects?: Record<string, Record<string, string>> | undefined;
  lessonHref: string;
  /** The reference solution, shipped only when the exercise may ever reveal it. */
  solution?: Record<string, string> | undefined;
  /** Where to go after a full score: the next exercise and the next lesson, when there are. */
  next?: NextStep[] | undefined;
  /** The exercise index, offered beside the next steps. */
  exercisesHref?: string | undefined;
}

/** One broken-contract finding, placed on the import line that causes it. */
export interface Diagnostic {
  contract: string;
  summary: string;
  file: string;
  line: number;
  importer: string;
  imported: string;
  /** A structure rule's finding (not an import): its column and offending text. */
  rule?: boolean;
  column?: number;
  text?: string;
}

export type ContractsRequest =
  | {
      type: 'init';
      files: Record<string, string>;
      config: { path: string; text: string };
      /** The learner writes the configuration: edits of `config.path` re-read it. */
      follow?: boolean;
    }
  /** `text: null` means the file was deleted. */
  | { type: 'update'; path: string; text: string | null };

/**
 * A horizontal band of the import graph, top to bottom: one line of a layers contract, then the
 * modules in no layer, then the external packages (when the configuration includes them).
 */
export interface GraphBand {
  label: string;
  kind: 'layer' | 'unlayered' | 'external';
}

/** The learner's import graph as the contracts worker last analysed it. */
export interface ImportGraphData {
  rootPackages: string[];
  bands: GraphBand[];
  /** `band` indexes `bands`; `path` is null for an external package. */
  modules: { name: string; path: string | null; band: number }[];
  imports: { importer: string; imported: string; lines: number[] }[];
}

export type ContractsResponse =
  | {
      type: 'diagnostics';
      diagnostics: Diagnostic[];
      graph: ImportGraphData;
      ms: number;
      /** How many contracts and rules the configuration holds (none yet, when the learner writes them). */
      contracts: number;
    }
  | {
      type: 'error';
      message: string;
      file?: string | undefined;
      line?: number | undefined;
      /** The graph as far as it could be read, when the files could be (a missing layer, say). */
      graph?: ImportGraphData | undefined;
    };
