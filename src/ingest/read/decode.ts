/**
 * Bytes to text for the readers, chunk by chunk, and the checks that tell a wrongly declared
 * encoding from real data: U+FFFD (bytes that are not UTF-8) and NUL (UTF-16 or a binary file).
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
  encoding: TextEncodingName,
): { index: number; reason: string } | undefined {
  const nul = text.indexOf('\0');
  const replacement = encoding === 'utf-8' ? text.indexOf('\uFFFD') : -1;
  if (nul < 0 && replacement < 0) return undefined;
  if (replacement >= 0 && (nul < 0 || replacement < nul)) {
    return {
      index: replacement,
      reason:
        'bytes that are not valid UTF-8 (or a U+FFFD replacement character left by an earlier bad conversion); ' +
        'if the file was exported from Windows or an older system, read it with --encoding windows-1252 or --encoding latin1',
    };
  }
  return {
    index: nul,
    reason: 'a NUL byte: the file is UTF-16 or binary, not delimited text; convert it to UTF-8 first',
  };
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
): AsyncGenerator<string> {
  const decoder = createChunkDecoder(encoding);
  let first = true;
  for await (const chunk of createReadStream(path, {
    highWaterMark: Math.max(chunkBytes, MIN_CHUNK_BYTES),
  })) {
    const bytes = chunk as Buffer;
    if (first) {
      first = false;
      checkByteOrderMark(path, bytes, encoding);
    }
    const text = decoder.write(bytes);
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
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
