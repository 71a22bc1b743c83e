/**
 * A generated record world (src/generate/resolution) written into Neo4j as the loader would keep
 * it: one GB extract per source mentioning its records (facts on the MENTIONS), identifiers as
 * linked nodes each link recorded by its extract; tax and insurance numbers, which the loader keeps
 * on no node the store reads, are left out. Then the records the scope tests need: two GB records
 * of one person, told apart by nothing GB holds but joined by an IE extract's document and phone.
 */
import { generateResolutionWorld, type ResolutionWorld } from '../../../src/generate/resolution/records.ts';
import { executeWrite } from '../../../src/store/run.ts';
import { cleanDatabase, recordMentionFactsAsLoaded } from '../../support/db.ts';

export const SCOPE_IDS = {
  ieExtract: 'extract:ie-register',
  gbPolice: 'person:scope-test:gb-1',
  gbBank: 'person:scope-test:gb-2',
  iePhone: 'phone:+353871234567',
  ieDocument: 'doc:passport|MD|MDSCOPE01',
} as const;

const LINK: Record<string, { type: string; label: string }> = {
  phone: { type: 'HAS_PHONE', label: 'Phone' },
  email: { type: 'HAS_EMAIL', label: 'Email' },
  account: { type: 'HOLDS', label: 'Account' },
  address: { type: 'REGISTERED_AT', label: 'Address' },
};

export async function writeRecordWorld(
  options: { persons: number; companies: number; seed: number } = { persons: 600, companies: 60, seed: 5 },
): Promise<ResolutionWorld> {
  await cleanDatabase();
  const world = generateResolutionWorld(options);
  const sources = [...new Set(world.records.map((r) => r.source))].sort();
  await executeWrite(
    `UNWIND $sources AS source
     CREATE (:Extract {id: 'extract:' + source, name: source + '.csv', source: source, jurisdiction: 'GB',
       sha256: source, status: 'complete', loadedAt: '2024-01-01T00:00:00Z', rows: 1, loaded: 1, rejected: 0})`,
    { sources },
  );
  const rows = world.records.map((r) => {
    const registration = r.identifiers.find((i) => i.kind === 'registration')?.value.split('|');
    return {
      id: r.id,
      kind: r.kind,
      extract: `extract:${r.source}`,
      props: {
        id: r.id,
        name: r.names[0] ?? null,
        names: r.names,
        birthDate: r.birthDate ?? null,
        nationality: r.nationality ?? null,
        registrationNumber: registration?.[2] ?? null,
        country: registration?.[1] ?? null,
      },
    };
  });
  for (const label of ['Person', 'Organisation']) {
    await executeWrite(
      `UNWIND $rows AS row
       MATCH (e:Extract {id: row.extract})
       CREATE (n:${label}) SET n = row.props
       CREATE (e)-[:MENTIONS {firstRow: 2, rows: 1}]->(n)`,
      { rows: rows.filter((r) => r.kind === label) },
    );
  }
  const links = world.records.flatMap((r) =>
    r.identifiers
      .filter((i) => LINK[i.kind] || i.kind === 'document')
      .map((i) => ({
        from: r.id,
        label: r.kind,
        extract: `extract:${r.source}`,
        kind: i.kind,
        value: i.value,
      })),
  );
  for (const [kind, spec] of Object.entries(LINK)) {
    for (const label of ['Person', 'Organisation'])
      await executeWrite(
        `UNWIND $links AS link
       MATCH (n:${label} {id: link.from}) MATCH (e:Extract {id: link.extract})
       MERGE (x:${spec.label} {id: $prefix + link.value}) ON CREATE SET x.name = link.value
       MERGE (e)-[:MENTIONS {firstRow: 2, rows: 1}]->(x)
       CREATE (n)-[:${spec.type} {extract: link.extract, extracts: [link.extract], row: 2}]->(x)`,
        { links: links.filter((l) => l.kind === kind && l.label === label), prefix: `${kind}:` },
      );
  }
  await executeWrite(
    `UNWIND $links AS link
     MATCH (n:Person {id: link.from}) MATCH (e:Extract {id: link.extract})
     WITH n, e, link, split(link.value, '|') AS parts
     MERGE (x:IdentityDocument {id: 'doc:' + link.value})
       ON CREATE SET x.type = parts[0], x.country = parts[1], x.number = parts[2], x.name = parts[2]
     MERGE (e)-[:MENTIONS {firstRow: 2, rows: 1}]->(x)
     CREATE (n)-[:HAS_DOCUMENT {extract: link.extract, extracts: [link.extract], row: 2}]->(x)`,
    { links: links.filter((l) => l.kind === 'document') },
  );
  // Two GB records of one name (in two orders, no date) that only an IE register's document joins.
  await executeWrite(
    `MATCH (gb:Extract {id: 'extract:police'})
     CREATE (ie:Extract {id: $ids.ieExtract, name: 'ie.csv', source: 'IE register', jurisdiction: 'IE',
       sha256: 'ie', status: 'complete', loadedAt: '2024-02-01T00:00:00Z', rows: 2, loaded: 2, rejected: 0})
     CREATE (a:Person {id: $ids.gbPolice, name: 'Vasile Rotaru', names: ['Vasile Rotaru']})
     CREATE (b:Person {id: $ids.gbBank, name: 'ROTARU, Vasile', names: ['ROTARU, Vasile']})
     CREATE (p:Phone {id: $ids.iePhone, name: '+353871234567'})
     CREATE (d:IdentityDocument {id: $ids.ieDocument, type: 'passport', country: 'MD', number: 'MDSCOPE01', name: 'MDSCOPE01'})
     CREATE (gb)-[:MENTIONS {firstRow: 2, rows: 1}]->(a)
     CREATE (gb)-[:MENTIONS {firstRow: 3, rows: 1}]->(b)
     FOREACH (n IN [a, b, p, d] | CREATE (ie)-[:MENTIONS {firstRow: 2, rows: 1}]->(n))
     CREATE (a)-[:HAS_PHONE {extract: $ids.ieExtract, extracts: [$ids.ieExtract], row: 2}]->(p)
     CREATE (b)-[:HAS_PHONE {extract: $ids.ieExtract, extracts: [$ids.ieExtract], row: 3}]->(p)
     CREATE (a)-[:HAS_DOCUMENT {extract: $ids.ieExtract, extracts: [$ids.ieExtract], row: 2}]->(d)
     CREATE (b)-[:HAS_DOCUMENT {extract: $ids.ieExtract, extracts: [$ids.ieExtract], row: 3}]->(d)`,
    { ids: SCOPE_IDS },
  );
  await recordMentionFactsAsLoaded();
  return world;
}
