/**
 * Bytes to text for the readers, chunk by chunk, and the checks that tell a wrongly declared
 * encoding from real data: bytes that are not UTF-8 (the file is in another encoding: refused,
 * naming the encodings to try, Cyrillic ones first when the bytes read as Cyrillic words), NUL
 * (UTF-16 or a binary file), a file declared in a single-byte encoding whose bytes read as UTF-8
 * (would load "Ã©" for "é": a warning) and Cyrillic text declared windows-1252 or latin1 (would load
 * "Èâàíîâ" for "Иванов": a warning).
 * A U+FFFD replacement character written in the file itself (valid UTF-8, left by an earlier bad
 * conversion) is data, not an encoding fault: it reaches the records, and the loader rejects or
 * keeps the row by option (source.ts). So is one decoded from a byte its single-byte table leaves
 * undefined (0xFF in windows-1253): the row is reported, not guessed.
 *
 * Seized data from Central and Eastern Europe is often in the code pages of the systems that wrote
 * it: windows-1250 (Polish, Czech, Slovak, Hungarian, Romanian, Croatian), windows-1251 and the
 * older KOI8 and DOS tables (Bulgarian, Russian, Ukrainian, Serbian Cyrillic), windows-1253 (Greek),
 * windows-1254 (Turkish), windows-1257 (Baltic); spreadsheets save "Unicode text" as UTF-16. Those are
 * decoded by the platform's TextDecoder (the WHATWG tables, which equal the vendors' tables on every
 * defined byte: compared byte by byte with Python's codecs when this was written; the tests check
 * each table's letters against the published charts).
 *
 * windows-1252 is decoded here rather than with TextDecoder('windows-1252'): Node 20's decoder for
 * that label maps 0x80-0x9F to C1 control characters (ISO-8859-1), losing "€", curly quotes, "Š",
 * "ž" and "Œ" — exactly the letters of the East European names in such files.
 */
import { createReadStream } from 'node:fs';
import { MalformedFileError } from './record.ts';

export const TEXT_ENCODINGS = [
  'utf-8',
  'latin1',
  'windows-1252',
  'windows-1250',
  'windows-1251',
  'windows-1253',
  'windows-1254',
  'windows-1257',
  'iso-8859-2',
  'iso-8859-5',
  'iso-8859-7',
  'koi8-r',
  'koi8-u',
  'ibm866',
  'utf-16le',
  'utf-16be',
] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

/** Other names people write for them (code-page numbers, Python's and iconv's spellings). */
export const ENCODING_ALIASES: Readonly<Record<string, TextEncodingName>> = {
  utf8: 'utf-8',
  'iso-8859-1': 'latin1',
  'iso8859-1': 'latin1',
  cp1250: 'windows-1250',
  cp1251: 'windows-1251',
  cp1252: 'windows-1252',
  cp1253: 'windows-1253',
  cp1254: 'windows-1254',
  cp1257: 'windows-1257',
  latin2: 'iso-8859-2',
  cp866: 'ibm866',
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
};

/** The encoding a user named, or undefined when Skein does not read it. */
export function encodingNamed(name: string): TextEncodingName | undefined {
  const wanted = name.trim().toLowerCase().replace(/_/g, '-');
  const bare = wanted.replace(/-/g, '');
  return (
    TEXT_ENCODINGS.find((e) => e === wanted || e.replace(/-/g, '') === bare) ??
    ENCODING_ALIASES[wanted] ??
    ENCODING_ALIASES[bare]
  );
}

const isUtf16 = (encoding: TextEncodingName) => encoding === 'utf-16le' || encoding === 'utf-16be';

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
    default: {
      if (!(TEXT_ENCODINGS as readonly string[]).includes(encoding)) {
        throw new Error(
          `ingest/read: unknown encoding "${String(encoding)}"; use one of ${TEXT_ENCODINGS.join(', ')}`,
        );
      }
      // Not fatal: an undefined byte becomes U+FFFD, which the loader reports per row.
      let decoder: TextDecoder;
      try {
        decoder = new TextDecoder(encoding);
      } catch {
        throw new Error(
          `ingest/read: this Node.js has no decoder for ${encoding} (built without full ICU); run Skein on an official Node.js build, or convert the file to UTF-8 first (iconv -f ${encoding} -t utf-8)`,
        );
      }
      return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
    }
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
    reason:
      'a NUL byte: the file is UTF-16 or binary, not delimited text; if it is UTF-16 (a spreadsheet\'s "Unicode text"), load it with --encoding utf-16le',
  };
}

/** Why a file that is not UTF-8 was refused, and what to run instead. */
export const NOT_UTF8 =
  'bytes that are not valid UTF-8: the file is in another encoding. If it was exported from Windows or ' +
  'an older system, load it with --encoding windows-1252 (western European text, "€") or --encoding latin1 ' +
  '(ISO-8859-1); windows-1250 for Polish, Czech, Hungarian or Romanian, windows-1251 for Cyrillic, ' +
  'windows-1253 for Greek, windows-1254 for Turkish; check a few names with accents after loading';

/** NOT_UTF8 when the refused bytes read as Cyrillic words in windows-1251: that one first. */
const NOT_UTF8_CYRILLIC =
  'bytes that are not valid UTF-8: the file is in another encoding, and its bytes read as Cyrillic words in ' +
  'windows-1251: load it with --encoding windows-1251 (or koi8-r, koi8-u, ibm866 for older systems), then ' +
  'check a few names after loading';

/**
 * Words (three letters or more) that are Cyrillic when `bytes` are read as windows-1251, against
 * words that mix Latin and Cyrillic letters: Cyrillic text gives many of the first and none of the
 * second; Polish or German text read that way gives mixed words ("Mьller").
 */
export function readsAsCyrillic(bytes: Buffer): boolean {
  const text = new TextDecoder('windows-1251').decode(bytes);
  let cyrillic = 0;
  let mixed = 0;
  for (const word of text.match(/\p{L}{3,}/gu) ?? []) {
    const hasCyrillic = /\p{Script=Cyrillic}/u.test(word);
    if (!hasCyrillic) continue;
    if (/\p{Script=Latin}/u.test(word)) mixed++;
    else cyrillic++;
  }
  return cyrillic >= 2 && mixed * 10 <= cyrillic;
}

/**
 * Text decoded as windows-1252 or latin1 that is really Cyrillic: words made only of the letters
 * "À" to "ÿ" ("Èâàíîâ"), which Western text, whose accented letters sit among plain ones, hardly has.
 */
export function looksLikeMisreadCyrillic(text: string): boolean {
  let misread = 0;
  let words = 0;
  for (const word of text.match(/\p{L}{4,}/gu) ?? []) {
    if (/[^a-zA-Z]/.test(word)) words++;
    if (/^[\u00c0-\u00ff]+$/.test(word)) misread++;
  }
  return misread >= 3 && misread * 2 >= words;
}

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
  const refuse = (relativeLine: number, bytes?: Buffer): never => {
    const line = linesBefore + relativeLine + 1;
    const why = bytes !== undefined && readsAsCyrillic(bytes) ? NOT_UTF8_CYRILLIC : NOT_UTF8;
    throw new MalformedFileError(path, line, undefined, `line ${line} has ${why}`);
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
        if (invalid !== undefined) refuse(invalid, bytes);
      }
      tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2)));
    } else if (!warned && hooks.onWarning !== undefined && !isUtf16(encoding)) {
      if (looksLikeUtf8(bytes)) {
        warned = true;
        hooks.onWarning(
          `${path}: declared ${encoding}, but its accented letters are UTF-8 byte sequences ("é" would load as "Ã©"); ` +
            'if names look garbled, load it again with --encoding utf-8',
        );
      } else if ((encoding === 'windows-1252' || encoding === 'latin1') && looksLikeMisreadCyrillic(text)) {
        warned = true;
        hooks.onWarning(
          `${path}: declared ${encoding}, but its words read as Cyrillic in windows-1251 ("Èâàíîâ" would load for "Иванов"); ` +
            'if names look garbled, load it again with --encoding windows-1251',
        );
      }
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
  const bom =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : undefined;
  if (bom !== undefined && bom !== encoding) {
    throw new MalformedFileError(
      path,
      1,
      undefined,
      `the file is ${bom === 'utf-16le' ? 'UTF-16 little-endian' : 'UTF-16 big-endian'} (byte-order mark; a spreadsheet's "Unicode text"): load it with --encoding ${bom}`,
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
