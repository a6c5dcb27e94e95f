/**
 * Anything that stops analysis (lint-imports exits 2): a syntax error in a scanned file, a bad
 * configuration, a missing module, an unmatched ignored import. Names the file/line or contract/field.
 */
export class ContractsError extends Error {
  readonly kind: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly contract: string | undefined;
  readonly field: string | undefined;

  constructor(
    kind: string,
    message: string,
    where: { file?: string; line?: number; contract?: string; field?: string } = {},
  ) {
    super(message);
    this.name = 'ContractsError';
    this.kind = kind;
    this.file = where.file;
    this.line = where.line;
    this.contract = where.contract;
    this.field = where.field;
  }

  /** The one-line form lint-imports prints: `Kind: message`. */
  override toString(): string {
    return `${this.kind}: ${this.message}`;
  }
}
