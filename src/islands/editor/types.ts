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
  | { type: 'update'; path: string; text: string };

export type ContractsResponse =
  | { type: 'diagnostics'; diagnostics: Diagnostic[]; ms: number }
  | { type: 'error'; message: string; file?: string | undefined; line?: number | undefined };
