/**
 * Issue 14 item 5: a U+FFFD written in a UTF-8 file is a value's problem (reported per row by the
 * loader), bytes that are not UTF-8 are the file's (refused, naming the encodings to try), and a
 * file declared latin1/windows-1252 whose bytes are UTF-8 is warned about.
 */
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../../src/ingest/read/csv.ts';
import { looksLikeUtf8 } from '../../../../src/ingest/read/decode.ts';
import { readJsonLines } from '../../../../src/ingest/read/jsonl.ts';
import { MalformedFileError } from '../../../../src/ingest/read/record.ts';
import { openRecords } from '../../../../src/ingest/source.ts';
import { collect, tempFiles } from './temp-files.ts';

const file = tempFiles();

async function failure(promise: Promise<unknown>): Promise<MalformedFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MalformedFileError);
  return error as MalformedFileError;
}

describe('U+FFFD written in a UTF-8 file', () => {
  const text = 'id,name,city\n1,Ana,Cluj\n2,Ir\uFFFDna,Gy\uFFFDr\n3,Dan,Ia\u0219i\n';

  it('reaches the records, at every chunk size (a sequence split between chunks included)', async () => {
    const path = file('literal.csv', text);
    for (const chunkBytes of [4, 5, 6, 7, 64, 1024]) {
      const records = await collect(readCsv(path, { chunkBytes }));
      expect(records.map((r) => r.fields.name)).toEqual(['Ana', 'Ir\uFFFDna', 'Dan']);
    }
  });

  it('marks each record with the columns (JSON: paths) that hold one', async () => {
    const records = await collect(openRecords(file('marked.csv', text), { format: 'csv' }));
    expect(records.map((r) => r.replaced)).toEqual([undefined, ['name', 'city'], undefined]);
    const jsonl = file('marked.jsonl', '{"a":"ok"}\n{"a":"x","p":{"name":"Ir\uFFFDna","tags":["\uFFFD"]}}\n');
    const lines = await collect(openRecords(jsonl, { format: 'jsonl' }));
    expect(lines.map((r) => r.replaced)).toEqual([undefined, ['p.name', 'p.tags[0]']]);
  });
});

describe('bytes that are not UTF-8', () => {
  // "Müller" in windows-1252: 0xFC is no UTF-8 lead byte.
  const latin = Buffer.concat([
    Buffer.from('id,name\n1,Ana\n2,M'),
    Buffer.from([0xfc]),
    Buffer.from('ller\n'),
  ]);

  it('refuse the file at the right line, naming the encodings to try, at every chunk size', async () => {
    const path = file('latin.csv', latin);
    for (const chunkBytes of [4, 5, 16, 17, 1024]) {
      const error = await failure(collect(readCsv(path, { chunkBytes })));
      expect(error.line).toBe(3);
      expect(error.reason).toMatch(/not valid UTF-8/);
      expect(error.reason).toMatch(/--encoding windows-1252/);
      expect(error.reason).toMatch(/--encoding latin1/);
    }
  });

  it('are told apart from a literal U+FFFD on the same line', async () => {
    const mixed = Buffer.concat([
      Buffer.from('id,name\n1,\uFFFDM'),
      Buffer.from([0xfc]),
      Buffer.from('ller\n'),
    ]);
    const error = await failure(collect(readCsv(file('mixed.csv', mixed))));
    expect(error.line).toBe(2);
  });

  it('include a multi-byte sequence cut off by the end of the file', async () => {
    const cut = Buffer.concat([Buffer.from('id,name\n1,Ana\n2,M'), Buffer.from([0xc3])]);
    const error = await failure(collect(readCsv(file('cut.csv', cut))));
    expect(error.line).toBe(3);
  });

  it('refuse a JSON lines file the same way', async () => {
    const path = file(
      'latin.jsonl',
      Buffer.concat([Buffer.from('{"a":1}\n{"n":"M'), Buffer.from([0xfc]), Buffer.from('"}\n')]),
    );
    const error = await failure(collect(readJsonLines(path)));
    expect(error.line).toBe(2);
    expect(error.reason).toMatch(/--encoding windows-1252/);
  });
});

describe('a UTF-8 file declared latin1 or windows-1252', () => {
  it('is recognised by its multi-byte sequences, and plain latin1 text is not', () => {
    expect(looksLikeUtf8(Buffer.from('Société Générale, Weiß, Müller ....'))).toBe(true);
    expect(looksLikeUtf8(Buffer.from('ascii only .....'))).toBe(false);
    expect(looksLikeUtf8(Buffer.from('Soci\u00e9t\u00e9 .....', 'latin1'))).toBe(false);
  });

  it('loads (the caller chose) but warns once, instead of loading "Ã©" silently', async () => {
    const warnings: string[] = [];
    const path = file('utf8.csv', 'id,name\n1,Société Générale\n2,Weiß\n');
    const records = await collect(
      readCsv(path, { encoding: 'latin1', onWarning: (message) => warnings.push(message) }),
    );
    expect(records[0]?.fields.name).toBe('SociÃ©tÃ© GÃ©nÃ©rale');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/--encoding utf-8/);
  });
});
