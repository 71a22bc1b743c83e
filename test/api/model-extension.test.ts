/**
 * A declared model extension end to end (issue #14 item 2): a Vessel label and OPERATES type from
 * test/fixtures/model/model.extension.yaml, loaded from CSV by a mapping, served through the
 * generic Entity interface (GenericEntity with label and properties), found by search with a label
 * filter, listed as EXTENSION relationships, and exported — for a GB viewer only what GB recorded.
 * Core Vehicle and Offence are served by their own types.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExtract } from '../../src/ingest/load.ts';
import { parseMapping } from '../../src/ingest/mapping/parse.ts';
import { installExtension, readExtensionFile } from '../../src/model/extension.ts';
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { executeSchema } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';

const SECRET = 'test-secret-test-secret-test-secret!';
const dir = mkdtempSync(join(tmpdir(), 'skein-ext-api-'));
const ALL: Viewer = { id: 'all', roles: ['analyst'], jurisdictions: ['*'] };
const GB: Viewer = { id: 'gb', roles: ['analyst'], jurisdictions: ['GB'] };
let app: ReturnType<typeof createApp>;

async function as(viewer: Viewer, query: string, variables: Record<string, unknown> = {}) {
  const token = await signDevelopmentToken(SECRET, viewer);
  const response = await app.fetch('http://skein.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

async function exported(viewer: Viewer, path: string): Promise<string> {
  const token = await signDevelopmentToken(SECRET, viewer);
  const response = await app.fetch(`http://skein.test${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return response.text();
}

function mapping(jurisdiction: string) {
  return parseMapping(
    `skein: 1
name: fleet-${jurisdiction.toLowerCase()}
source: Maritime register (${jurisdiction})
jurisdiction: ${jurisdiction}
input: { format: csv, delimiter: ',' }
entities:
  operator:
    label: Person
    scope: global
    key: [{ column: operator, transform: name }]
    properties: { name: { column: operator, transform: name } }
  vessel:
    label: Vessel
    scope: global
    key: [imo]
    properties: { name: vessel, imo: imo, flag: flag, tonnage: { column: tonnage, transform: number } }
  car:
    label: Vehicle
    scope: global
    optional: true
    key: [plate]
    properties: { plate: plate, make: make }
relationships:
  - { type: OPERATES, from: operator, to: vessel, properties: { capacity: capacity } }
  - { type: USES, from: operator, to: car }
`,
    `fleet-${jurisdiction}.yaml`,
  );
}

const GB_CSV = `operator,vessel,imo,flag,tonnage,capacity,plate,make
Ana Pop,Northern Star,9074729,GB,1200,master,AB12CDE,Ford
`;
const IE_CSV = `operator,vessel,imo,flag,tonnage,capacity,plate,make
Ana Pop,Northern Star,9074729,IE,1300,owner,,
Liam Byrne,Celtic Dawn,9111111,IE,800,master,,
`;

beforeAll(async () => {
  installExtension(readExtensionFile(resolve(import.meta.dirname, '../fixtures/model/model.extension.yaml')));
  app = createApp({ graphiql: false, authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET }) });
  await cleanDatabase();
  for (const [j, csv] of [
    ['IE', IE_CSV],
    ['GB', GB_CSV],
  ] as const) {
    const file = join(dir, `${j}.csv`);
    writeFileSync(file, csv);
    const summary = await loadExtract({ file, mapping: mapping(j), rejectsFile: join(dir, `${j}.rejects`) });
    expect(summary.rowsRejected).toBe(0);
  }
});
afterAll(async () => {
  installExtension(null);
  // The loader made the extension's constraints; other test files expect the core schema only.
  for (const name of ['vessel_id', 'port_id', 'called_at_key'])
    await executeSchema(`DROP CONSTRAINT ${name} IF EXISTS`);
  await closeDriver();
});

const VESSEL = `query ($id: ID!) {
  entity(id: $id) {
    __typename label entityId name
    ... on GenericEntity { properties }
    relationships(types: [EXTENSION]) { totalCount edges { node { type typeName capacity properties provenance { extractId } } } }
  }
}`;

describe('a declared extension through the API', () => {
  it('serves an extension node as GenericEntity with its label and properties', async () => {
    const { data, errors } = await as(ALL, VESSEL, { id: 'vessel:9074729' });
    expect(errors).toBeUndefined();
    expect(data.entity).toMatchObject({
      __typename: 'GenericEntity',
      label: 'Vessel',
      entityId: 'vessel:9074729',
      name: 'Northern Star',
      // IE loaded first: its values are the node's.
      properties: { name: 'Northern Star', imo: '9074729', flag: 'IE', tonnage: 1300 },
    });
    const capacities = data.entity.relationships.edges.map((e: any) => e.node.capacity).sort();
    // OPERATES tells capacities apart (distinct: capacity): master (GB) and owner (IE) are two facts.
    expect(capacities).toEqual(['master', 'owner']);
    expect(data.entity.relationships.edges[0].node).toMatchObject({
      type: 'EXTENSION',
      typeName: 'OPERATES',
    });
  });

  it('shows a GB viewer only what GB recorded: GB values, GB links', async () => {
    const { data, errors } = await as(GB, VESSEL, { id: 'vessel:9074729' });
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    expect(data.entity.properties).toEqual({
      name: 'Northern Star',
      imo: '9074729',
      flag: 'GB',
      tonnage: 1200,
    });
    expect(data.entity.relationships.edges.map((e: any) => e.node.capacity)).toEqual(['master']);
    // Only IE recorded the Celtic Dawn: for GB it does not exist.
    const hidden = await as(GB, VESSEL, { id: 'vessel:9111111' });
    expect(hidden.data?.entity ?? null).toBeNull();
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('finds extension nodes by name with a label filter, and refuses an unknown label', async () => {
    const query = `query ($labels: [String!]) { search(text: "Northern Star", labels: $labels) { totalCount edges { node { label entityId } } } }`;
    const vessels = await as(ALL, query, { labels: ['Vessel'] });
    expect(vessels.errors).toBeUndefined();
    expect(vessels.data.search.edges).toEqual([{ node: { label: 'Vessel', entityId: 'vessel:9074729' } }]);
    const people = await as(ALL, query, { labels: ['Person'] });
    expect(people.data.search.totalCount).toBe(0);
    const bad = await as(ALL, query, { labels: ['Spaceship'] });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(
      /"labels": "Spaceship" is not an entity label; use one of .*Vessel/,
    );
    expect((await as(GB, query, { labels: ['Vessel'] })).data.search.totalCount).toBe(1);
    const celtic = await as(GB, `{ search(text: "Celtic Dawn", labels: ["Vessel"]) { totalCount } }`);
    expect(celtic.data.search.totalCount).toBe(0);
  });

  it('serves a core Vehicle by its own type, linked to its user', async () => {
    const { data, errors } = await as(
      ALL,
      `{ entity(id: "vehicle:AB12CDE") { __typename ... on Vehicle { plate make users { entityId } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data.entity).toEqual({
      __typename: 'Vehicle',
      plate: 'AB12CDE',
      make: 'Ford',
      users: [{ entityId: 'person:ana pop' }],
    });
  });

  it('exports the extension node and link in every format, GB values for a GB viewer', async () => {
    const path = `/export/neighbourhood/${encodeURIComponent('person:ana pop')}`;
    const nodes = await exported(GB, `${path}.nodes.csv`);
    expect(nodes).toContain('vessel:9074729');
    expect(nodes).toContain('Vessel');
    expect(nodes).not.toContain('1300');
    expect(await exported(GB, `${path}.edges.csv`)).toContain('OPERATES');
    expect(await exported(ALL, `${path}.graphml`)).toContain('Vessel');
    expect(await exported(ALL, `${path}.i2-entities.csv`)).toContain('vessel:9074729');
    const ftm = await exported(ALL, `${path}.ftm.jsonl`);
    expect(ftm).toContain('"schema":"Vehicle"');
  });
});
