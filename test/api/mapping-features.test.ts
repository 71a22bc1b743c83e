/**
 * Mappings that fit real files, answered through the API (issue 14 item 6): a ledger without ids
 * and a claims file with nested payments, checked against the rows written in the fixtures; a
 * booking whose payer phone is fictional loads with its passengers and reports warnings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../src/config.ts';
import { loadExtract } from '../../src/ingest/load.ts';
import { drainAudit } from '../../src/store/audit.ts';
import { bookingWithBadPhones } from '../support/booking.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { pollUntil } from '../support/poll.ts';
import { jwtClient } from './client.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/mapping');
const { as } = jwtClient('mapping-test-secret-mapping-test-secret');
const GB = { id: 'gb-analyst', roles: ['analyst'] as never, jurisdictions: ['GB'] };
const RO = { id: 'ro-analyst', roles: ['analyst'] as never, jurisdictions: ['RO'] };
const RO_LOADER = { id: 'ro-loader', roles: ['loader'] as never, jurisdictions: ['RO'] };

const TRANSACTIONS = `query($id: ID!, $kinds: [String!]) { entity(id: $id) { ... on Account {
  transactions(first: 50, kinds: $kinds) { totalCount edges { node { amount at kind direction reference counterparty { entityId } } } } } } }`;

beforeAll(async () => {
  await cleanDatabase();
  const dir = join(config().projectRoot, '.skein/test-mapping-features');
  for (const [file, mapping] of [
    ['ledger-march.csv', 'ledger.yaml'],
    ['ledger-april.csv', 'ledger.yaml'],
    ['claims.jsonl', 'claims.yaml'],
  ] as const) {
    await loadExtract({
      file: join(FIXTURES, file),
      mapping: join(FIXTURES, mapping),
      rejectsFile: join(dir, `${file}.rejects.jsonl`),
    });
  }
});
afterAll(async () => {
  await drainAudit();
  await closeDriver();
});

describe('mapping features through the API', () => {
  it('lists a ledger’s payments without ids: identical rows twice, overlaps once, kinds from two columns', async () => {
    const all = await as(GB, TRANSACTIONS, { id: 'account:GB82WEST12345698765432' });
    expect(all.errors).toBeUndefined();
    const nodes = all.data.entity.transactions.edges.map((e: any) => e.node);
    // March: rent, gift ×2, invoice in, wage in, card, odd card; April adds its rent (its gifts are March's);
    // claims: two benefit payments into this account.
    expect(all.data.entity.transactions.totalCount).toBe(10);
    const summary = nodes
      .map((n: any) => `${n.at.slice(0, 10)} ${n.direction} ${n.amount} ${n.kind ?? '-'} ${n.reference}`)
      .sort();
    expect(summary).toEqual([
      '2024-01-05 IN 100 benefit CL-1',
      '2024-03-01 OUT 850 rent r-March rent',
      '2024-03-02 OUT 20 transfer t-gift',
      '2024-03-02 OUT 20 transfer t-gift',
      '2024-03-05 IN 300 transfer t-invoice 7',
      '2024-03-05 IN 90 benefit CL-1',
      '2024-03-28 IN 1500 wage w-salary',
      '2024-03-29 OUT 12.5 card c-shop',
      '2024-03-30 OUT 5 - c-odd',
      '2024-04-01 OUT 850 rent r-April rent',
    ]);
    const rent = await as(GB, TRANSACTIONS, { id: 'account:GB82WEST12345698765432', kinds: ['rent'] });
    expect(rent.data.entity.transactions.totalCount).toBe(2);
    const benefits = await as(GB, TRANSACTIONS, { id: 'account:GB33BUKB20201555555555', kinds: ['benefit'] });
    // Five payments of the claims' lists (CL-4 was rejected: its payee IBAN is invalid).
    expect(benefits.data.entity.transactions.totalCount).toBe(5);
  });

  it('shows none of it to a viewer of another jurisdiction', async () => {
    const ro = await as(RO, TRANSACTIONS, { id: 'account:GB82WEST12345698765432' });
    expect(ro.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('loads a booking whose payer phone is fictional with all its passengers, counting the warnings', async () => {
    const folder = join(config().importDir, 'RO');
    mkdirSync(folder, { recursive: true });
    const booking = bookingWithBadPhones('MAPW-1', 'Ana Mapwarn');
    writeFileSync(join(folder, 'mapping-warnings.jsonl'), `${JSON.stringify(booking)}\n`);
    const started = await as(
      RO_LOADER,
      'mutation { loadExtract(input: {file: "RO/mapping-warnings.jsonl", mapping: "travel"}) { id } }',
    );
    expect(started.errors).toBeUndefined();
    const job: any = await pollUntil(
      'travel load',
      async () =>
        (
          await as(
            RO_LOADER,
            `query($id: String!) { loadJob(id: $id) { status error summary { rowsRead rowsLoaded rowsRejected warnings warningsByColumn { column count } warningsFile } } }`,
            { id: started.data.loadExtract.id },
          )
        ).data?.loadJob,
      (j: any) => j?.status !== 'RUNNING',
      { everyMs: 250 },
    );
    expect(job).toMatchObject({
      status: 'COMPLETED',
      summary: { rowsRead: 1, rowsLoaded: 1, rowsRejected: 0, warnings: 2 },
    });
    expect(job.summary.warningsByColumn).toEqual([
      { column: 'pax.phone', count: 1 },
      { column: 'payer.phone', count: 1 },
    ]);
    expect(job.summary.warningsFile).toMatch(
      /^rejects\/ro-loader-[^/]+\/.*mapping-warnings\.jsonl\.warnings\.jsonl$/,
    );
    const found = await as(
      RO,
      '{ search(text: "Mapwarn", first: 5) { edges { node { ... on Person { name } } } } }',
    );
    expect(found.errors).toBeUndefined();
    expect(found.data.search.edges.map((e: any) => e.node.name)).toEqual(['Ana Mapwarn']);
  });
});
