/**
 * Issue 14 item 5, end to end: small fixtures in the layouts real extracts come in (aggregated
 * transfers with scientific-notation amounts and undated rows; a UTF-8 file with U+FFFD replacement
 * characters; a semicolon-delimited windows-1252 export) load without workarounds, with
 * read = loaded + rejected, and the API answers are checked against values computed here.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../src/config.ts';
import { loadExtract } from '../../src/ingest/load.ts';
import { readCsv } from '../../src/ingest/read/csv.ts';
import { MalformedFileError } from '../../src/ingest/read/record.ts';
import { drainAudit } from '../../src/store/audit.ts';
import { readExtract } from '../../src/store/write.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { pollUntil } from '../support/poll.ts';
import { collect } from '../unit/ingest/read/temp-files.ts';
import { jwtClient } from './client.ts';

const REAL = resolve(import.meta.dirname, '../fixtures/real');
const fixture = (name: string) => join(REAL, name);
const rejectsDir = mkdtempSync(join(tmpdir(), 'skein-real-values-'));
const rejectsFile = (name: string) => join(rejectsDir, `${name}.rejects.jsonl`);
const { as } = jwtClient('real-values-secret-real-values-secret!!');
const everyone = { id: 'all-analyst', roles: ['analyst' as const], jurisdictions: ['*'] };
const gbOnly = { id: 'gb-analyst', roles: ['analyst' as const], jurisdictions: ['GB'] };

const load = (csv: string, mapping: string, extra: Record<string, unknown> = {}) =>
  loadExtract({
    file: fixture(csv),
    mapping: fixture(mapping),
    rejectsFile: rejectsFile(`${csv}-${Object.values(extra).join('-')}`),
    ...extra,
  });

/** The fixture's CSV rows as fields, read here independently of the loader (no quoted commas but one). */
function csvRows(name: string): Record<string, string>[] {
  const [header = '', ...lines] = readFileSync(fixture(name), 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => {
    const cells =
      line.match(/("[^"]*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')) ?? [];
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

const ids = (body: any, path: (data: any) => any[]) => path(body.data).map((e: any) => e.node.entityId);

/** The names of the search hits of one type, as `viewer` sees them. */
async function searchNames(text: string, type: 'Person' | 'Organisation', viewer: typeof everyone) {
  const body = await as(
    viewer,
    `{ search(text: ${JSON.stringify(text)}, types: [${type}]) { edges { node { name } } } }`,
  );
  expect(body.errors).toBeUndefined();
  return body.data.search.edges.map((e: any) => e.node.name);
}

beforeAll(async () => {
  await cleanDatabase();
});
afterAll(async () => {
  await drainAudit();
  await closeDriver();
});

describe('aggregated transfers with scientific-notation amounts and undated rows', () => {
  it('loads every well-formed row (read = loaded + rejected) and the API shows the amounts exactly', async () => {
    const summary = await load('aggregated-transfers.csv', 'aggregated-transfers.yaml');
    expect(summary).toMatchObject({ rowsRead: 6, rowsLoaded: 5, rowsRejected: 1 });
    const [reject] = readFileSync(summary.rejectsFile as string, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(reject.line).toBe(7);
    expect(reject.reason).toMatch(/amount_usd.*5\.5E/);

    // Independent: JavaScript reads scientific notation itself; the one locale sum is written out.
    const expected = (from: string, to: string) =>
      csvRows('aggregated-transfers.csv')
        .filter((r) => r.sender_iban === from && r.beneficiary_iban === to && r.amount_usd !== '5.5E')
        .map((r) => (r.amount_usd === '1.234.567,89' ? 1_234_567.89 : Number(r.amount_usd)))
        .sort((a, b) => a - b);
    const query = `query($id: ID!) { entity(id: $id) { ... on Account {
      transactions(direction: IN, first: 50) { totalCount edges { node { amount at fromId } } } } } }`;
    const de = await as(everyone, query, { id: 'account:DE89370400440532013000' });
    expect(de.errors).toBeUndefined();
    const incoming = de.data.entity.transactions.edges.map((e: any) => e.node);
    const fromGb82 = incoming.filter((t: any) => t.fromId === 'account:GB82WEST12345698765432');
    const fromGb33 = incoming.filter((t: any) => t.fromId === 'account:GB33BUKB20201555555555');
    expect(fromGb82.map((t: any) => t.amount).sort()).toEqual(
      expected('GB82WEST12345698765432', 'DE89370400440532013000'),
    );
    expect(fromGb82[0].amount).toBe(56_898_523.47);
    // The undated row loads, with no date rather than an invented one.
    expect(fromGb33.map((t: any) => [t.amount, t.at])).toEqual([[1_234_567.89, null]]);
    const out = await as(everyone, query.replace('direction: IN', 'direction: OUT'), {
      id: 'account:DE89370400440532013000',
    });
    const amounts = out.data.entity.transactions.edges.map((e: any) => e.node.amount).sort();
    expect(amounts).toEqual([0.25, 1200]);
  });
});

describe('a UTF-8 file with U+FFFD replacement characters', () => {
  it('rejects only those rows by default, naming the column, and loads the rest', async () => {
    const summary = await load('replacement-chars.csv', 'replacement-chars.yaml');
    expect(summary).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsRejected: 2 });
    const rejects = readFileSync(summary.rejectsFile as string, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => r.line)).toEqual([3, 5]);
    for (const r of rejects) expect(r.reason).toMatch(/column "name" holds U\+FFFD.*--on-replacement keep/);
    const found = await as(everyone, '{ search(text: "Ana Popescu") { edges { node { entityId name } } } }');
    expect(found.data.search.edges[0].node.name).toBe('Ana Popescu');
  });

  it('keeps them with --on-replacement keep, counting a warning per column in the summary and on the Extract', async () => {
    const summary = await load('replacement-chars.csv', 'replacement-chars.yaml', { onReplacement: 'keep' });
    expect(summary).toMatchObject({ rowsRead: 5, rowsLoaded: 5, rowsRejected: 0, warnings: 2 });
    expect(summary.warningsByColumn).toEqual({ name: 2 });
    const warningLines = readFileSync(summary.warningsFile as string, 'utf8')
      .trim()
      .split('\n');
    expect(warningLines.map((l) => JSON.parse(l).line)).toEqual([3, 5]);
    const stored = await readExtract(summary.extractId);
    expect(stored).toMatchObject({ warnings: 2, warningsByColumn: { name: 2 } });
    // Another reading of the file is another extract: the default load above stays as it was.
    const other = await load('replacement-chars.csv', 'replacement-chars.yaml');
    expect(other.extractId).not.toBe(summary.extractId);
    expect(other.status).toBe('already-loaded');
  });

  it('keeps phones that are possible or raw, each searchable by its digits and marked', async () => {
    const phone = `query($id: ID!) { entity(id: $id) { ... on Phone { number validity digits } } }`;
    const expectPhone = async (id: string, number: string, status: string) => {
      const { data, errors } = await as(everyone, phone, { id });
      expect(errors).toBeUndefined();
      expect(data.entity).toEqual({ number, validity: status, digits: number.replace(/\D/g, '') });
    };
    await expectPhone('phone:+40721234567', '+40721234567', 'VALID');
    // +40 78… is a real Romanian range libphonenumber's metadata does not list: loaded, marked.
    await expectPhone('phone:+40781234567', '+40781234567', 'POSSIBLE');
    await expectPhone('phone:0771234', '0771234', 'RAW');
    await expectPhone('phone:+441234', '+441234', 'RAW');
    const search = async (text: string) =>
      ids(
        await as(everyone, `{ search(text: ${JSON.stringify(text)}) { edges { node { entityId } } } }`),
        (d) => d.search.edges,
      );
    expect(await search('0771234')).toContain('phone:0771234');
    expect(await search('077-123 4')).toContain('phone:0771234');
    expect(await search('441234')).toContain('phone:+441234');
  });
});

describe('a semicolon-delimited windows-1252 export', () => {
  it('is refused without --encoding, naming the encodings to try, and nothing is loaded', async () => {
    const error = await load('cp1252-semicolon.csv', 'cp1252-semicolon.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedFileError);
    expect((error as MalformedFileError).line).toBe(2);
    expect((error as MalformedFileError).reason).toMatch(/--encoding windows-1252/);
    const { data } = await as(everyone, '{ search(text: "Generale") { totalCount } }');
    expect(data.search.totalCount).toBe(0);
  });

  it('loads with --encoding and --delimiter overriding the mapping, accents intact', async () => {
    const summary = await load('cp1252-semicolon.csv', 'cp1252-semicolon.yaml', {
      encoding: 'windows-1252',
      delimiter: ';',
    });
    expect(summary).toMatchObject({ rowsRead: 5, rowsLoaded: 5, rowsRejected: 0, readWarnings: [] });
    const holder = `query($id: ID!) { entity(id: $id) { name } }`;
    const { data } = await as(everyone, holder, { id: 'org:Bank DE|societe generale' });
    expect(data.entity.name).toBe('Société Générale');
    expect((await as(everyone, holder, { id: 'org:Bank DE|hans weiss' })).data.entity.name).toBe('Hans Weiß');
  });

  it('finds names whatever their accents and case, both ways', async () => {
    const names = (text: string, viewer = everyone) => searchNames(text, 'Organisation', viewer);
    expect(await names('Societe Generale')).toContain('Société Générale');
    expect(await names('SOCIÉTÉ générale')).toContain('Société Générale');
    expect(await names('muller')).toEqual(expect.arrayContaining(['Jürgen Müller', 'Karl Muller']));
    expect(await names('Müller')).toEqual(expect.arrayContaining(['Jürgen Müller', 'Karl Muller']));
    expect(await names('weiss')).toEqual(expect.arrayContaining(['Hans Weiß', 'Anna Weiss']));
    expect(await names('Weiß')).toEqual(expect.arrayContaining(['Hans Weiß', 'Anna Weiss']));
    // Need-to-know holds in the folded index too: a GB-only analyst finds nothing of this DE extract.
    expect(await names('Societe Generale', gbOnly)).toEqual([]);
  });

  it('warns when a UTF-8 file is declared latin1 instead of loading "Ã©" silently', async () => {
    const summary = await loadExtract({
      file: fixture('replacement-chars.csv'),
      mapping: fixture('replacement-chars.yaml'),
      encoding: 'latin1',
      dryRun: true,
      rejectsFile: rejectsFile('latin1-dry'),
    });
    expect(summary.readWarnings).toHaveLength(1);
    expect(summary.readWarnings[0]).toMatch(/--encoding utf-8/);
  });
});

describe('loadExtract through the API with encoding, delimiter and onReplacement', () => {
  const loader = { id: 'values-loader', roles: ['loader' as const], jurisdictions: ['*'] };
  const START = `mutation($input: LoadExtractInput!) { loadExtract(input: $input) { id } }`;
  const JOB = `query($id: String!) { loadJob(id: $id) { status error summary { rowsRead rowsLoaded rowsRejected } } }`;
  const run = async (input: Record<string, unknown>) => {
    const started = await as(loader, START, { input });
    expect(started.errors).toBeUndefined();
    return pollUntil(
      'values load job',
      async () => (await as(loader, JOB, { id: started.data.loadExtract.id })).data?.loadJob,
      (job: any) => job?.status !== 'RUNNING',
      { everyMs: 250 },
    );
  };

  beforeAll(async () => {
    // The tiny bank-a statements as a Windows spreadsheet would save them: ';' and windows-1252.
    const records = await collect(
      readCsv(resolve(import.meta.dirname, '../fixtures/tiny/bank-a-statements.csv')),
    );
    const head = Object.keys(records[0]?.fields ?? {});
    const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
    const lines = [head.map(quote).join(';')];
    for (const r of records.slice(0, 5)) lines.push(head.map((c) => quote(r.fields[c] ?? '')).join(';'));
    const text = `${lines.join('\r\n').replace('SALARY', 'SALAIRE PAYÉ')}\r\n`;
    mkdirSync(join(config().importDir, 'values'), { recursive: true });
    writeFileSync(join(config().importDir, 'values/bank-a-cp1252.csv'), Buffer.from(text, 'latin1'));
  });

  it('fails a load of the file as the mapping reads it, advising the input field to set', async () => {
    const job: any = await run({ file: 'values/bank-a-cp1252.csv', mapping: 'bank-a' });
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/encoding: WINDOWS_1252/);
    expect(job.error).not.toMatch(/--encoding/);
  });

  it('loads it with encoding WINDOWS_1252 and delimiter ";"', async () => {
    const job: any = await run({
      file: 'values/bank-a-cp1252.csv',
      mapping: 'bank-a',
      encoding: 'WINDOWS_1252',
      delimiter: ';',
      onReplacement: 'REJECT',
    });
    expect(job).toMatchObject({
      status: 'COMPLETED',
      summary: { rowsRead: 5, rowsLoaded: 5, rowsRejected: 0 },
    });
  });

  it('refuses a delimiter that is not one character as bad input', async () => {
    const started = await as(loader, START, {
      input: { file: 'values/bank-a-cp1252.csv', mapping: 'bank-a', delimiter: ';;' },
    });
    expect(started.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(started.errors?.[0]?.message).toMatch(/delimiter takes one character/);
  });
});

describe('code pages of Eastern European systems and UTF-16 spreadsheet text', () => {
  const names = (text: string, viewer = everyone) => searchNames(text, 'Person', viewer);
  const holders = `query($id: ID!) { entity(id: $id) { ... on Account { iban holders { name } } } }`;

  it('a windows-1251 file read as UTF-8 is refused, naming windows-1251, and nothing is loaded', async () => {
    const error = await load('cp1251-bulgarian.csv', 'cp1251-bulgarian.yaml', { encoding: 'utf-8' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MalformedFileError);
    expect((error as MalformedFileError).line).toBe(1);
    expect((error as MalformedFileError).reason).toMatch(/--encoding windows-1251/);
    expect(await names('Иванов')).toEqual([]);
  });

  it('a windows-1251 Bulgarian export loads as its mapping declares it, Cyrillic intact and found by either script', async () => {
    const summary = await load('cp1251-bulgarian.csv', 'cp1251-bulgarian.yaml');
    expect(summary).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0, readWarnings: [] });
    const { data } = await as(everyone, holders, { id: 'account:BG80BNBG96611020345678' });
    expect(data.entity).toEqual({
      iban: 'BG80BNBG96611020345678',
      holders: [{ name: 'Петър Георгиев Иванов' }],
    });
    // Keyed by the national number, so only the name's Latin spellings can find them in Latin:
    // the passport's (ICAO), the press's and Bulgaria's own (Petar, Shterev).
    expect(await names('Иванов')).toEqual(['Петър Георгиев Иванов']);
    expect(await names('Ivanov')).toEqual(['Петър Георгиев Иванов']);
    expect(await names('Petar Georgiev')).toEqual(['Петър Георгиев Иванов']);
    expect(await names('Yordanka Stoyanova')).toEqual(['Йорданка Стоянова']);
    expect(await names('Iordanka')).toEqual(['Йорданка Стоянова']);
    expect(await names('Angel Shterev')).toEqual(['Ангел Щерев']);
    // A Bulgarian extract stays Bulgarian: a GB-only analyst finds nothing of it, in either script.
    expect(await names('Иванов', gbOnly)).toEqual([]);
    expect(await names('Ivanov', gbOnly)).toEqual([]);
  });

  it('UTF-16 text from a spreadsheet loads with its encoding named, Polish letters intact', async () => {
    const summary = await load('utf16-polish.txt', 'utf16-polish.yaml');
    expect(summary).toMatchObject({ rowsRead: 2, rowsLoaded: 2, rowsRejected: 0, readWarnings: [] });
    const { data } = await as(everyone, holders, { id: 'account:PL61109010140000071219812874' });
    expect(data.entity.holders).toEqual([{ name: 'Łukasz Żółkiewski' }]);
    expect(await names('Zolkiewski')).toEqual(['Łukasz Żółkiewski']);
    expect(await names('Wiśniewska')).toEqual(['Agnieszka Wiśniewska']);
  });
});
