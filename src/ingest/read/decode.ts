/**
 * Bytes to text for the readers, chunk by chunk, and the checks that tell a wrongly declared
 * encoding from real data: bytes that are not UTF-8 (the file is in another encoding: refused,
 * naming the encodings to try), NUL (UTF-16 or a binary file), and a file declared latin1 or
 * windows-1252 whose bytes read as UTF-8 (would load "Ã©" for "é": a warning).
 * A U+FFFD replacement character written in the file itself (valid UTF-8, left by an earlier bad
 * conversion) is data, not an encoding fault: it reaches the records, and the loader rejects or
 * keeps the row by option (source.ts).
 *
 * windows-1252 is decoded here rather than with TextDecoder('windows-1252'): Node 20's decoder for
 * that label maps 0x80-0x9F to C1 control characters (ISO-8859-1), losing "€", curly quotes, "Š",
 * "ž" and "Œ" — exactly the letters of the East European names in such files.
 */
import { createReadStream } from 'node:fs';
import { MalformedFileError } from './record.ts';

export const TEXT_ENCODINGS = ['utf-8', 'latin1', 'windows-1252'] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

/** Bytes read per chunk: large enough for throughput, small enough to keep memory flat. */
export const CHUNK_BYTES = 256 * 1024;
/** The first chunk must hold a whole byte-order mark. */
const MIN_CHUNK_BYTES = 4;

/** Windows-1252 0x80-0x9F; the five bytes it leaves undefined keep their C1 code point (as WHATWG does). */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1_RANGE = /[\u0080-\u009F]/g;

export interface ChunkDecoder {
  /** Decodes the next bytes; a character split across chunks is completed by the next call. */
  write(bytes: Buffer): string;
  /** Whatever is left (a truncated UTF-8 sequence at the end of the file becomes U+FFFD). */
  end(): string;
}

export function createChunkDecoder(encoding: TextEncodingName): ChunkDecoder {
  switch (encoding) {
    case 'utf-8': {
      // Not fatal: the reader finds the U+FFFD itself so it can name the line.
      const decoder = new TextDecoder('utf-8');
      return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
    }
    case 'latin1':
      return { write: (bytes) => bytes.toString('latin1'), end: () => '' };
    case 'windows-1252':
      return {
        write: (bytes) => {
          const text = bytes.toString('latin1');
          return text.replace(C1_RANGE, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
        },
        end: () => '',
      };
    default:
      throw new Error(
        `ingest/read: unknown encoding "${String(encoding)}"; use one of ${TEXT_ENCODINGS.join(', ')}`,
      );
  }
}

/** A character that proves the file is not what the caller declared, and what to do about it. */
export function findForbiddenChar(
  text: string,
  _encoding: TextEncodingName,
): { index: number; reason: string } | undefined {
  const nul = text.indexOf('\0');
  if (nul < 0) return undefined;
  return {
    index: nul,
    reason: 'a NUL byte: the file is UTF-16 or binary, not delimited text; convert it to UTF-8 first',
  };
}

/** Why a file that is not UTF-8 was refused, and what to run instead. */
export const NOT_UTF8 =
  'bytes that are not valid UTF-8: the file is in another encoding. If it was exported from Windows or ' +
  'an older system, load it with --encoding windows-1252 (western and central European text, "€") or ' +
  '--encoding latin1 (ISO-8859-1); check a few names with accents after loading';

const REPLACEMENT_BYTES = Buffer.from([0xef, 0xbf, 0xbd]);

/** Count of `needle` per line (0-based, relative to the start) in `haystack`. */
function perLine(
  find: (from: number) => number,
  step: number,
  lineOf: (at: number) => number,
): Map<number, number> {
  const counts = new Map<number, number>();
  for (let at = find(0); at >= 0; at = find(at + step)) {
    const line = lineOf(at);
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return counts;
}

/**
 * The 0-based line (relative to the chunk) of the first U+FFFD that the decoder made from bytes
 * that are not UTF-8, or undefined when every U+FFFD in `text` was written in the file as one.
 * Literal ones are counted per line in the bytes (`tail`: the previous chunk's last two bytes, for
 * a sequence split between chunks) and compared with the U+FFFD per line in the text.
 */
function firstInvalidLine(text: string, bytes: Buffer, tail: Buffer): number | undefined {
  const inText = perLine(
    (from) => text.indexOf('\uFFFD', from),
    1,
    (at) => countNewlines(text, 0, at),
  );
  const joined = tail.length > 0 ? Buffer.concat([tail, bytes]) : bytes;
  const literal = perLine(
    (from) => joined.indexOf(REPLACEMENT_BYTES, from),
    3,
    (at) => countNewlineBytes(joined, at),
  );
  const lines = [...inText.keys()].sort((a, b) => a - b);
  return lines.find((line) => (inText.get(line) ?? 0) > (literal.get(line) ?? 0));
}

function countNewlineBytes(bytes: Buffer, to: number): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at >= 0 && at < to; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

/**
 * True when bytes declared latin1 or windows-1252 hold UTF-8 multi-byte sequences and nothing
 * else above ASCII: decoded as declared, every "é" would become "Ã©". The last three bytes are left
 * out (a sequence may continue in the next chunk).
 */
export function looksLikeUtf8(bytes: Buffer): boolean {
  const body = bytes.subarray(0, Math.max(0, bytes.length - 3));
  let multiByte = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i] as number;
    if (b < 0x80) continue;
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return false;
    for (let k = 1; k <= need; k++) {
      const c = body[i + k];
      if (c === undefined) return multiByte > 0;
      if ((c & 0xc0) !== 0x80) return false;
    }
    multiByte++;
    i += need;
  }
  return multiByte > 0;
}

export interface DecodeHooks {
  /** A warning about the file as a whole (a declared encoding that looks wrong). */
  onWarning?: (message: string) => void;
}

/** Counts line feeds in text[from, to). */
export function countNewlines(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** The file's text, chunk by chunk. Rejects byte-order marks that contradict the declared encoding. */
export async function* decodeFile(
  path: string,
  encoding: TextEncodingName,
  chunkBytes: number = CHUNK_BYTES,
  hooks: DecodeHooks = {},
): AsyncGenerator<string> {
  const decoder = createChunkDecoder(encoding);
  let first = true;
  let warned = false;
  let tail: Buffer = Buffer.alloc(0);
  let linesBefore = 0; // line feeds in the text already yielded
  const refuse = (relativeLine: number): never => {
    const line = linesBefore + relativeLine + 1;
    throw new MalformedFileError(path, line, undefined, `line ${line} has ${NOT_UTF8}`);
  };
  for await (const chunk of createReadStream(path, {
    highWaterMark: Math.max(chunkBytes, MIN_CHUNK_BYTES),
  })) {
    const bytes = chunk as Buffer;
    if (first) {
      first = false;
      checkByteOrderMark(path, bytes, encoding);
    }
    const text = decoder.write(bytes);
    if (encoding === 'utf-8') {
      if (text.includes('\uFFFD')) {
        const invalid = firstInvalidLine(text, bytes, tail);
        if (invalid !== undefined) refuse(invalid);
      }
      tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2)));
    } else if (!warned && hooks.onWarning !== undefined && looksLikeUtf8(bytes)) {
      warned = true;
      hooks.onWarning(
        `${path}: declared ${encoding}, but its accented letters are UTF-8 byte sequences ("é" would load as "Ã©"); ` +
          'if names look garbled, load it again with --encoding utf-8',
      );
    }
    linesBefore += countNewlines(text);
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  // A multi-byte sequence cut off by the end of the file.
  if (encoding === 'utf-8' && rest.includes('\uFFFD')) refuse(0);
  if (rest.length > 0) yield rest;
}

function checkByteOrderMark(path: string, bytes: Buffer, encoding: TextEncodingName): void {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new MalformedFileError(
      path,
      1,
      undefined,
      'the file is UTF-16 (byte-order mark); convert it to UTF-8 first',
    );
  }
  if (encoding !== 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new MalformedFileError(
      path,
      1,
      undefined,
      `the file starts with a UTF-8 byte-order mark but ${encoding} was declared; read it with --encoding utf-8`,
    );
  }
}
