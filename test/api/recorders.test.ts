/**
 * Relationship.recorders: every extract that recorded a link, each with its row, as far as the
 * viewer may see them (issue #14 follow-up). The same HOLDS and RELATED_TO links are recorded by an
 * IE extract first and by two GB extracts after it; the expected recorders and rows are read from
 * the fixture files here, not from the store.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadSummary, loadExtract } from '../../src/ingest/load.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { jwtClient } from './client.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/recorders');
const { as } = jwtClient('test-secret-test-secret-test-secret!');
const GB: Viewer = { id: 'gb', roles: ['analyst'], jurisdictions: ['GB'] };
const IE: Viewer = { id: 'ie', roles: ['analyst'], jurisdictions: ['IE'] };
const FR: Viewer = { id: 'fr', roles: ['analyst'], jurisdictions: ['FR'] };
const ALL: Viewer = { id: 'all', roles: ['analyst'], jurisdictions: ['*'] };

/** Loaded in this order: IE is the links' first recorder. */
const FILES = [
  { file: 'ie.csv', jurisdiction: 'IE' },
  { file: 'gb-1.csv', jurisdiction: 'GB' },
  { file: 'gb-2.csv', jurisdiction: 'GB' },
];

/** The line (header is line 1) of Ana Popescu's row in a fixture file. */
function anaLine(file: string): number {
  const lines = readFileSync(resolve(DIR, file), 'utf8').trimEnd().split('\n');
  return lines.findIndex((l) => l.startsWith('X1,')) + 1;
}

const loaded: (LoadSummary & { file: string; jurisdiction: string })[] = [];

beforeAll(async () => {
  await cleanDatabase();
  for (const f of FILES) {
    const summary = await loadExtract({
      file: resolve(DIR, f.file),
      mapping: resolve(DIR, 'holders.yaml'),
      jurisdiction: f.jurisdiction,
      source: `registry ${f.jurisdiction}`,
    });
    expect(summary.rowsRejected, f.file).toBe(0);
    loaded.push({ ...summary, ...f });
  }
}, 120_000);
afterAll(closeDriver);

const QUERY = `query($t: String!) { search(text: $t, first: 1) { edges { node { entityId
  relationships(types: [HOLDS, RELATED_TO], direction: OUT) { edges { node { type kind
    provenance { extractId row }
    recorders { extractId row extract { name jurisdiction } } } } } } } } }`;

async function linksAs(viewer: Viewer) {
  const { data, errors } = await as(viewer, QUERY, { t: 'Ana Popescu' });
  expect(errors).toBeUndefined();
  const node = data?.search.edges[0]?.node;
  return (node?.relationships.edges ?? []).map((e: any) => e.node) as any[];
}

/** What a viewer of these jurisdictions should see: the loads it may read, in recording order. */
function expectedFor(jurisdictions: string[] | '*') {
  return loaded
    .filter((l) => jurisdictions === '*' || jurisdictions.includes(l.jurisdiction))
    .map((l) => ({
      extractId: l.extractId,
      row: anaLine(l.file),
      extract: { name: l.file, jurisdiction: l.jurisdiction },
    }));
}

describe('Relationship.recorders', () => {
  it('lists every recorder with its row for a viewer of all', async () => {
    const links = await linksAs(ALL);
    expect(links.map((l) => l.type).sort()).toEqual(['HOLDS', 'RELATED_TO']);
    for (const link of links) {
      expect(link.recorders, link.type).toEqual(expectedFor('*'));
      expect(link.provenance).toEqual({ extractId: loaded[0]?.extractId, row: anaLine('ie.csv') });
    }
  });

  it('shows a GB viewer only the GB recorders of a link an IE extract recorded first', async () => {
    const links = await linksAs(GB);
    expect(links.map((l) => l.type).sort()).toEqual(['HOLDS', 'RELATED_TO']);
    const gb = expectedFor(['GB']);
    expect(gb).toHaveLength(2);
    for (const link of links) {
      expect(link.recorders, link.type).toEqual(gb);
      const { extract: _name, ...first } = gb[0] as { extract: unknown; extractId: string; row: number };
      expect(link.provenance, link.type).toEqual(first);
    }
    expect(links.find((l) => l.type === 'RELATED_TO')?.kind).toBe('family');
  });

  it('shows the first recorder’s viewer only its own extract', async () => {
    const links = await linksAs(IE);
    expect(links).toHaveLength(2);
    for (const link of links) expect(link.recorders, link.type).toEqual(expectedFor(['IE']));
  });

  it('shows a viewer of no recorder nothing', async () => {
    const { data, errors } = await as(FR, QUERY, { t: 'Ana Popescu' });
    expect(errors).toBeUndefined();
    expect(data?.search.edges).toEqual([]);
  });
});
