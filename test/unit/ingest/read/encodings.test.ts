/**
 * The code pages of Central and Eastern European systems and UTF-16 "Unicode text": each read with
 * its own table, a wrong declaration refused or warned about with the encoding to use instead.
 */
import { describe, expect, it } from 'vitest';
import { parseMapping } from '../../../../src/ingest/mapping/parse.ts';
import { type CsvOptions, readCsv } from '../../../../src/ingest/read/csv.ts';
import {
  createChunkDecoder,
  encodingNamed,
  looksLikeMisreadCyrillic,
  readsAsCyrillic,
  TEXT_ENCODINGS,
} from '../../../../src/ingest/read/decode.ts';
import { readJsonLines } from '../../../../src/ingest/read/jsonl.ts';
import { checkReadOverrides } from '../../../../src/ingest/source.ts';
import { collect, malformed, tempFiles } from './temp-files.ts';

const file = tempFiles();

const read = (content: Buffer, options: CsvOptions = {}) =>
  collect(readCsv(file('in.csv', content), options));

const failure = (content: Buffer, options: CsvOptions = {}) => malformed(read(content, options));

const bytes = (...values: number[]) => Buffer.from(values);
const line = (text: string) => Buffer.from(text, 'latin1');

/** "Иванов" in each Cyrillic table, byte by byte from the published code charts. */
const IVANOV: Record<string, Buffer> = {
  'windows-1251': bytes(0xc8, 0xe2, 0xe0, 0xed, 0xee, 0xe2),
  'koi8-r': bytes(0xe9, 0xd7, 0xc1, 0xce, 0xcf, 0xd7),
  'koi8-u': bytes(0xe9, 0xd7, 0xc1, 0xce, 0xcf, 0xd7),
  'iso-8859-5': bytes(0xb8, 0xd2, 0xd0, 0xdd, 0xde, 0xd2),
  ibm866: bytes(0x88, 0xa2, 0xa0, 0xad, 0xae, 0xa2),
};

describe('reading code pages', () => {
  it.each(Object.entries(IVANOV))('reads Cyrillic names written in %s', async (encoding, name) => {
    const content = Buffer.concat([line('id;name\n1;'), name, line('\n')]);
    const records = await read(content, { encoding: encoding as never, delimiter: ';' });
    expect(records[0]?.fields.name).toBe('Иванов');
  });

  it('maps the whole Cyrillic alphabet of windows-1251 and koi8-r (А–я)', () => {
    const alphabet = Array.from({ length: 64 }, (_, i) => String.fromCodePoint(0x410 + i)).join('');
    const cp1251 = Buffer.from(Array.from({ length: 64 }, (_, i) => 0xc0 + i));
    expect(createChunkDecoder('windows-1251').write(cp1251)).toBe(alphabet);
    // KOI8-R orders the letters by their Latin sound: "а" is 0xC1, "А" 0xE1.
    expect(createChunkDecoder('koi8-r').write(bytes(0xc1, 0xe1, 0xda, 0xfa, 0xa3, 0xb3))).toBe('аАзЗёЁ');
    expect(createChunkDecoder('koi8-u').write(bytes(0xa4, 0xb4, 0xa6, 0xb6, 0xa7, 0xb7))).toBe('єЄіІїЇ');
  });

  it('reads Polish, Czech, Hungarian and Romanian letters in windows-1250 and iso-8859-2', () => {
    // Łódź, Šťastný, Kőszegi, Ştefan (cedilla: what windows-1250 holds)
    const cp1250 = bytes(
      0xa3,
      0xf3,
      0x64,
      0x9f,
      0x20,
      0x8a,
      0x9d,
      0x61,
      0x73,
      0x74,
      0x6e,
      0xfd,
      0x20,
      0xf5,
      0x20,
      0xaa,
    );
    expect(createChunkDecoder('windows-1250').write(cp1250)).toBe('Łódź Šťastný ő Ş');
    expect(createChunkDecoder('iso-8859-2').write(bytes(0xa3, 0xf3, 0x64, 0xbc, 0xa9, 0xbb))).toBe('ŁódźŠť');
    // The same bytes in windows-1252 are other letters: the declaration matters.
    expect(createChunkDecoder('windows-1252').write(bytes(0xa3, 0xf3, 0x64, 0x9f))).toBe('£ódŸ');
  });

  it('reads Greek, Turkish and Baltic letters', () => {
    expect(
      createChunkDecoder('windows-1253').write(bytes(0xd0, 0xe1, 0xf0, 0xe1, 0xe4, 0xdc, 0xea, 0xe7, 0xf2)),
    ).toBe('Παπαδάκης');
    expect(
      createChunkDecoder('iso-8859-7').write(bytes(0xd0, 0xe1, 0xf0, 0xe1, 0xe4, 0xdc, 0xea, 0xe7, 0xf2)),
    ).toBe('Παπαδάκης');
    expect(createChunkDecoder('windows-1254').write(bytes(0xdd, 0xfe, 0xf0, 0xfd, 0xde, 0xd0))).toBe(
      'İşğıŞĞ',
    );
    expect(createChunkDecoder('windows-1257').write(bytes(0xc8, 0xe8, 0xd0, 0xf0, 0xcf, 0xef))).toBe(
      'ČčŠšĻļ',
    );
  });

  it('keeps an undefined byte as U+FFFD, which the loader reports per row, and completes characters across chunks', async () => {
    // 0xFF is undefined in windows-1253.
    expect(createChunkDecoder('windows-1253').write(bytes(0x41, 0xff))).toBe('A\uFFFD');
    const decoder = createChunkDecoder('utf-16le');
    const text = Buffer.from('Ж😀', 'utf16le');
    const parts = [...text].map((b) => decoder.write(bytes(b))).join('') + decoder.end();
    expect(parts).toBe('Ж😀');
  });
});

describe('UTF-16 ("Unicode text" from a spreadsheet)', () => {
  const text = 'id\tname\n1\tІваненко Олена\n2\t"Müller, Jürgen"\n';
  const le = Buffer.concat([bytes(0xff, 0xfe), Buffer.from(text, 'utf16le')]);
  const be = Buffer.concat([bytes(0xfe, 0xff), Buffer.from(text, 'utf16le').swap16()]);

  it('reads little- and big-endian files, with lines numbered as in the file, whatever the chunk size', async () => {
    for (const [encoding, content] of [
      ['utf-16le', le],
      ['utf-16be', be],
    ] as const) {
      for (const chunkBytes of [1, 3, 7, 64]) {
        const records = await read(content, { encoding, delimiter: '\t', chunkBytes });
        expect(records.map((r) => [r.line, r.fields.name])).toEqual([
          [2, 'Іваненко Олена'],
          [3, 'Müller, Jürgen'],
        ]);
      }
    }
  });

  it('refuses a UTF-16 file declared otherwise, naming the encoding its byte-order mark says', async () => {
    expect((await failure(le)).reason).toMatch(/--encoding utf-16le/);
    expect((await failure(be, { encoding: 'utf-16le' })).reason).toMatch(/--encoding utf-16be/);
    expect((await failure(le, { encoding: 'windows-1251' })).reason).toMatch(/--encoding utf-16le/);
    // Without a byte-order mark, UTF-16 read as UTF-8 shows itself by its NUL bytes.
    expect((await failure(Buffer.from('a,b\n1,2\n', 'utf16le'))).reason).toMatch(/--encoding utf-16le/);
  });

  it('reads JSON lines in UTF-16 too', async () => {
    const jsonl = Buffer.concat([bytes(0xff, 0xfe), Buffer.from('{"name":"Ковальчук"}\n', 'utf16le')]);
    const records = await collect(readJsonLines(file('in.jsonl', jsonl), { encoding: 'utf-16le' }));
    expect(records[0]?.fields).toEqual({ name: 'Ковальчук' });
  });
});

describe('a wrong declaration', () => {
  const cyrillic = Buffer.concat([
    line('id;name;city\n1;'),
    IVANOV['windows-1251'] as Buffer,
    line(' '),
    bytes(0xcf, 0xe5, 0xf2, 0xfa, 0xf0), // Петър
    line(';'),
    bytes(0xd1, 0xee, 0xf4, 0xe8, 0xff), // София
    line('\n'),
  ]);

  it('refused as UTF-8, Cyrillic bytes name windows-1251 first', async () => {
    const error = await failure(cyrillic, { delimiter: ';' });
    expect(error.line).toBe(2);
    expect(error.reason).toMatch(
      /read as Cyrillic words in windows-1251: load it with --encoding windows-1251/,
    );
    // Western bytes keep the general advice.
    const german = await failure(line('id;name\n1;Jürgen Müller Weiß\n'), { delimiter: ';' });
    expect(german.reason).toMatch(/--encoding windows-1252/);
    expect(german.reason).not.toMatch(/Cyrillic words/);
  });

  it('declared windows-1252, Cyrillic text loads as asked with a warning naming windows-1251', async () => {
    const warnings: string[] = [];
    const records = await read(cyrillic, {
      encoding: 'windows-1252',
      delimiter: ';',
      onWarning: (message) => warnings.push(message),
    });
    expect(records[0]?.fields.name).toBe('Èâàíîâ Ïåòúð');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/--encoding windows-1251/);
    // Western text in windows-1252 is not mistaken for it.
    const quiet: string[] = [];
    await read(line('id;name\n1;José Müller, Françoise Lefèvre, Søren Ærø, Ãlvaro Ôme\n'), {
      encoding: 'windows-1252',
      delimiter: ';',
      onWarning: (message) => quiet.push(message),
    });
    expect(quiet).toEqual([]);
  });

  it('tells Cyrillic bytes from Western ones', () => {
    expect(readsAsCyrillic(cyrillic)).toBe(true);
    expect(readsAsCyrillic(line('Jürgen Müller, Weiß, Kraków Łódź'))).toBe(false);
    expect(looksLikeMisreadCyrillic('Èâàíîâ Ïåòúð Ñîôèÿ')).toBe(true);
    expect(looksLikeMisreadCyrillic('Françoise Lefèvre, Müller, Ærø')).toBe(false);
  });
});

describe('naming an encoding', () => {
  it('accepts code-page numbers and other common spellings', () => {
    expect(encodingNamed('CP1251')).toBe('windows-1251');
    expect(encodingNamed('windows_1250')).toBe('windows-1250');
    expect(encodingNamed('ISO-8859-1')).toBe('latin1');
    expect(encodingNamed('UTF-16')).toBe('utf-16le');
    expect(encodingNamed('koi8r')).toBe('koi8-r');
    expect(encodingNamed('ebcdic')).toBeUndefined();
    for (const encoding of TEXT_ENCODINGS) expect(encodingNamed(encoding)).toBe(encoding);
    expect(checkReadOverrides({ encoding: 'cp1251' }).encoding).toBe('windows-1251');
    expect(() => checkReadOverrides({ encoding: 'ebcdic' })).toThrow(/windows-1251/);
  });

  it('in a mapping, by name or alias', () => {
    const mapping = (encoding: string) => `
skein: 1
name: bg-bank
source: Bank BG
jurisdiction: BG
input: { format: csv, delimiter: ';', encoding: ${encoding} }
entities:
  holder: { label: Person, key: [id], properties: { name: { column: name, transform: name } } }
relationships: []
`;
    expect(parseMapping(mapping('cp1251'), 'bg.yaml').input.encoding).toBe('windows-1251');
    expect(parseMapping(mapping('koi8-u'), 'bg.yaml').input.encoding).toBe('koi8-u');
    expect(() => parseMapping(mapping('ebcdic'), 'bg.yaml')).toThrow(/encoding/);
  });
});
