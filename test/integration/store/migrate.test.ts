import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrationsPending } from '../../../src/store/migrate.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const dir = resolve(import.meta.dirname, '../../../cypher/schema');

async function schemaShape() {
  const constraints = await executeRead(
    'SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type RETURN * ORDER BY name',
  );
  const indexes = await executeRead(
    'SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN * ORDER BY name',
  );
  return { constraints, indexes };
}

describe('migrations against the real Neo4j', () => {
  beforeAll(cleanDatabase);
  afterAll(closeDriver);

  it('are idempotent: applying twice leaves the same schema and applies nothing new', async () => {
    await migrate(dir);
    const first = await schemaShape();
    const second = await migrate(dir);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied.length).toBeGreaterThanOrEqual(2);
    expect(await schemaShape()).toEqual(first);
    expect(await migrationsPending(dir)).toEqual([]);
  });

  it('creates the uniqueness constraints, the full-text index, and records what it applied', async () => {
    const { constraints, indexes } = await schemaShape();
    const unique = constraints
      .filter((c) => c.type === 'UNIQUENESS')
      .map((c) => (c.labelsOrTypes as string[])[0]);
    expect(unique).toEqual(
      expect.arrayContaining(['Person', 'Account', 'Phone', 'Extract', 'Network', 'SchemaMigration']),
    );
    for (const name of ['mention_search', 'mention_search_folded', 'entity_ids_v2']) {
      expect(indexes.find((i) => i.name === name)).toMatchObject({ type: 'FULLTEXT', state: 'ONLINE' });
    }
    // The node index of every spelling answered with other jurisdictions' spellings: gone.
    expect(indexes.find((i) => i.name === 'entity_search_v2')).toBeUndefined();
    const recorded = await executeRead('MATCH (m:SchemaMigration) RETURN m.id AS id ORDER BY id');
    expect(recorded.map((r) => r.id)).toEqual([
      '001_unique_ids',
      '002_search_and_lookup_indexes',
      '003_search_over_ids_and_spellings',
      '004_audit_trail',
      '005_search_by_source',
      '006_runs_scope',
      '007_model_vehicles_items_offences_reports',
      '008_search_folding',
      '009_entity_resolution',
      '010_run_locks_and_match_scope',
      '011_money_flow_summaries',
      '012_money_summary_extract_index',
      '013_minor_facts',
      '014_money_flow_pairs',
      '015_money_flow_pairs_above_hop_limit',
    ]);
    expect(indexes.find((i) => i.name === 'entity_ids')).toBeUndefined();
    const eventKeys = constraints
      .filter((c) => c.type === 'RELATIONSHIP_UNIQUENESS')
      .map((c) => (c.labelsOrTypes as string[])[0]);
    expect(eventKeys.sort()).toEqual(['CALLED', 'CASH', 'PAID']);
  });
});
