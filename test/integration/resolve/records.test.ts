/**
 * The records resolution reads from the store, on the tiny generated world loaded through the
 * loader: every visible Person and Organisation once, with its spellings and identifiers, only as
 * the viewer's extracts recorded them; then resolution over them, against the world's identity truth.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareRecords } from '../../../src/analyse/resolve/prepare.ts';
import { resolveRecords } from '../../../src/analyse/resolve/resolve.ts';
import { resolutionRecords, type StoredRecord } from '../../../src/store/read/resolution-records.ts';
import { FULL_SCOPE, scopeForJurisdictions } from '../../../src/store/read/scope.ts';
import { executeRead } from '../../../src/store/run.ts';
import { closeDriver } from '../../support/db.ts';
import { loadTinyExtracts, TINY_FIXTURE } from '../../support/tiny-world.ts';

async function all(label: StoredRecord['kind'], scope = FULL_SCOPE): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  for await (const page of resolutionRecords(label, scope, { pageSize: 97 })) out.push(...page);
  return out;
}

describe('store/read/resolution-records on the tiny world', () => {
  let persons: StoredRecord[] = [];

  beforeAll(async () => {
    await loadTinyExtracts();
    persons = await all('Person');
  }, 240_000);
  afterAll(closeDriver);

  it('reads every Person once, in pages, with names and its identifiers', async () => {
    const [row] = await executeRead('MATCH (n:Person) RETURN count(n) AS n');
    expect(persons.length).toBe(Number(row!.n));
    expect(new Set(persons.map((p) => p.id)).size).toBe(persons.length);
    expect(persons.every((p) => p.names.length > 0 && p.source !== '')).toBe(true);
    const phones = await executeRead(
      'MATCH (p:Person)-[:HAS_PHONE]->(x) RETURN p.id AS p, x.id AS x LIMIT 20',
    );
    for (const link of phones) {
      const record = persons.find((p) => p.id === link.p)!;
      expect(record.identifiers).toContainEqual({ kind: 'phone', value: String(link.x) });
    }
  });

  it("shows a GB viewer only GB extracts' records", async () => {
    const gb = await all('Person', await scopeForJurisdictions(['GB']));
    expect(gb.length).toBeGreaterThan(0);
    expect(gb.length).toBeLessThan(persons.length);
    const [row] = await executeRead(
      "MATCH (e:Extract)-[:MENTIONS]->(n:Person) WHERE e.jurisdiction = 'GB' RETURN count(DISTINCT n) AS n",
    );
    expect(gb.length).toBe(Number(row!.n));
  });

  it('joins records of one person across sources, against the identity truth', () => {
    const truth = readFileSync(join(TINY_FIXTURE, 'ground-truth-identities.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(
        (line) => JSON.parse(line) as { personId: string; records: { mapping: string; localId: string }[] },
      );
    const result = resolveRecords([...persons]);
    const predicted = [...result.certain, ...result.proposed];
    // A record's node id ends with its source's local id: map nodes to true persons through it.
    const personOf = new Map<string, string>();
    for (const entry of truth) {
      for (const record of entry.records) {
        const node = persons.find(
          (p) => p.id.endsWith(`|${record.localId}`) || p.id.endsWith(`:${record.localId}`),
        );
        if (node) personOf.set(node.id, entry.personId);
      }
    }
    expect(personOf.size).toBeGreaterThan(10);
    const judged = predicted.filter((m) => personOf.has(m.a) && personOf.has(m.b));
    const correct = judged.filter((m) => personOf.get(m.a) === personOf.get(m.b));
    console.log(
      `tiny world: ${persons.length} persons, ${personOf.size} with truth, ${judged.length} judged proposals, ${correct.length} correct`,
    );
    expect(judged.length).toBeGreaterThan(0);
    expect(correct.length / judged.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('addresses reach the resolver from the store', () => {
  afterAll(closeDriver);

  it('reads each REGISTERED_AT address with its line and parts, and resolution parses it', async () => {
    await loadTinyExtracts();
    const persons = await all('Person');
    const links = await executeRead(
      'MATCH (p:Person)-[:REGISTERED_AT]->(x:Address) RETURN p.id AS p, x.id AS x, x.line AS line LIMIT 50',
    );
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const record = persons.find((p) => p.id === link.p)!;
      expect(record.addresses).toContainEqual(
        expect.objectContaining({ id: String(link.x), line: link.line }),
      );
      // The node id is still an identifier (blocking), and names the same address, not a second one.
      expect(record.identifiers).toContainEqual({ kind: 'address', value: String(link.x) });
    }
    const withAddress = persons.filter((p) => (p.addresses ?? []).length > 0);
    const { records } = prepareRecords(withAddress);
    const parsed = records.flatMap((r) => r.addresses);
    expect(parsed.length).toBe(withAddress.reduce((n, p) => n + p.addresses!.length, 0));
    // Lines of the tiny world carry a street and number: compared by parts, not as opaque ids.
    expect(parsed.filter((a) => a.street !== undefined && a.number !== undefined).length).toBeGreaterThan(
      parsed.length / 2,
    );
    expect(parsed.some((a) => a.opaque !== undefined)).toBe(false);
  }, 240_000);
});
