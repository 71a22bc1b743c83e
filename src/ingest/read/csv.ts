/**
 * Streaming CSV reader: one SourceRecord per row, fields keyed by the header's column names.
 * RFC 4180 quoting (embedded delimiters, line breaks and doubled quotes), BOM, CRLF or LF.
 * Memory stays flat: only the current chunk and an unfinished record are held.
 *
 * Anything that makes the file unreadable as a whole — ragged rows, a wrong encoding, NUL bytes, an
 * unclosed quote — throws MalformedFileError naming the line (a U+FFFD written in the file is a
 * value's problem, not the file's: the loader reports it per row), because one such fault usually means
 * every later row is misread; a bad value in a well-formed row is the mapping's business, not ours.
 */
import {
  CHUNK_BYTES,
  countNewlines,
  decodeFile,
  findForbiddenChar,
  TEXT_ENCODINGS,
  type TextEncodingName,
} from './decode.ts';
import { MalformedFileError, type SourceRecord } from './record.ts';

export interface CsvOptions {
  /** One character; detected from the header among , ; tab | when omitted. */
  delimiter?: string;
  /** Default 'utf-8'. */
  encoding?: TextEncodingName;
  /** One character, default '"'; '' turns quoting off (every quote is a literal character). */
  quote?: string;
  /** The first row is the header; headerless files are not supported. */
  header?: true;
  /** A record longer than this (in characters) is an error: almost always an unclosed quote. */
  maxRecordChars?: number;
  /** Bytes read at a time (default 256 KiB); small values exist for tests of chunk boundaries. */
  chunkBytes?: number;
  /** Told when the declared encoding looks wrong for the file (see read/decode.ts). */
  onWarning?: (message: string) => void;
}

export const CSV_DEFAULTS = {
  encoding: 'utf-8',
  quote: '"',
  maxRecordChars: 16 * 1024 * 1024,
} as const satisfies CsvOptions;

export const DETECTABLE_DELIMITERS = [',', ';', '\t', '|'] as const;

export interface CsvRecord extends SourceRecord {
  fields: Record<string, string>;
}

export interface CsvHeader {
  /** Column names as written, trimmed. */
  columns: string[];
  /** The delimiter used (given or detected). */
  delimiter: string;
  /** Physical line of the header (1 unless the file starts with blank lines). */
  line: number;
}

/** Reads the records of a CSV file; see CsvOptions. The header is line 1; records count physical lines. */
export async function* readCsv(path: string, options: CsvOptions = {}): AsyncGenerator<CsvRecord> {
  for await (const item of parseCsv(path, options)) {
    if ('fields' in item) yield item;
  }
}

/** Reads only the header (to check a mapping's columns before loading); closes the file at once. */
export async function readCsvHeader(path: string, options: CsvOptions = {}): Promise<CsvHeader> {
  for await (const item of parseCsv(path, options)) {
    if ('columns' in item) return item;
  }
  throw new MalformedFileError(path, undefined, undefined, 'no header: the file is empty');
}

interface ParserSettings {
  path: string;
  delimiter: string | undefined;
  quote: string;
  encoding: TextEncodingName;
  maxRecordChars: number;
  chunkBytes: number;
  onWarning: ((message: string) => void) | undefined;
}

function checkOptions(path: string, options: CsvOptions): ParserSettings {
  const encoding = options.encoding ?? CSV_DEFAULTS.encoding;
  if (!TEXT_ENCODINGS.includes(encoding)) {
    throw new Error(`ingest/read/csv: encoding "${encoding}" is not one of ${TEXT_ENCODINGS.join(', ')}`);
  }
  const quote = options.quote ?? CSV_DEFAULTS.quote;
  const { delimiter } = options;
  if (delimiter !== undefined && (delimiter.length !== 1 || delimiter === '\n' || delimiter === '\r')) {
    throw new Error(
      `ingest/read/csv: delimiter must be one character other than a line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  if (quote.length > 1 || quote === delimiter || quote === '\n' || quote === '\r') {
    throw new Error(
      `ingest/read/csv: quote must be one character (or '' for none), not the delimiter, got ${JSON.stringify(quote)}`,
    );
  }
  if (options.header !== undefined && options.header !== true) {
    throw new Error('ingest/read/csv: only files with a header row are supported (header: true)');
  }
  return {
    path,
    delimiter,
    quote,
    encoding,
    maxRecordChars: options.maxRecordChars ?? CSV_DEFAULTS.maxRecordChars,
    chunkBytes: options.chunkBytes ?? CHUNK_BYTES,
    onWarning: options.onWarning,
  };
}

/** Picks the delimiter that occurs most often (outside quotes) in the header line; a tie is an error. */
export function detectDelimiter(headerLine: string, quote: string): string | undefined {
  const counts = new Map<string, number>(DETECTABLE_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (quote !== '' && char === quote) quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (best === undefined || best[1] === 0) return ','; // one column: any delimiter reads it the same
  if (second !== undefined && second[1] === best[1]) return undefined;
  return best[0];
}

const describe = (c: string) => (c === '\t' ? 'tab' : `"${c}"`);

/** Yields the header once, then every record. */
async function* parseCsv(path: string, options: CsvOptions): AsyncGenerator<CsvHeader | CsvRecord> {
  const settings = checkOptions(path, options);
  const parser = new CsvParser(settings);
  let waiting: string[] = [];
  let waitingChars = 0;
  const hooks = settings.onWarning !== undefined ? { onWarning: settings.onWarning } : {};
  for await (const text of decodeFile(path, settings.encoding, settings.chunkBytes, hooks)) {
    const forbidden = findForbiddenChar(text, settings.encoding);
    if (forbidden !== undefined) {
      const line = parser.lineAfter(waiting.join('') + text.slice(0, forbidden.index));
      throw new MalformedFileError(path, line, undefined, `line ${line} has ${forbidden.reason}`);
    }
    waiting.push(text);
    waitingChars += text.length;
    // A record longer than a chunk is re-scanned only when its text has doubled, so a huge quoted
    // field costs linear rather than quadratic time.
    if (waitingChars < parser.pendingChars && waitingChars < settings.chunkBytes * 4) continue;
    yield* parser.push(waiting.join(''), false);
    waiting = [];
    waitingChars = 0;
  }
  yield* parser.push(waiting.join(''), true);
  if (parser.columns === undefined)
    throw new MalformedFileError(path, undefined, undefined, 'no header: the file is empty');
}

const LF = 10;
const CR = 13;

/** The state machine: text in, header and records out; keeps an unfinished record between pushes. */
class CsvParser {
  columns: string[] | undefined;
  private pending = '';
  private pendingLine = 1;
  private delimiter: string | undefined;
  private readonly quoteCode: number;

  constructor(private readonly settings: ParserSettings) {
    this.delimiter = settings.delimiter;
    this.quoteCode = settings.quote === '' ? -1 : settings.quote.charCodeAt(0);
  }

  get pendingChars(): number {
    return this.pending.length;
  }

  /** The physical line reached after the unfinished record plus `more` text. */
  lineAfter(more: string): number {
    return this.pendingLine + countNewlines(this.pending) + countNewlines(more);
  }

  private fail(line: number | undefined, column: string | undefined, reason: string): never {
    throw new MalformedFileError(this.settings.path, line, column, reason);
  }

  *push(text: string, final: boolean): Generator<CsvHeader | CsvRecord> {
    const buf = this.pending.length > 0 ? this.pending + text : text;
    if (this.delimiter === undefined) {
      const start = Math.max(0, buf.search(/[^\r\n]/));
      const end = buf.indexOf('\n', start);
      if (end < 0 && !final) {
        this.pending = buf;
        return;
      }
      const firstLine = buf.slice(start, end < 0 ? buf.length : end);
      const detected = detectDelimiter(firstLine, this.settings.quote);
      if (detected === undefined) {
        this.fail(
          1,
          undefined,
          `cannot tell the delimiter from the header (as many of two of , ; tab |); pass --delimiter`,
        );
      }
      this.delimiter = detected;
    }
    const delimiter = this.delimiter;
    const delimCode = delimiter.charCodeAt(0);
    const quoteCode = this.quoteCode;
    const quote = this.settings.quote;
    const length = buf.length;
    let nextDelim = -2; // -2: not searched yet; -1: none left in buf
    let nextNewline = -2;
    let pos = 0;
    let line = this.pendingLine;
    const values: string[] = [];

    records: while (pos < length) {
      const recordStart = pos;
      const recordLine = line;
      let newlinesInside = 0;
      values.length = 0;
      // Blank line between records: counted, skipped.
      const first = buf.charCodeAt(pos);
      if (first === LF || (first === CR && buf.charCodeAt(pos + 1) === LF)) {
        pos += first === LF ? 1 : 2;
        line++;
        continue;
      }
      if (first === CR && pos + 1 === length) {
        if (!final) break; // the LF may be in the next chunk
        pos++;
        continue;
      }
      let p = pos;
      let recordEnd = -1; // index of the record's line break (or length at the end of the file)
      for (;;) {
        if (buf.charCodeAt(p) === quoteCode) {
          // Quoted field: up to the closing quote; "" inside is one quote.
          let value = '';
          let from = p + 1;
          let close: number;
          for (;;) {
            close = buf.indexOf(quote, from);
            if (close < 0 || (close + 1 === length && !final)) {
              if (final)
                this.fail(recordLine, this.columnName(values.length), 'a quoted value is never closed');
              break records;
            }
            if (buf.charCodeAt(close + 1) === quoteCode) {
              value += buf.slice(from, close + 1);
              from = close + 2;
              continue;
            }
            value += buf.slice(from, close);
            break;
          }
          newlinesInside += countNewlines(buf, p + 1, close);
          values.push(value);
          p = close + 1;
          const after = buf.charCodeAt(p);
          if (after === delimCode) {
            p++;
            continue;
          }
          if (after === LF || p >= length) {
            recordEnd = p;
            break;
          }
          if (after === CR && buf.charCodeAt(p + 1) === LF) {
            recordEnd = p;
            break;
          }
          if (after === CR && p + 1 >= length) {
            if (!final) break records;
            recordEnd = p;
            break;
          }
          this.fail(
            recordLine + newlinesInside,
            this.columnName(values.length - 1),
            `text after a closing quote (${JSON.stringify(buf.slice(p, p + 10))}); quotes inside a quoted value must be doubled`,
          );
        }
        // Unquoted field: up to the next delimiter or line break.
        if (nextDelim !== -1 && nextDelim < p) nextDelim = buf.indexOf(delimiter, p);
        if (nextNewline !== -1 && nextNewline < p) nextNewline = buf.indexOf('\n', p);
        if (nextNewline < 0 && !final) break records;
        const lineEnd = nextNewline < 0 ? length : nextNewline;
        if (nextDelim >= 0 && nextDelim < lineEnd) {
          values.push(buf.slice(p, nextDelim));
          p = nextDelim + 1;
          continue;
        }
        const end = lineEnd > p && buf.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
        values.push(buf.slice(p, end));
        recordEnd = end;
        break;
      }
      // recordEnd is at CR, LF or the end; step over the line break.
      let next = recordEnd;
      if (buf.charCodeAt(next) === CR) next++;
      if (buf.charCodeAt(next) === LF) next++;
      const raw = buf.slice(recordStart, recordEnd);
      pos = next;
      line = recordLine + newlinesInside + 1;
      if (this.columns === undefined) {
        yield this.acceptHeader(values, recordLine);
        continue;
      }
      const columns = this.columns;
      if (values.length !== columns.length) {
        this.fail(
          recordLine,
          undefined,
          `has ${values.length} fields but the header has ${columns.length} (a ${describe(delimiter)} inside an unquoted value, or a missing quote?)`,
        );
      }
      const fields: Record<string, string> = {};
      for (let i = 0; i < columns.length; i++) fields[columns[i] as string] = values[i] as string;
      yield { line: recordLine, raw, fields };
    }
    this.pending = pos < length ? buf.slice(pos) : '';
    this.pendingLine = line;
    if (this.pending.length > this.settings.maxRecordChars) {
      this.fail(
        line,
        undefined,
        `the record starting here is longer than ${this.settings.maxRecordChars} characters (an unclosed quote?)`,
      );
    }
  }

  private columnName(index: number): string | undefined {
    return this.columns?.[index];
  }

  private acceptHeader(values: string[], line: number): CsvHeader {
    const columns = values.map((v) => v.trim());
    const seen = new Set<string>();
    for (const column of columns) {
      if (seen.has(column)) {
        this.fail(
          line,
          column,
          'the header names this column twice; rename one so each value has its own column',
        );
      }
      seen.add(column);
    }
    this.columns = columns;
    return { columns, delimiter: this.delimiter ?? ',', line };
  }
}
