/** A file shown in the editor. */
export interface EditorFile {
  path: string;
  text: string;
}
