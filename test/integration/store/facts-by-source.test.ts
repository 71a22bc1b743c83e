/**
 * Need-to-know for facts, against the real Neo4j: two extracts of two jurisdictions (IE loaded
 * first, then GB) record the same person, account and phone. A GB viewer sees each node's values,
 * spellings and search terms only as GB recorded them, a link IE recorded first with GB's own
 * provenance and none of IE's values, and no event reached through a link only IE recorded.
 * (Leaks 3, 4, 5 and 6 of issue #19.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEntities, loadRelated, loadSources } from '../../../src/store/read/entities.ts';
import { neighbourhood } from '../../../src/store/read/neighbourhood.ts';
import { streamSubgraph } from '../../../src/store/read/projection.ts';
import { FULL_SCOPE, type ReadScope, scopeForJurisdictions } from '../../../src/store/read/scope.ts';
import { searchEntities } from '../../../src/store/read/search.ts';
import { timeline } from '../../../src/store/read/timeline.ts';
import { type Batch, completeExtract, openExtract, writeBatch } from '../../../src/store/write.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const PERSON = 'person:shared:P1';
const ACCOUNT = 'account:GB82WEST12345698765432';
const IE_ACCOUNT = 'account:IE29AIBK93115212345678';
const OTHER = 'account:GB33BUKB20201555555555';

async function load(id: string, jurisdiction: string, batch: Omit<Batch, 'extractId' | 'checkpoint'>) {
  await openExtract({
    id,
    name: `${id}.csv`,
    file: `${id}.csv`,
    source: id,
    jurisdiction,
    sha256: id.padEnd(64, '0'),
    mapping: 'test',
    mappingSha256: '0'.repeat(64),
    rejectsFile: null,
  });
  await writeBatch({
    ...batch,
    extractId: id,
    checkpoint: { line: 10, firstLine: 2, rows: 9, loaded: 9, rejected: 0 },
  });
  await completeExtract(id, { rows: 9, loaded: 9, rejected: 0 }, null);
}

let gb: ReadScope;
let ie: ReadScope;

beforeAll(async () => {
  await cleanDatabase();
  // IE first: its values are the nodes' and the links' first, so they are what a merged node shows.
  await load('extract:ie', 'IE', {
    nodes: [
      {
        label: 'Person',
        rows: [
          {
            id: PERSON,
            props: { name: 'Seán Ó Murchú', nameKey: 'sean o murchu', birthDate: '1980-01-01' },
            names: ['Seán Ó Murchú', 'Zedekiah Murphy'],
            firstRow: 2,
            count: 1,
          },
        ],
      },
      {
        label: 'Account',
        rows: [
          {
            id: ACCOUNT,
            props: { iban: ACCOUNT.slice(8), bank: 'Quillfeather Bank', bic: 'QUILIE2D' },
            names: [],
            firstRow: 2,
            count: 1,
          },
          { id: IE_ACCOUNT, props: { iban: IE_ACCOUNT.slice(8) }, names: [], firstRow: 3, count: 1 },
          { id: OTHER, props: { iban: OTHER.slice(8) }, names: [], firstRow: 4, count: 1 },
        ],
      },
    ],
    relationships: [
      {
        type: 'HOLDS',
        fromLabel: 'Person',
        toLabel: 'Account',
        rows: [
          { from: PERSON, to: ACCOUNT, props: { extract: 'extract:ie', row: 2, from: '2011-11-11' } },
          { from: PERSON, to: OTHER, props: { extract: 'extract:ie', row: 4 } },
        ],
      },
      {
        type: 'PAID',
        fromLabel: 'Account',
        toLabel: 'Account',
        rows: [
          {
            from: IE_ACCOUNT,
            to: ACCOUNT,
            key: 'ie-1',
            props: {
              extract: 'extract:ie',
              row: 3,
              key: 'ie-1',
              amount: 777,
              currency: 'EUR',
              at: '2024-02-01',
            },
          },
        ],
      },
    ],
  });
  await load('extract:gb', 'GB', {
    nodes: [
      {
        label: 'Person',
        rows: [
          {
            id: PERSON,
            props: { name: 'John Murphy', nameKey: 'john murphy' },
            names: ['John Murphy'],
            firstRow: 2,
            count: 1,
          },
        ],
      },
      {
        label: 'Account',
        rows: [
          {
            id: ACCOUNT,
            props: { iban: ACCOUNT.slice(8), bank: 'West Bank plc' },
            names: [],
            firstRow: 2,
            count: 1,
          },
          { id: OTHER, props: { iban: OTHER.slice(8) }, names: [], firstRow: 3, count: 1 },
        ],
      },
    ],
    relationships: [
      {
        type: 'HOLDS',
        fromLabel: 'Person',
        toLabel: 'Account',
        rows: [{ from: PERSON, to: ACCOUNT, props: { extract: 'extract:gb', row: 2 } }],
      },
      {
        type: 'PAID',
        fromLabel: 'Account',
        toLabel: 'Account',
        rows: [
          {
            from: OTHER,
            to: ACCOUNT,
            key: 'gb-1',
            props: {
              extract: 'extract:gb',
              row: 3,
              key: 'gb-1',
              amount: 10,
              currency: 'GBP',
              at: '2024-03-01',
            },
          },
        ],
      },
    ],
  });
  gb = await scopeForJurisdictions(['GB']);
  ie = await scopeForJurisdictions(['IE']);
});
afterAll(closeDriver);

describe('a node as each viewer may see it', () => {
  it('shows a GB viewer GB’s values and spellings only, and everything to a viewer of all', async () => {
    const gbView = await loadEntities([PERSON, ACCOUNT], gb);
    expect(gbView.get(PERSON)?.props).toEqual({
      id: PERSON,
      name: 'John Murphy',
      nameKey: 'john murphy',
      names: ['John Murphy'],
    });
    expect(gbView.get(ACCOUNT)?.props).toEqual({
      id: ACCOUNT,
      iban: ACCOUNT.slice(8),
      bank: 'West Bank plc',
    });
    const all = await loadEntities([PERSON, ACCOUNT], FULL_SCOPE);
    // The merged node: the first extract's values win, every spelling is kept.
    expect(all.get(PERSON)?.props.name).toBe('Seán Ó Murchú');
    expect(all.get(PERSON)?.props.names).toEqual(['Seán Ó Murchú', 'Zedekiah Murphy', 'John Murphy']);
    expect(all.get(ACCOUNT)?.props.bic).toBe('QUILIE2D');
    expect((await loadEntities([PERSON], ie)).get(PERSON)?.props.names).toEqual([
      'Seán Ó Murchú',
      'Zedekiah Murphy',
    ]);
  });

  it('lists only the viewer’s extracts as sources', async () => {
    expect((await loadSources([PERSON], gb)).get(PERSON)?.map((s) => s.extractId)).toEqual(['extract:gb']);
  });

  it('finds by a spelling only for viewers of an extract that recorded it', async () => {
    const search = (text: string, scope: ReadScope) =>
      searchEntities({ text, exactIds: [], labels: null, skip: 0, limit: 10, scope });
    expect(await search('Zedekiah', gb)).toEqual({ total: 0, hits: [] });
    expect(await search('Quillfeather', gb)).toEqual({ total: 0, hits: [] });
    expect((await search('Zedekiah', ie)).hits.map((h) => h.entity.id)).toEqual([PERSON]);
    expect((await search('Zedekiah', FULL_SCOPE)).hits.map((h) => h.entity.id)).toEqual([PERSON]);
    const murphy = await search('Murphy', gb);
    expect(murphy.hits.map((h) => h.entity.props.name)).toEqual(['John Murphy']);
    // Identifiers are the node's own: anyone who may see the node finds it by them.
    const byIban = await searchEntities({
      text: 'GB82WEST12345698765432',
      exactIds: [ACCOUNT],
      labels: null,
      skip: 0,
      limit: 10,
      scope: gb,
    });
    expect(byIban.hits.map((h) => h.entity.id)).toEqual([ACCOUNT]);
    expect(byIban.hits[0]?.entity.props.bank).toBe('West Bank plc');
  });

  it('gives a scoped analysis the scope’s values', async () => {
    const names = new Map<string, unknown>();
    await streamSubgraph(
      { jurisdictions: ['GB'], labels: ['Person'], types: ['HOLDS'] },
      { node: (n) => names.set(n.id, n.props.name), relationship: () => undefined },
    );
    expect(names.get(PERSON)).toBe('John Murphy');
  });
});

describe('a link recorded by both, first by IE', () => {
  it('is visible to GB with GB’s provenance and without IE’s values', async () => {
    const [link] = (await loadRelated([PERSON], 'HOLDS', 'OUT', gb)).get(PERSON) ?? [];
    expect(link?.other.id).toBe(ACCOUNT);
    // The recorder lists hold GB's extract only (Relationship.recorders), never IE's.
    expect(link?.props).toEqual({
      extract: 'extract:gb',
      row: 2,
      extracts: ['extract:gb'],
      extractRows: [2],
    });
    const [all] =
      (await loadRelated([PERSON], 'HOLDS', 'OUT', FULL_SCOPE))
        .get(PERSON)
        ?.filter((r) => r.other.id === ACCOUNT) ?? [];
    expect(all?.props).toMatchObject({ extract: 'extract:ie', from: '2011-11-11' });
  });

  it('is missing for GB where only IE recorded it', async () => {
    const related = (await loadRelated([PERSON], 'HOLDS', 'OUT', gb)).get(PERSON) ?? [];
    expect(related.map((r) => r.other.id)).toEqual([ACCOUNT]);
    const around = await neighbourhood({
      id: PERSON,
      depth: 1,
      types: ['HOLDS'],
      since: null,
      until: null,
      limitPerNode: 25,
      scope: gb,
    });
    expect(JSON.stringify(around)).not.toContain('Quillfeather');
    expect(JSON.stringify(around)).not.toContain('2011-11-11');
  });
});

describe('timeline', () => {
  it('leak 3: holds no event of an account only IE says the person holds', async () => {
    const [person] = (await loadEntities([PERSON], gb)).values();
    const events = await timeline({
      entity: person!,
      types: ['PAID'],
      since: null,
      until: null,
      skip: 0,
      limit: 50,
      scope: gb,
    });
    // OTHER is a GB account, but only IE says the person holds it: its payment to ACCOUNT shows
    // once (through ACCOUNT, which GB says the person holds), never as OTHER's own event.
    expect(events.events.map((e) => [e.subjectId, e.props.key ?? e.relId])).toEqual([[ACCOUNT, 'gb-1']]);
    const everything = await timeline({
      ...{ entity: person!, types: ['PAID'] },
      since: null,
      until: null,
      skip: 0,
      limit: 50,
      scope: FULL_SCOPE,
    });
    expect(everything.events.map((e) => e.subjectId).sort()).toEqual([OTHER, ACCOUNT, ACCOUNT]);
  });
});
