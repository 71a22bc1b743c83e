/**
 * Streaming JSON Lines reader: one record per non-blank line, fields = the parsed object.
 * A line that is not a JSON object is not a file error: it is yielded with `parseError` so the loader
 * rejects that one row and goes on. Encoding faults (bytes that are not UTF-8, NUL) stop the file,
 * as for CSV, because they mean every line is misread; a U+FFFD written in the file is the row's
 * problem (the loader reports it per row).
 */
import { countNewlines, decodeFile, findForbiddenChar, type TextEncodingName } from './decode.ts';
import { MalformedFileError, type SourceRecord } from './record.ts';

export interface JsonLineRecord extends SourceRecord {
  /** Why the line could not be read as a JSON object; `fields` is then empty. */
  parseError?: string;
}

export interface JsonLinesOptions {
  /** Default 'utf-8' (what JSON requires); the others exist for exports that ignored that. */
  encoding?: TextEncodingName;
  /** A line longer than this (in characters) is a file error: the file is not line-delimited. */
  maxLineChars?: number;
  /** Bytes read at a time (default 256 KiB); small values exist for tests of chunk boundaries. */
  chunkBytes?: number;
  /** Told when the declared encoding looks wrong for the file (see read/decode.ts). */
  onWarning?: (message: string) => void;
}

export const JSONL_DEFAULTS = {
  encoding: 'utf-8',
  maxLineChars: 16 * 1024 * 1024,
} as const satisfies JsonLinesOptions;

/** Reads a .jsonl/.ndjson file; `line` is the physical line number (blank lines are skipped but counted). */
export async function* readJsonLines(
  path: string,
  options: JsonLinesOptions = {},
): AsyncGenerator<JsonLineRecord> {
  const encoding = options.encoding ?? JSONL_DEFAULTS.encoding;
  const maxLineChars = options.maxLineChars ?? JSONL_DEFAULTS.maxLineChars;
  let pending = '';
  let line = 1;
  const hooks = options.onWarning !== undefined ? { onWarning: options.onWarning } : {};
  for await (const text of decodeFile(path, encoding, options.chunkBytes, hooks)) {
    const forbidden = findForbiddenChar(text, encoding);
    if (forbidden !== undefined) {
      const at = line + countNewlines(pending) + countNewlines(text, 0, forbidden.index);
      throw new MalformedFileError(path, at, undefined, `line ${at} has ${forbidden.reason}`);
    }
    const buf = pending + text;
    let start = 0;
    for (let end = buf.indexOf('\n'); end >= 0; end = buf.indexOf('\n', start)) {
      const record = parseLine(buf.slice(start, end), line);
      if (record !== undefined) yield record;
      line++;
      start = end + 1;
    }
    pending = buf.slice(start);
    if (pending.length > maxLineChars) {
      throw new MalformedFileError(
        path,
        line,
        undefined,
        `line is longer than ${maxLineChars} characters; is this JSON Lines?`,
      );
    }
  }
  const last = parseLine(pending, line);
  if (last !== undefined) yield last;
}

function parseLine(text: string, line: number): JsonLineRecord | undefined {
  const raw = text.endsWith('\r') ? text.slice(0, -1) : text;
  if (raw.trim().length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { line, raw, fields: {}, parseError: `not valid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return { line, raw, fields: {}, parseError: `a JSON line must be an object, this one is ${kind}` };
  }
  return { line, raw, fields: value as Record<string, unknown> };
}
