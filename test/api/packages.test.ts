/**
 * Source packages through the API: the police fixture (neo4j-admin layout with relationship files
 * listed before the node files; vehicles, seized objects, crimes at places and postcodes in areas
 * spelt as in POLE exports; a call split over three files) loads with
 * no workaround, and every answer is checked against a computation made here from the fixture files
 * themselves: accounting per file, counts, search, neighbourhood and the joined calls' provenance.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadPackage, type PackageFileSummary, type PackageSummary } from '../../src/ingest/package/load.ts';
import { executeRead } from '../../src/store/run.ts';
import { graphSnapshot } from '../integration/load/snapshot.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { client } from './client.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/packages/police');
const PACKAGE = join(DIR, 'package.yaml');
const gql = client();

// ---- the independent computation: plain splitting of the fixture files (they hold no quotes) ----

interface Row {
  line: number;
  cells: Record<string, string>;
}

function rows(file: string): Row[] {
  const [header, ...lines] = readFileSync(join(DIR, file), 'utf8').trimEnd().split('\n');
  const names = (header as string).split(',');
  return lines.map((text, i) => {
    const values = text.split(',');
    return { line: i + 2, cells: Object.fromEntries(names.map((n, j) => [n, values[j] ?? ''])) };
  });
}

/** UK national "07911 123401" or international "+447911123402" → E.164. */
const e164 = (text: string) => {
  const digits = text.replace(/\s/g, '');
  return digits.startsWith('+') ? digits : `+44${digits.slice(1)}`;
};

const validDate = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
};

/** First row per key; later rows with the same key are duplicates. */
function firstByKey(list: Row[], key: string): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const row of list) if (!out.has(row.cells[key] as string)) out.set(row.cells[key] as string, row);
  return out;
}

const personRows = rows('persons.csv');
// An invalid born:date (31/02) leaves the date out with a warning; the person still loads.
const persons = firstByKey(personRows, 'personId:ID(Person)');
const badDates = [...persons.values()].filter(
  (r) => r.cells['born:date'] !== '' && !validDate(r.cells['born:date'] as string),
);
// The POLE-shaped part: every row of these files loads (nothing skipped, nothing lost).
const vehicles = rows('vehicles.csv');
const badYears = vehicles.filter((r) => !/^\d+$/.test(r.cells['year:int'] as string));
const places = rows('places.csv');
const crimes = rows('crimes.csv');
const objects = rows('objects.csv');
const crimeRels = rows('rels-crime.csv');
const personLinks = rows('drives.csv');
const ITEM_KIND: Record<string, string | null> = { Object: null, Weapon: 'weapon', Drug: 'drugs' };
const PLACE_KIND: Record<string, string | null> = { Location: null, PostCode: 'postcode', Area: 'area' };
const LINK_TYPE: Record<string, string> = {
  DRIVES: 'USES',
  OWNS: 'OWNS',
  PARTY_TO: 'INVOLVED_IN',
  OCCURRED_AT: 'OCCURRED_AT',
  HAS_POSTCODE: 'WITHIN',
  POSTCODE_IN_AREA: 'WITHIN',
  INVOLVED_IN: 'INVOLVED_IN',
};
const fullName = (id: string) => `${persons.get(id)?.cells.name} ${persons.get(id)?.cells.surname}`;
const phones = new Map(
  rows('phones.csv').map((r) => [r.cells[':ID(Phone)'] as string, e164(r.cells.phoneNo as string)]),
);
const related = rows('rels-people.csv').filter(
  (r) =>
    persons.has(r.cells[':START_ID(Person)'] as string) && persons.has(r.cells[':END_ID(Person)'] as string),
);
const phoneOf = rows('rels-phones.csv').filter(
  (r) =>
    phones.has(r.cells[':START_ID(Phone)'] as string) && persons.has(r.cells[':END_ID(Person)'] as string),
);
const callRows = rows('calls.csv');
const callers = firstByKey(rows('callers.csv'), 'callId');
const callees = firstByKey(rows('callees.csv'), 'callId');
const calls = [...firstByKey(callRows, 'callId').values()].filter(
  (r) => callers.has(r.cells.callId as string) && callees.has(r.cells.callId as string),
);
const loadedCalls = new Set(calls.map((c) => c.cells.callId));
const lineCount = (file: string) => rows(file).length;
const joinedLoaded = (file: string) =>
  [...firstByKey(rows(file), 'callId').values()].filter((r) => loadedCalls.has(r.cells.callId)).length;

const EXPECTED_LOADED: Record<string, number> = {
  'people-rels': related.length,
  'phone-rels': phoneOf.length,
  drives: personLinks.length,
  'crime-rels': crimeRels.length,
  persons: persons.size,
  phones: phones.size,
  vehicles: vehicles.length,
  places: places.length,
  crimes: crimes.length,
  objects: objects.length,
  calls: calls.length,
  callers: joinedLoaded('callers.csv'),
  callees: joinedLoaded('callees.csv'),
};
const FILE_OF: Record<string, string> = {
  'people-rels': 'rels-people.csv',
  'phone-rels': 'rels-phones.csv',
  drives: 'drives.csv',
  'crime-rels': 'rels-crime.csv',
  persons: 'persons.csv',
  phones: 'phones.csv',
  vehicles: 'vehicles.csv',
  places: 'places.csv',
  crimes: 'crimes.csv',
  objects: 'objects.csv',
  calls: 'calls.csv',
  callers: 'callers.csv',
  callees: 'callees.csv',
};

let first: PackageSummary;

beforeAll(async () => {
  await cleanDatabase();
  first = await loadPackage({ package: PACKAGE });
}, 300_000);
afterAll(closeDriver);

async function count(cypher: string): Promise<number> {
  const result = await executeRead(cypher);
  return Number(result[0]?.c ?? 0);
}

async function personId(name: string): Promise<string> {
  const { data } = await gql(
    'query($t: String!) { search(text: $t, first: 1) { edges { node { entityId name } } } }',
    {
      t: name,
    },
  );
  const hit = data?.search.edges[0]?.node;
  expect(hit?.name, name).toBe(name);
  return hit.entityId as string;
}

describe('a neo4j-admin export with split call records, as one package', () => {
  it('accounts for every row of every file: read = loaded + rejected, loaded as computed from the files', () => {
    expect(first.files.map((f) => f.alias)).toEqual(Object.keys(EXPECTED_LOADED));
    for (const file of first.files) {
      expect(file.rowsRead, file.alias).toBe(lineCount(FILE_OF[file.alias] as string));
      expect(file.rowsLoaded, file.alias).toBe(EXPECTED_LOADED[file.alias]);
      expect(file.rowsRead, file.alias).toBe(file.rowsLoaded + file.rowsRejected);
      const rejects =
        file.rowsRejected === 0
          ? []
          : readFileSync(file.rejectsFile as string, 'utf8')
              .trim()
              .split('\n');
      expect(rejects, file.alias).toHaveLength(file.rowsRejected);
    }
    expect(first.rowsRead).toBe(first.rowsLoaded + first.rowsRejected);
  });

  it('says why each row was rejected, with its line', () => {
    const reasons = (alias: string) => {
      const file = first.files.find((f) => f.alias === alias);
      return readFileSync(file?.rejectsFile as string, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { line: number; reason: string });
    };
    expect(reasons('people-rels')).toEqual([
      {
        line: 4,
        reason: expect.stringContaining(
          'end node "P99" in id space Person is in no node file of the package',
        ),
        file: expect.any(String),
        raw: expect.any(String),
      },
    ]);
    expect(reasons('persons').map((r) => r.line)).toEqual([7]);
    expect(reasons('persons')[0]?.reason).toContain('duplicate :ID "P1" in id space Person');
    expect(reasons('calls').map((r) => r.reason)).toEqual([
      'no row of callees.csv (callees) has callId "C4"',
      'callId "C1" has another row at line 2; a join takes one row per key',
    ]);
    expect(reasons('callers').map((r) => r.line)).toEqual([5, 6]);
    expect(reasons('callees')[0]?.reason).toContain('callId "C3" has another row at line 4');
  });

  it('keeps a row whose typed value is invalid, without that value, and counts a warning per column', () => {
    const file = (alias: string) => first.files.find((f) => f.alias === alias) as PackageFileSummary;
    expect(file('persons').warningsByColumn).toEqual({ 'born:date': badDates.length });
    expect(file('vehicles').warningsByColumn).toEqual({ 'year:int': badYears.length });
    expect(file('persons').warnings + file('vehicles').warnings).toBe(badDates.length + badYears.length);
    const listed = readFileSync(file('persons').warningsFile as string, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; column: string; warning: string });
    expect(listed.map((w) => [w.line, w.column])).toEqual(badDates.map((r) => [r.line, 'born:date']));
    expect(listed[0]?.warning).toContain('31/02/1999');
  });

  it('loads vehicles, seized objects, crimes at places and postcodes in areas onto the core model', async () => {
    const compact = (plate: string) => plate.replace(/\s/g, '');
    const stored = await executeRead(
      'MATCH (v:Vehicle) RETURN v.id AS id, v.plate AS plate, v.make AS make, v.year AS year ORDER BY id',
    );
    expect(stored).toEqual(
      vehicles
        .map((r) => ({
          id: `vehicle:${compact(r.cells.reg as string)}`,
          plate: compact(r.cells.reg as string),
          make: r.cells.make,
          year: badYears.includes(r) ? null : Number(r.cells['year:int']),
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    );
    const items = await executeRead('MATCH (i:Item) RETURN i.name AS name, i.kind AS kind, i.imei AS imei');
    expect(items.map((i) => `${i.name}|${i.kind}|${i.imei}`).sort()).toEqual(
      objects
        .map(
          (r) => `${r.cells.description}|${ITEM_KIND[r.cells[':LABEL'] as string]}|${r.cells.imei || null}`,
        )
        .sort(),
    );
    const offences = await executeRead(
      'MATCH (o:Offence) RETURN o.type AS type, o.date AS date, o.outcome AS outcome',
    );
    expect(offences.map((o) => `${o.type}|${o.date}|${o.outcome}`).sort()).toEqual(
      crimes.map((r) => `${r.cells.type}|${r.cells['date:date']}|${r.cells.last_outcome}`).sort(),
    );
    const locations = await executeRead('MATCH (l:Location) RETURN l.name AS name, l.kind AS kind');
    expect(locations.map((l) => `${l.name}|${l.kind}`).sort()).toEqual(
      places.map((r) => `${r.cells.name}|${PLACE_KIND[r.cells[':LABEL'] as string]}`).sort(),
    );
    // Every link, by its ends' names, as the files state it.
    const nameOf = new Map<string, string>([
      ...vehicles.map((r) => [r.cells[':ID'], compact(r.cells.reg as string)] as [string, string]),
      ...places.map((r) => [r.cells[':ID'], r.cells.name] as [string, string]),
      ...crimes.map((r) => [r.cells[':ID'], r.cells.type] as [string, string]),
      ...objects.map((r) => [r.cells[':ID'], r.cells.description] as [string, string]),
      ...[...persons.keys()].map((id) => [id, fullName(id)] as [string, string]),
    ]);
    const links = await executeRead(
      "MATCH (a)-[r]->(b) WHERE type(r) IN ['USES', 'OWNS', 'INVOLVED_IN', 'OCCURRED_AT', 'WITHIN'] RETURN type(r) + ' ' + a.name + ' > ' + b.name AS x",
    );
    expect(links.map((l) => l.x).sort()).toEqual(
      [
        ...personLinks.map((r) => [r, ':START_ID(Person)'] as const),
        ...crimeRels.map((r) => [r, ':START_ID'] as const),
      ]
        .map(
          ([r, start]) =>
            `${LINK_TYPE[r.cells[':TYPE'] as string]} ${nameOf.get(r.cells[start] as string)} > ${nameOf.get(r.cells[':END_ID'] as string)}`,
        )
        .sort(),
    );
  });

  it('serves a vehicle with the people who use and own it', async () => {
    const { data, errors } = await gql(
      '{ search(text: "AB12CDE", first: 1) { edges { node { entityId label ... on Vehicle { plate make } relationships { edges { node { type other { name } } } } } } } }',
    );
    expect(errors).toBeUndefined();
    const v1 = vehicles[0] as Row;
    const node = data?.search.edges[0]?.node;
    expect(node).toMatchObject({ label: 'Vehicle', plate: 'AB12CDE', make: v1.cells.make });
    expect(node.relationships.edges.map((e: any) => `${e.node.type} ${e.node.other.name}`).sort()).toEqual(
      personLinks
        .filter((r) => r.cells[':END_ID'] === v1.cells[':ID'])
        .map(
          (r) =>
            `${LINK_TYPE[r.cells[':TYPE'] as string]} ${fullName(r.cells[':START_ID(Person)'] as string)}`,
        )
        .sort(),
    );
  });

  it('holds the nodes and relationships computed from the files', async () => {
    const callPhones = new Set(
      calls.flatMap((c) => [
        e164(callers.get(c.cells.callId as string)?.cells.phoneNo as string),
        e164(callees.get(c.cells.callId as string)?.cells.phoneNo as string),
      ]),
    );
    expect(await count('MATCH (n:Person) RETURN count(n) AS c')).toBe(persons.size);
    expect(await count('MATCH (n:Phone) RETURN count(n) AS c')).toBe(
      new Set([...phones.values(), ...callPhones]).size,
    );
    expect(await count('MATCH ()-[r:RELATED_TO]->() RETURN count(r) AS c')).toBe(related.length);
    expect(await count('MATCH ()-[r:HAS_PHONE]->() RETURN count(r) AS c')).toBe(phoneOf.length);
    expect(await count('MATCH ()-[r:CALLED]->() RETURN count(r) AS c')).toBe(calls.length);
    const kinds = await executeRead(
      'MATCH (a)-[r:RELATED_TO]->(b) RETURN a.name AS a, b.name AS b, r.kind AS kind, r.since AS since',
    );
    const type = { KNOWS: 'knows', FAMILY_REL: 'family' } as Record<string, string>;
    expect(kinds.map((k) => `${k.a}>${k.b}:${k.kind}:${k.since ?? ''}`).sort()).toEqual(
      related
        .map(
          (r) =>
            `${fullName(r.cells[':START_ID(Person)'] as string)}>${fullName(r.cells[':END_ID(Person)'] as string)}:${type[r.cells[':TYPE'] as string]}:${r.cells['since:int']}`,
        )
        .sort(),
    );
  });

  it('finds persons by name and alias, and phones as analysts type them', async () => {
    for (const id of persons.keys()) await personId(fullName(id));
    const ana = await personId('Ana Popescu');
    const { data } = await gql('{ search(text: "Ani", first: 5) { edges { node { entityId } } } }');
    expect(data?.search.edges.map((e: any) => e.node.entityId)).toContain(ana);
    for (const number of phones.values()) {
      const found = await gql(
        'query($t: String!) { search(text: $t, first: 1) { edges { node { entityId } } } }',
        {
          t: number.slice(1),
        },
      );
      expect(found.data?.search.edges[0]?.node.entityId, number).toBe(`phone:${number}`);
    }
  });

  it('shows each person’s neighbourhood as the relationship files state it, whatever file came first', async () => {
    for (const id of persons.keys()) {
      const expected = new Set<string>();
      for (const r of related) {
        if (r.cells[':START_ID(Person)'] === id) expected.add(fullName(r.cells[':END_ID(Person)'] as string));
        if (r.cells[':END_ID(Person)'] === id) expected.add(fullName(r.cells[':START_ID(Person)'] as string));
      }
      for (const r of phoneOf)
        if (r.cells[':END_ID(Person)'] === id)
          expected.add(phones.get(r.cells[':START_ID(Phone)'] as string) as string);
      const { data, errors } = await gql(
        'query($id: ID!) { neighbourhood(id: $id, relationshipTypes: [RELATED_TO, HAS_PHONE]) { nodes { depth entity { name } } } }',
        { id: await personId(fullName(id)) },
      );
      expect(errors).toBeUndefined();
      const around = new Set(
        data?.neighbourhood.nodes.filter((n: any) => n.depth === 1).map((n: any) => n.entity.name),
      );
      expect(around, id).toEqual(expected);
    }
  });

  it('makes one CALLED per joined call, recorded by all three files with their rows', async () => {
    const extractOf = (alias: string) => first.files.find((f) => f.alias === alias)?.extractId;
    const stored = await executeRead(
      'MATCH (a:Phone)-[r:CALLED]->(b:Phone) RETURN a.id AS from, b.id AS to, r.callId AS callId, r.at AS at, r.seconds AS seconds, r.extract AS extract, r.extracts AS extracts, r.extractRows AS extractRows ORDER BY callId',
    );
    expect(stored).toEqual(
      calls.map((c) => {
        const id = c.cells.callId as string;
        return {
          from: `phone:${e164(callers.get(id)?.cells.phoneNo as string)}`,
          to: `phone:${e164(callees.get(id)?.cells.phoneNo as string)}`,
          callId: id,
          at: (c.cells.startedAt as string).replace(' ', 'T'),
          seconds: Number(c.cells.seconds),
          extract: extractOf('calls'),
          extracts: [extractOf('calls'), extractOf('callers'), extractOf('callees')],
          extractRows: [c.line, callers.get(id)?.line, callees.get(id)?.line],
        };
      }),
    );
    const { data } = await gql(
      'query($id: ID!) { entity(id: $id) { relationships(types: [CALLED], direction: OUT) { edges { node { seconds provenance { extractId row } } } } } }',
      { id: stored[0]?.from },
    );
    expect(data?.entity.relationships.edges[0]?.node).toEqual({
      seconds: stored[0]?.seconds,
      provenance: { extractId: extractOf('calls'), row: calls[0]?.line },
    });
  });

  it('changes nothing when run again', async () => {
    const before = await graphSnapshot();
    const again = await loadPackage({ package: PACKAGE });
    expect(again.files.map((f) => f.status)).toEqual(first.files.map(() => 'already-loaded'));
    expect(again.files.map((f) => f.extractId)).toEqual(first.files.map((f) => f.extractId));
    expect(await graphSnapshot()).toEqual(before);
  });

  it('loads the same entities and relationships with the files listed in the opposite order', async () => {
    const entities = async () => ({
      nodes: (
        await executeRead('MATCH (n) WHERE n:Person OR n:Phone RETURN n.id + " " + n.name AS x ORDER BY x')
      ).map((r) => r.x),
      rels: (
        await executeRead(
          'MATCH (a)-[r]->(b) WHERE NOT type(r) = "MENTIONS" RETURN type(r) + " " + a.id + " " + b.id + " " + coalesce(r.kind, "") + coalesce(toString(r.seconds), "") AS x ORDER BY x',
        )
      ).map((r) => r.x),
    });
    const listed = await entities();
    const dir = mkdtempSync(join(tmpdir(), 'skein-package-'));
    for (const name of readdirSync(DIR)) copyFileSync(join(DIR, name), join(dir, name));
    const doc = parseDocument(readFileSync(PACKAGE, 'utf8'));
    const files = doc.toJS().files as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    writeFileSync(join(dir, 'package.yaml'), JSON.stringify({ ...doc.toJS(), files: reversed }));
    await cleanDatabase();
    const summary = await loadPackage({ package: join(dir, 'package.yaml') });
    expect(summary.rowsLoaded).toBe(first.rowsLoaded);
    expect(await entities()).toEqual(listed);
  });
});
