/**
 * Source packages through the API: the police fixture (neo4j-admin layout with relationship files
 * listed before the node files, a skipped Vehicle label, a call split over three files) loads with
 * no workaround, and every answer is checked against a computation made here from the fixture files
 * themselves: accounting per file, counts, search, neighbourhood and the joined calls' provenance.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadPackage, type PackageSummary } from '../../src/ingest/package/load.ts';
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
const persons = new Map(
  [...firstByKey(personRows, 'personId:ID(Person)')].filter(([, r]) =>
    validDate(r.cells['born:date'] as string),
  ),
);
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
  drives: 0,
  persons: persons.size,
  phones: phones.size,
  vehicles: 0,
  calls: calls.length,
  callers: joinedLoaded('callers.csv'),
  callees: joinedLoaded('callees.csv'),
};
const FILE_OF: Record<string, string> = {
  'people-rels': 'rels-people.csv',
  'phone-rels': 'rels-phones.csv',
  drives: 'drives.csv',
  persons: 'persons.csv',
  phones: 'phones.csv',
  vehicles: 'vehicles.csv',
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
      {
        line: 5,
        reason: expect.stringMatching(
          /^start node "P4" .* was rejected at persons.csv line 5: column "born:date"/,
        ),
        file: expect.any(String),
        raw: expect.any(String),
      },
    ]);
    expect(reasons('persons').map((r) => r.line)).toEqual([5, 7]);
    expect(reasons('persons')[1]?.reason).toContain('duplicate :ID "P1" in id space Person');
    expect(reasons('vehicles').every((r) => r.reason.includes('label "Vehicle" is skipped'))).toBe(true);
    expect(reasons('calls').map((r) => r.reason)).toEqual([
      'no row of callees.csv (callees) has callId "C4"',
      'callId "C1" has another row at line 2; a join takes one row per key',
    ]);
    expect(reasons('callers').map((r) => r.line)).toEqual([5, 6]);
    expect(reasons('callees')[0]?.reason).toContain('callId "C3" has another row at line 4');
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
