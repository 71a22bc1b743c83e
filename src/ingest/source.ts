/**
 * Opens an extract as a stream of records for the loader, whatever its format: the one place that
 * knows the readers' options, so load.ts only sees records (with a parse error for a JSON line that
 * is not an object: that row is rejected, the file goes on; and the columns that hold U+FFFD
 * replacement characters, which the loader rejects or keeps by `onReplacement`).
 */
import { type CsvOptions, readCsv, readCsvHeader } from './read/csv.ts';
import { encodingNamed, TEXT_ENCODINGS, type TextEncodingName } from './read/decode.ts';
import { readJsonLines } from './read/jsonl.ts';
import { MalformedFileError, type SourceRecord } from './read/record.ts';

/** What a row whose values hold U+FFFD becomes: rejected (default) or loaded with a warning per column. */
export const ON_REPLACEMENT = ['reject', 'keep'] as const;
export type OnReplacement = (typeof ON_REPLACEMENT)[number];

export interface SourceOptions {
  format: 'csv' | 'jsonl';
  delimiter?: string;
  quote?: string;
  encoding?: TextEncodingName;
  /** A warning about the file as a whole (a declared encoding that looks wrong). */
  onWarning?: (message: string) => void;
}

/** How a load overrides its mapping's input settings (CLI --encoding, --delimiter, --on-replacement). */
export interface ReadOverrides {
  encoding?: string;
  delimiter?: string;
  onReplacement?: string;
}

export interface InputRecord extends SourceRecord {
  parseError?: string;
  /** Columns (JSON: dotted paths) whose value holds U+FFFD, in file order. */
  replaced?: string[];
}

/** The delimiter as written on a command line or in a mapping: "\t" and "tab" for a tab. */
export function delimiterOption(value: string): string {
  return value === '\\t' || value.toLowerCase() === 'tab' ? '\t' : value;
}

/**
 * Checks CLI/API overrides of the mapping's input, with messages that say what is allowed; the
 * file is not opened yet. Throws Error naming the option.
 */
export function checkReadOverrides(overrides: ReadOverrides): {
  encoding?: TextEncodingName;
  delimiter?: string;
  onReplacement?: OnReplacement;
} {
  const checked: { encoding?: TextEncodingName; delimiter?: string; onReplacement?: OnReplacement } = {};
  if (overrides.encoding !== undefined) {
    const encoding = encodingNamed(overrides.encoding);
    if (encoding === undefined) {
      throw new Error(
        `ingest/source: --encoding "${overrides.encoding}" is not one of ${TEXT_ENCODINGS.join(', ')} (cp1250–cp1257, iso-8859-1, latin2, cp866 and utf-16 are accepted as aliases)`,
      );
    }
    checked.encoding = encoding;
  }
  if (overrides.delimiter !== undefined) {
    const delimiter = delimiterOption(overrides.delimiter);
    if (delimiter.length !== 1 || delimiter === '\n' || delimiter === '\r' || delimiter === '"') {
      throw new Error(
        `ingest/source: --delimiter takes one character other than a line break or '"' ("\\t" or "tab" for a tab), got ${JSON.stringify(overrides.delimiter)}`,
      );
    }
    checked.delimiter = delimiter;
  }
  if (overrides.onReplacement !== undefined) {
    if (!(ON_REPLACEMENT as readonly string[]).includes(overrides.onReplacement)) {
      throw new Error(
        `ingest/source: --on-replacement "${overrides.onReplacement}" is not one of ${ON_REPLACEMENT.join(', ')}`,
      );
    }
    checked.onReplacement = overrides.onReplacement as OnReplacement;
  }
  return checked;
}

function csvOptions(options: SourceOptions): CsvOptions {
  return {
    encoding: options.encoding ?? 'utf-8',
    ...(options.delimiter !== undefined ? { delimiter: delimiterOption(options.delimiter) } : {}),
    ...(options.quote !== undefined ? { quote: options.quote } : {}),
    ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
  };
}

/** Dotted paths of string values holding U+FFFD, depth first (JSON lines nest). */
function replacedPaths(value: unknown, path: string, into: string[]): void {
  if (typeof value === 'string') {
    if (value.includes('\uFFFD')) into.push(path);
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) replacedPaths(item, `${path}[${i}]`, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) replacedPaths(item, path ? `${path}.${key}` : key, into);
  }
}

async function* markReplacements(records: AsyncIterable<InputRecord>): AsyncGenerator<InputRecord> {
  for await (const record of records) {
    // The raw text is checked first: almost every row has none, and then no field is looked at.
    if (record.raw.includes('\uFFFD')) {
      const replaced: string[] = [];
      replacedPaths(record.fields, '', replaced);
      // A U+FFFD outside any value (in a JSON key, or a line that is not an object) is still reported.
      record.replaced = replaced.length > 0 ? replaced : ['(row)'];
    }
    yield record;
  }
}

export function openRecords(file: string, options: SourceOptions): AsyncIterable<InputRecord> {
  if (options.format === 'jsonl') {
    return markReplacements(
      readJsonLines(file, {
        encoding: options.encoding ?? 'utf-8',
        ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
      }),
    );
  }
  return markReplacements(readCsv(file, csvOptions(options)));
}

/**
 * Checks, before anything is written, that a CSV header has every column the mapping reads; a
 * missing one stops the load with a message naming file, line and column.
 */
export async function checkColumns(
  file: string,
  options: SourceOptions,
  columns: readonly string[],
): Promise<void> {
  if (options.format !== 'csv' || columns.length === 0) return;
  const header = await readCsvHeader(file, csvOptions({ ...options, onWarning: () => undefined }));
  const present = new Set(header.columns);
  for (const column of columns) {
    if (!present.has(column)) {
      const shown = header.delimiter === '\t' ? 'tab' : header.delimiter;
      throw new MalformedFileError(
        file,
        header.line,
        column,
        `the mapping reads this column but the header has none of that name (header: ${header.columns
          .slice(0, 40)
          .join(
            ', ',
          )}; delimiter "${shown}"); fix the mapping, or pass --delimiter and --encoding if the file differs from the mapping's input`,
      );
    }
  }
}
