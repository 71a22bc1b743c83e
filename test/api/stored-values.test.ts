/**
 * The API never fails on what the store holds (issue #14 item 7): a graph written before the
 * loader checked case roles may hold a role outside the enum, or one in another case. Reads show
 * an unknown role as OTHER and a known one in its canonical form, instead of an
 * INTERNAL_SERVER_ERROR for every query that reads that person's roles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeWrite } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver, recordMentionFactsAsLoaded } from '../support/db.ts';
import { client } from './client.ts';

const gql = client();

beforeAll(async () => {
  await cleanDatabase();
  // Written straight into Neo4j, as an old loader (or a hand-made import) left it.
  await executeWrite(`
    CREATE (x:Extract {id: 'extract:old', name: 'old.csv', jurisdiction: 'GB', status: 'complete', source: 'old'})
    CREATE (p:Person {id: 'person:old|P1', name: 'Ana Old'})
    CREATE (c1:Case {id: 'case:GB|C-1', caseNumber: 'C-1'})
    CREATE (c2:Case {id: 'case:GB|C-2', caseNumber: 'C-2'})
    CREATE (x)-[:MENTIONS {firstRow: 2, rows: 1}]->(p)
    CREATE (x)-[:MENTIONS {firstRow: 2, rows: 1}]->(c1)
    CREATE (x)-[:MENTIONS {firstRow: 3, rows: 1}]->(c2)
    CREATE (p)-[:INVOLVED_IN {role: 'perp', extract: 'extract:old', extracts: ['extract:old'], extractRows: [2], row: 2}]->(c1)
    CREATE (p)-[:INVOLVED_IN {role: 'Victim ', extract: 'extract:old', extracts: ['extract:old'], extractRows: [3], row: 3}]->(c2)`);
  await recordMentionFactsAsLoaded();
});
afterAll(closeDriver);

describe('roles the loader would refuse today', () => {
  it('read as OTHER (unknown) or in their canonical form, never as an error', async () => {
    const { data, errors } = await gql(
      `query { entity(id: "person:old|P1") { ... on Person { name roles { caseId role } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.entity.name).toBe('Ana Old');
    expect([...data!.entity.roles].sort((a: any, b: any) => a.caseId.localeCompare(b.caseId))).toEqual([
      { caseId: 'case:GB|C-1', role: 'OTHER' },
      { caseId: 'case:GB|C-2', role: 'VICTIM' },
    ]);
  });
});
