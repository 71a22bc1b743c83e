/**
 * FtM round trip of vehicles (issue #14 follow-up): Skein exports a Vehicle as FtM's own Vehicle
 * with `owner` and `operator`; its FtM loader used to reject those lines. The police package
 * (vehicles, their owners and drivers) is loaded, exported as ftm.jsonl through the export route,
 * loaded back into an empty graph, and the vehicles and their links compared with the fixture files.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadSummary, loadExtract } from '../../src/ingest/load.ts';
import { loadPackage } from '../../src/ingest/package/load.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { executeRead } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/packages/police');
const app = createApp({ graphiql: false });

function rows(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(DIR, file), 'utf8').trimEnd().split('\n');
  const names = (header as string).split(',');
  return lines.map((line) => {
    const values = line.split(',');
    return Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']));
  });
}

// The independent computation: plates compacted as the package's `compact` key does.
const plate = (reg: string) => reg.replace(/\s/g, '').toUpperCase();
const vehicles = new Map(rows('vehicles.csv').map((r) => [r[':ID'] as string, plate(r.reg as string)]));
// A second row with the same :ID is a rejected duplicate: the first row names the person.
const persons = new Map<string, string>();
for (const r of rows('persons.csv'))
  if (!persons.has(r['personId:ID(Person)'] as string))
    persons.set(r['personId:ID(Person)'] as string, `${r.name} ${r.surname}`);
const TYPE: Record<string, string> = { DRIVES: 'USES', OWNS: 'OWNS' };
const expectedLinks = rows('drives.csv')
  .filter((r) => vehicles.has(r[':END_ID'] as string))
  .map(
    (r) =>
      `${TYPE[r[':TYPE'] as string]} ${persons.get(r[':START_ID(Person)'] as string)} > ${vehicles.get(r[':END_ID'] as string)}`,
  )
  .sort();

async function vehicleGraph() {
  const nodes = await executeRead(
    'MATCH (v:Vehicle) RETURN v.id AS id, v.name AS name, v.plate AS plate ORDER BY id',
  );
  const links = await executeRead(
    "MATCH (p:Person)-[r:OWNS|USES]->(v:Vehicle) RETURN type(r) + ' ' + p.name + ' > ' + v.plate AS x",
  );
  return { nodes, links: links.map((l) => l.x as string).sort() };
}

let original: Awaited<ReturnType<typeof vehicleGraph>>;
let reloaded: LoadSummary;
let exported: string;

beforeAll(async () => {
  await cleanDatabase();
  await loadPackage({ package: join(DIR, 'package.yaml') });
  original = await vehicleGraph();
  const [firstId, ...others] = [...vehicles.values()].map((p) => `vehicle:${p}`);
  const query = others.map((id) => `expand=${encodeURIComponent(id)}`).join('&');
  const response = await app.fetch(
    `http://skein.test/export/neighbourhood/${encodeURIComponent(firstId as string)}.ftm.jsonl?depth=1&${query}`,
  );
  expect(response.status).toBe(200);
  exported = await response.text();
  const file = join(mkdtempSync(join(tmpdir(), 'skein-ftm-')), 'vehicles.ftm.jsonl');
  writeFileSync(file, exported);
  await cleanDatabase();
  reloaded = await loadExtract({ file, mapping: 'ftm', jurisdiction: 'GB', source: 'ftm round trip' });
}, 300_000);
afterAll(closeDriver);

describe('FtM vehicles', () => {
  it('holds the vehicles and their owners and drivers as the fixture files state them', () => {
    expect(original.nodes.map((n) => n.plate)).toEqual([...vehicles.values()].sort());
    expect(original.links).toEqual(expectedLinks);
  });

  it('exports each vehicle as FtM Vehicle with its owners and operators', () => {
    const lines = exported
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { schema: string; properties: Record<string, string[]> });
    const written = lines.filter((l) => l.schema === 'Vehicle');
    expect(written.map((l) => l.properties.registrationNumber?.[0]).sort()).toEqual(
      [...vehicles.values()].sort(),
    );
    const refs = written.flatMap((l) => [...(l.properties.owner ?? []), ...(l.properties.operator ?? [])]);
    expect(refs).toHaveLength(expectedLinks.length);
  });

  it('loads every exported line back (none rejected) into the same vehicles and links', async () => {
    expect(reloaded.rowsRejected).toBe(0);
    expect(reloaded.rowsLoaded).toBe(exported.trim().split('\n').length);
    expect(await vehicleGraph()).toEqual(original);
  });
});
