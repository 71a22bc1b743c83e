/**
 * FollowTheMoney entity files load without a hand-written mapping: things become nodes keyed by
 * their natural keys (IBAN, name + country), intervals become relationships, references resolve
 * across the file in any order, and what cannot be mapped is rejected with a reason.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FTM_MAPPING, type LoadSummary, loadExtract } from '../../../src/ingest/load.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'skein-ftm-'));
const file = join(dir, 'partner.ftm.jsonl');
const rejectsFile = join(dir, 'rejects.jsonl');

const entities = [
  // A payment first: its accounts and parties come later in the file.
  {
    id: 'pay-1',
    schema: 'Payment',
    properties: {
      payer: ['p-1'],
      beneficiary: ['c-1'],
      payerAccount: ['a-1'],
      beneficiaryAccount: ['a-2'],
      amount: ['1250.00'],
      currency: ['EUR'],
      date: ['2024-03-05'],
      purpose: ['rent March'],
    },
  },
  {
    id: 'p-1',
    schema: 'Person',
    properties: {
      name: ['Ion Popescu'],
      firstName: ['Ion'],
      lastName: ['Popescu'],
      birthDate: ['1990-05-12'],
      nationality: ['ro'],
      phone: ['+40721234567'],
      email: ['Ion.Popescu@Example.ro'],
      passportNumber: ['051234567'],
      address: ['Strada Lalelelor 5, Bucuresti'],
    },
  },
  {
    id: 'c-1',
    schema: 'Company',
    properties: {
      name: ['Carpati Imobiliare SRL'],
      registrationNumber: ['J40/1234/2019'],
      jurisdiction: ['ro'],
    },
  },
  {
    id: 'a-1',
    schema: 'BankAccount',
    properties: { iban: ['RO49 AAAA 1B31 0075 9384 0000'], bankName: ['Banca Test'] },
  },
  { id: 'a-2', schema: 'BankAccount', properties: { iban: ['DE89370400440532013000'] } },
  {
    id: 'own-1',
    schema: 'Ownership',
    properties: { owner: ['p-1'], asset: ['c-1'], percentage: ['75'], startDate: ['2019-01-01'] },
  },
  { id: 'own-2', schema: 'Ownership', properties: { owner: ['c-1'], asset: ['a-2'] } },
  {
    id: 'dir-1',
    schema: 'Directorship',
    properties: { director: ['p-1'], organization: ['c-1'], role: ['administrator'] },
  },
  { id: 'p-2', schema: 'Person', properties: { name: ['Maria Ionescu'], nationality: ['ro'] } },
  {
    id: 'emp-1',
    schema: 'Employment',
    properties: { employer: ['c-1'], employee: ['p-2'], role: ['cleaner'], startDate: ['2023-06'] },
  },
  // Rejected: an impossible date, an unknown reference, a schema with no equivalent, a broken line.
  {
    id: 'pay-2',
    schema: 'Payment',
    properties: { payerAccount: ['a-1'], beneficiaryAccount: ['a-2'], amount: ['10'], date: ['2024-02-31'] },
  },
  {
    id: 'pay-3',
    schema: 'Payment',
    properties: {
      payerAccount: ['a-1'],
      beneficiaryAccount: ['a-404'],
      amount: ['10'],
      date: ['2024-02-01'],
    },
  },
  { id: 'v-1', schema: 'Vessel', properties: { name: ['MV Example'] } },
];
const lines = [...entities.map((e) => JSON.stringify(e)), '{"id": "broken", "schema": "Person", '];

describe('FollowTheMoney import', () => {
  let summary: LoadSummary;
  beforeAll(async () => {
    writeFileSync(file, `${lines.join('\n')}\n`);
    await cleanDatabase();
    summary = await loadExtract({
      file,
      mapping: FTM_MAPPING,
      jurisdiction: 'RO',
      source: 'partner-ro',
      rejectsFile,
    });
  });
  afterAll(closeDriver);

  it('loads the mappable entities and rejects the rest with reasons', async () => {
    expect(summary).toMatchObject({ rowsRead: 14, rowsLoaded: 10, rowsRejected: 4 });
    const rejects = readFileSync(rejectsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => r.line)).toEqual([11, 12, 13, 14]);
    expect(rejects[0].reason).toMatch(/date/);
    expect(rejects[1].reason).toMatch(/a-404/);
    expect(rejects[2].reason).toMatch(/Vessel/);
    expect(rejects[3].reason).toMatch(/JSON/);
  });

  it('keys accounts by IBAN and links the payment between them', async () => {
    const rows = await executeRead(
      `MATCH (a:Account)-[r:PAID]->(b:Account)
       RETURN a.id AS from, b.id AS to, r.amount AS amount, r.currency AS currency, r.at AS at, r.reference AS reference`,
    );
    expect(rows).toEqual([
      {
        from: 'account:RO49AAAA1B31007593840000',
        to: 'account:DE89370400440532013000',
        amount: 1250,
        currency: 'EUR',
        at: '2024-03-05',
        reference: 'rent March',
      },
    ]);
    const holders = await executeRead(
      'MATCH (h)-[:HOLDS]->(a:Account) RETURN h.id AS holder, a.id AS account ORDER BY holder, account',
    );
    expect(holders).toEqual([
      { holder: 'org:partner-ro|c-1', account: 'account:DE89370400440532013000' },
      { holder: 'person:partner-ro|p-1', account: 'account:RO49AAAA1B31007593840000' },
    ]);
  });

  it("turns a person's identifiers into shared nodes", async () => {
    const [person] = await executeRead(
      `MATCH (p:Person {id: 'person:partner-ro|p-1'})
       OPTIONAL MATCH (p)-[:HAS_PHONE]->(ph:Phone)
       OPTIONAL MATCH (p)-[:HAS_EMAIL]->(em:Email)
       OPTIONAL MATCH (p)-[:HAS_DOCUMENT]->(d:IdentityDocument)
       OPTIONAL MATCH (p)-[:REGISTERED_AT]->(ad:Address)
       RETURN p.name AS name, p.birthDate AS birthDate, p.nationality AS nationality,
              ph.id AS phone, em.id AS email, d.id AS document, ad.country AS addressCountry`,
    );
    expect(person).toEqual({
      name: 'Ion Popescu',
      birthDate: '1990-05-12',
      nationality: 'RO',
      phone: 'phone:+40721234567',
      email: 'email:ion.popescu@example.ro',
      document: 'doc:passport|051234567|RO',
      addressCountry: 'RO',
    });
  });

  it('maps ownership, directorship and employment', async () => {
    const rows = await executeRead(
      `MATCH (a)-[r:OWNS|DIRECTS|EMPLOYS]->(b)
       RETURN type(r) AS type, a.id AS from, b.id AS to, r.share AS share, r.role AS role, r.from AS since
       ORDER BY type`,
    );
    expect(rows).toEqual([
      {
        type: 'DIRECTS',
        from: 'person:partner-ro|p-1',
        to: 'org:partner-ro|c-1',
        share: null,
        role: 'administrator',
        since: null,
      },
      {
        type: 'EMPLOYS',
        from: 'org:partner-ro|c-1',
        to: 'person:partner-ro|p-2',
        share: null,
        role: 'cleaner',
        since: null,
      },
      {
        type: 'OWNS',
        from: 'person:partner-ro|p-1',
        to: 'org:partner-ro|c-1',
        share: 75,
        role: null,
        since: '2019-01-01',
      },
    ]);
  });

  it('is idempotent like any other load', async () => {
    const again = await loadExtract({
      file,
      mapping: FTM_MAPPING,
      jurisdiction: 'RO',
      source: 'partner-ro',
      rejectsFile,
    });
    expect(again.status).toBe('already-loaded');
  });
});
