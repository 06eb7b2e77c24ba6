/**
 * Errors of the import pipeline that callers act on. Row and file problems are
 * data (RowProblem, FileProblem), not errors: a file with bad rows is a normal
 * outcome; these are for misuse and interrupted runs.
 */
export type ImportErrorCode =
  | 'import_aborted'
  | 'import_unusable_file'
  | 'import_bad_input'
  | 'import_unknown_change';

export class ImportError extends Error {
  readonly code: ImportErrorCode;
  constructor(code: ImportErrorCode, message: string) {
    super(message);
    this.name = 'ImportError';
    this.code = code;
  }
}
