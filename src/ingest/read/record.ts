/** One input record as the readers hand it on: where it came from and what it said. */
export interface SourceRecord {
  /** 1-based physical line number of the record's first line in the file (the header is line 1 for CSV). */
  line: number;
  /** The original text of the record, as written to a rejects file. */
  raw: string;
  /** Field name → value; for JSON lines the parsed object. */
  fields: Record<string, unknown>;
}

/** A file that cannot be read at all (wrong encoding, ragged rows, missing mapped column): the load stops. */
export class MalformedFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: string | undefined,
    readonly reason: string,
  ) {
    super(
      `${file}${line !== undefined ? `:${line}` : ''}${column !== undefined ? ` column "${column}"` : ''}: ${reason}`,
    );
    this.name = 'MalformedFileError';
  }
}
