import { describe, expect, it } from 'vitest';
import { type JsonLinesOptions, readJsonLines } from '../../../../src/ingest/read/jsonl.ts';
import { MalformedFileError } from '../../../../src/ingest/read/record.ts';
import { collect, tempFiles } from './temp-files.ts';

const file = tempFiles();
const read = (content: string | Buffer, options: JsonLinesOptions = {}) =>
  collect(readJsonLines(file('in.jsonl', content), options));

describe('readJsonLines', () => {
  it('parses one object per line, skipping blank lines but counting them', async () => {
    const records = await read('{"id":1,"name":"Ion"}\n\n  \r\n{"id":2,"tags":["a"]}\r\n{"id":3}');
    expect(records).toEqual([
      { line: 1, raw: '{"id":1,"name":"Ion"}', fields: { id: 1, name: 'Ion' } },
      { line: 4, raw: '{"id":2,"tags":["a"]}', fields: { id: 2, tags: ['a'] } },
      { line: 5, raw: '{"id":3}', fields: { id: 3 } },
    ]);
  });

  it('yields a line that is not a JSON object with parseError instead of stopping', async () => {
    const records = await read('{"id":1}\n{"id":\n[1,2]\n42\nnull\n{"id":6}\n');
    expect(records.map((r) => [r.line, r.parseError === undefined])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, false],
      [5, false],
      [6, true],
    ]);
    expect(records[1]).toMatchObject({
      raw: '{"id":',
      fields: {},
      parseError: expect.stringMatching(/not valid JSON/),
    });
    expect(records[2]?.parseError).toMatch(/an array/);
  });

  it('strips a byte-order mark and reads an empty file as no records', async () => {
    expect(await read('\uFEFF{"a":"é"}\n')).toEqual([{ line: 1, raw: '{"a":"é"}', fields: { a: 'é' } }]);
    expect(await read('')).toEqual([]);
  });

  it('throws on NUL bytes and on bytes that are not UTF-8, naming the line', async () => {
    await expect(read('{"a":1}\n{"a":"\u0000"}\n')).rejects.toMatchObject({
      line: 2,
      reason: expect.stringMatching(/NUL/),
    });
    const latin1 = Buffer.from('{"a":1}\n{"a":2}\n{"name":"José"}\n', 'latin1');
    const error = await read(latin1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedFileError);
    expect(error).toMatchObject({ line: 3, reason: expect.stringMatching(/--encoding/) });
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const text = '{"name":"Ștefan 🙂"}\r\n\n{"n":2}\nnot json\n{"n":4}';
    const expected = await read(text);
    for (const chunkBytes of [1, 3, 7, 64]) expect(await read(text, { chunkBytes })).toEqual(expected);
  });

  it('throws on a line longer than maxLineChars', async () => {
    await expect(
      read(`{"a":"${'x'.repeat(5000)}"}\n`, { maxLineChars: 1000, chunkBytes: 256 }),
    ).rejects.toThrow(/longer than 1000/);
  });
});
