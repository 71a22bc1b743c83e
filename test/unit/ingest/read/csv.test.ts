import { describe, expect, it } from 'vitest';
import { type CsvOptions, detectDelimiter, readCsv, readCsvHeader } from '../../../../src/ingest/read/csv.ts';
import { MalformedFileError } from '../../../../src/ingest/read/record.ts';
import { collect, malformed, tempFiles } from './temp-files.ts';

const file = tempFiles();

async function read(content: string | Buffer, options: CsvOptions = {}) {
  return collect(readCsv(file('in.csv', content), options));
}

const failure = (content: string | Buffer, options: CsvOptions = {}) => malformed(read(content, options));

describe('readCsv', () => {
  it('keys fields by the header and numbers physical lines from the header (line 1)', async () => {
    const records = await read('id, name ,amount\n1,Ion,12.50\n2,Ana,-3\n');
    expect(records).toEqual([
      { line: 2, raw: '1,Ion,12.50', fields: { id: '1', name: 'Ion', amount: '12.50' } },
      { line: 3, raw: '2,Ana,-3', fields: { id: '2', name: 'Ana', amount: '-3' } },
    ]);
  });

  it('reads a last row without a line break, and empty values', async () => {
    expect(await read('a,b,c\n1,,\n,,3')).toEqual([
      { line: 2, raw: '1,,', fields: { a: '1', b: '', c: '' } },
      { line: 3, raw: ',,3', fields: { a: '', b: '', c: '3' } },
    ]);
  });

  it('handles quoted delimiters, line breaks and doubled quotes, counting lines inside quotes', async () => {
    const text = 'id,note,amount\n1,"Rent, March",10\n2,"two\nlines and ""quotes""",20\n3,plain,30\n';
    const records = await read(text);
    expect(records.map((r) => [r.line, r.fields.note])).toEqual([
      [2, 'Rent, March'],
      [3, 'two\nlines and "quotes"'],
      [5, 'plain'],
    ]);
    expect(records[1]?.raw).toBe('2,"two\nlines and ""quotes""",20');
  });

  it('strips a UTF-8 byte-order mark and reads CRLF line breaks', async () => {
    const records = await read('\uFEFFid;name\r\n1;"a\r\nb"\r\n2;Ana\r\n');
    expect(records).toEqual([
      { line: 2, raw: '1;"a\r\nb"', fields: { id: '1', name: 'a\r\nb' } },
      { line: 4, raw: '2;Ana', fields: { id: '2', name: 'Ana' } },
    ]);
  });

  it('skips blank lines but counts them', async () => {
    const records = await read('a,b\n\n1,2\r\n\r\n\n3,4\n\n');
    expect(records.map((r) => r.line)).toEqual([3, 6]);
  });

  it.each([
    [';', 'id;name;amount\n1;Ion, jr;12,50\n'],
    ['\t', 'id\tname\tamount\n1\tIon, jr\t12,50\n'],
    ['|', 'id|name|amount\n1|Ion, jr|12,50\n'],
    [',', 'id,name,amount\n1,"Ion; jr",12.50\n'],
  ])('detects the delimiter %j from the header', async (delimiter, text) => {
    const records = await read(text);
    expect(Object.keys(records[0]?.fields ?? {})).toEqual(['id', 'name', 'amount']);
    expect(await readCsvHeader(file('h.csv', text))).toMatchObject({ delimiter });
  });

  it('uses a given delimiter and quote', async () => {
    const records = await read("a;b\n'x;y';2\n", { delimiter: ';', quote: "'" });
    expect(records[0]?.fields).toEqual({ a: 'x;y', b: '2' });
  });

  it('reads quotes as plain characters when quoting is off', async () => {
    const records = await read('a,b\n"x,2\n', { quote: '' });
    expect(records[0]?.fields).toEqual({ a: '"x', b: '2' });
  });

  it('refuses to guess between delimiters that tie in the header', () => {
    expect(detectDelimiter('a,b;c', '"')).toBeUndefined();
    expect(detectDelimiter('"a,b";c', '"')).toBe(';');
    expect(detectDelimiter('single', '"')).toBe(',');
  });

  it('throws on a tied header', async () => {
    expect((await failure('a,b;c\n1,2;3\n')).message).toMatch(/--delimiter/);
  });

  it('throws MalformedFileError on an empty file ("no header")', async () => {
    const error = await failure('');
    expect(error.reason).toMatch(/no header/);
    await expect(readCsvHeader(file('empty.csv', ''))).rejects.toThrow(/no header/);
    expect((await failure('\n\n')).reason).toMatch(/no header/);
  });

  it('reads a header-only file as zero records, and its header on its own', async () => {
    expect(await read('id,name\n')).toEqual([]);
    expect(await read('id,name')).toEqual([]);
    expect(await readCsvHeader(file('header.csv', 'id;name\n'))).toEqual({
      columns: ['id', 'name'],
      delimiter: ';',
      line: 1,
    });
  });

  it('throws on a ragged row, naming file and line', async () => {
    const error = await failure('a,b,c\n1,2,3\n"x\ny",2,3\n4,5\n');
    expect(error).toBeInstanceOf(MalformedFileError);
    expect(error.file).toMatch(/in\.csv$/);
    expect(error.line).toBe(5);
    expect(error.reason).toMatch(/2 fields but the header has 3/);
    expect((await failure('a,b\n1,2,3\n')).line).toBe(2);
  });

  it('throws on NUL bytes, naming the line', async () => {
    const error = await failure(Buffer.from('a,b\n1,2\n3,\u00004\n', 'utf8'));
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(/NUL/);
  });

  it('throws on UTF-16 input', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]);
    expect((await failure(utf16)).reason).toMatch(/UTF-16/);
  });

  it('throws on Latin-1 bytes declared as UTF-8, naming the line and the --encoding fix', async () => {
    const latin1 = Buffer.from('name,city\nIon,Bucuresti\nJosé,Málaga\n', 'latin1');
    const error = await failure(latin1);
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(/not valid UTF-8/);
    expect(error.reason).toMatch(/--encoding windows-1252/);
    expect(error.reason).toMatch(/--encoding latin1/);
  });

  it('throws on a truncated UTF-8 sequence at the end of the file', async () => {
    const bytes = Buffer.concat([Buffer.from('a\nx', 'utf8'), Buffer.from([0xc3])]);
    expect((await failure(bytes)).line).toBe(2);
  });

  it('reads latin1 and windows-1252 when declared', async () => {
    const latin1 = Buffer.from('name\nJosé Müller\n', 'latin1');
    expect((await read(latin1, { encoding: 'latin1' }))[0]?.fields.name).toBe('José Müller');
    // 0x80 €, 0x8A Š, 0x9A š, 0x8E Ž, 0x93/0x94 curly quotes: where windows-1252 differs from latin1.
    const cp1252 = Buffer.concat([
      Buffer.from('name\n'),
      Buffer.from([0x8a, 0x9a, 0x8e, 0x20, 0x80, 0x93, 0x94, 0x0a]),
    ]);
    expect((await read(cp1252, { encoding: 'windows-1252' }))[0]?.fields.name).toBe('ŠšŽ €“”');
    expect((await read(cp1252, { encoding: 'latin1' }))[0]?.fields.name).toBe(
      '\u008a\u009a\u008e \u0080\u0093\u0094',
    );
  });

  it('refuses a UTF-8 byte-order mark when another encoding was declared', async () => {
    expect((await failure('\uFEFFa\n1\n', { encoding: 'windows-1252' })).reason).toMatch(/--encoding utf-8/);
  });

  it('throws on a quote that is never closed, and on text after a closing quote', async () => {
    const unclosed = await failure('a,b\n1,2\n3,"open\n4,5\n');
    expect(unclosed.line).toBe(3);
    expect(unclosed.column).toBe('b');
    expect(unclosed.reason).toMatch(/never closed/);
    const after = await failure('a,b\n1,"x"y\n');
    expect(after.line).toBe(2);
    expect(after.reason).toMatch(/doubled/);
  });

  it('throws on a record longer than maxRecordChars', async () => {
    const error = await failure(`a,b\n1,"${'x'.repeat(5000)}\n`, { maxRecordChars: 1000, chunkBytes: 256 });
    expect(error.reason).toMatch(/longer than 1000/);
  });

  it('throws on a header naming a column twice', async () => {
    const error = await failure('id,name,id\n1,2,3\n');
    expect(error.column).toBe('id');
  });

  it('reads a 1 MB field, quoted and unquoted', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const records = await read(`a,b,c\n1,"${big}, with ""quotes""",3\n2,${big},4\n`);
    expect(records.map((r) => [r.line, r.fields.b?.length, r.fields.c])).toEqual([
      [2, big.length + 15, '3'],
      [3, big.length, '4'],
    ]);
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const text =
      '\uFEFFid,note,amount\r\n1,"a, b",1\r\n2,"multi\r\nline ""q""",2\r\n\r\n3,Ștefan 🙂 Ž,3\r\n4,"",\r\n5,"x\ny"\r\n'.replace(
        '5,"x\ny"',
        '5,"x\ny",5',
      );
    const expected = await read(text);
    expect(expected.map((r) => r.line)).toEqual([2, 3, 6, 7, 8]);
    for (const chunkBytes of [1, 2, 3, 5, 7, 11, 64]) {
      expect(await read(text, { chunkBytes })).toEqual(expected);
    }
  });

  it('reads a file of many chunks with records across the boundaries', async () => {
    let text = 'id,name,note\n';
    for (let i = 1; i <= 5000; i++) text += `${i},Name ${i},"note ${i}\nsecond line, ""${i}"""\n`;
    const records = await read(text, { chunkBytes: 4096 });
    expect(records).toHaveLength(5000);
    expect(records[4999]).toMatchObject({
      line: 2 + 4999 * 2,
      fields: { id: '5000', note: 'note 5000\nsecond line, "5000"' },
    });
  });

  it('stops reading when the consumer stops', async () => {
    const path = file('stop.csv', 'a\n1\n2\n3\n');
    for await (const record of readCsv(path)) {
      expect(record.fields.a).toBe('1');
      break;
    }
  });

  it('rejects bad options as call mistakes', async () => {
    await expect(read('a\n1\n', { delimiter: ';;' })).rejects.toThrow(/ingest\/read\/csv: delimiter/);
    await expect(read('a\n1\n', { quote: ',', delimiter: ',' })).rejects.toThrow(/quote/);
    await expect(read('a\n1\n', { encoding: 'utf-16' as never })).rejects.toThrow(/encoding/);
  });
});
