/**
 * Opens an extract as a stream of records for the loader, whatever its format: the one place that
 * knows the readers' options, so load.ts only sees records (with a parse error for a JSON line that
 * is not an object: that row is rejected, the file goes on).
 */
import { type CsvOptions, readCsv, readCsvHeader } from './read/csv.ts';
import { readJsonLines } from './read/jsonl.ts';
import { MalformedFileError, type SourceRecord } from './read/record.ts';

export interface SourceOptions {
  format: 'csv' | 'jsonl';
  delimiter?: string;
  quote?: string;
  encoding?: 'utf-8' | 'latin1' | 'windows-1252';
}

export interface InputRecord extends SourceRecord {
  parseError?: string;
}

function csvOptions(options: SourceOptions): CsvOptions {
  return {
    encoding: options.encoding ?? 'utf-8',
    ...(options.delimiter !== undefined
      ? { delimiter: options.delimiter === '\\t' ? '\t' : options.delimiter }
      : {}),
    ...(options.quote !== undefined ? { quote: options.quote } : {}),
  };
}

export function openRecords(file: string, options: SourceOptions): AsyncIterable<InputRecord> {
  if (options.format === 'jsonl') return readJsonLines(file, { encoding: options.encoding ?? 'utf-8' });
  return readCsv(file, csvOptions(options));
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
  const header = await readCsvHeader(file, csvOptions(options));
  const present = new Set(header.columns);
  for (const column of columns) {
    if (!present.has(column)) {
      throw new MalformedFileError(
        file,
        header.line,
        column,
        `the mapping reads this column but the header has none of that name (header: ${header.columns
          .slice(0, 40)
          .join(
            ', ',
          )}; delimiter "${header.delimiter}"); fix the mapping, or check the delimiter and encoding`,
      );
    }
  }
}
