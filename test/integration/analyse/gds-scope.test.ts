/**
 * Need-to-know in the GDS engine (store/gds.ts): the in-database projection of a scoped run reads
 * only relationships its scope may see, so a GB run's communities are made of what GB extracts
 * recorded. Checked against an independent count: the actors GB extracts mention. Runs when the
 * test server has GDS (SKEIN_TEST_NEO4J_GDS=true).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS as PROJECTION_DEFAULTS } from '../../../src/analyse/project.ts';
import { gdsCommunities, gdsVersion } from '../../../src/store/gds.ts';
import { FULL_SCOPE, scopeForJurisdictions } from '../../../src/store/read/scope.ts';
import { executeRead } from '../../../src/store/run.ts';
import { closeDriver } from '../../support/db.ts';
import { loadTinyExtracts } from '../../support/tiny-world.ts';

const query = {
  since: null,
  until: null,
  algorithm: 'louvain' as const,
  seed: 42,
  resolution: 1,
  weights: PROJECTION_DEFAULTS.weights,
  sharedIdentifierMaxActors: PROJECTION_DEFAULTS.sharedIdentifierMaxActors,
  concurrency: 1,
};

describe('GDS engine and need-to-know', () => {
  let gds: string | null = null;
  beforeAll(async () => {
    gds = await gdsVersion();
    if (gds !== null) await loadTinyExtracts();
  }, 600_000);
  afterAll(closeDriver);

  it("groups a GB run's actors only by what GB extracts recorded", async () => {
    if (gds === null) {
      console.warn('gds-scope.test: no GDS on the test server (SKEIN_TEST_NEO4J_GDS=true); skipped');
      return;
    }
    const all = await gdsCommunities({ ...query, graphName: 'test-all', scope: FULL_SCOPE });
    const gb = await gdsCommunities({
      ...query,
      graphName: 'test-gb',
      scope: await scopeForJurisdictions(['GB']),
    });
    const mentionedByGb = new Set(
      (
        await executeRead(
          "MATCH (e:Extract)-[:MENTIONS]->(n) WHERE e.jurisdiction = 'GB' RETURN DISTINCT n.id AS id",
        )
      ).map((r) => String(r.id)),
    );
    const gbIds = Object.keys(gb.partition);
    const allIds = Object.keys(all.partition);
    expect(gbIds.length).toBeGreaterThan(10);
    // Some actors are linked only through other jurisdictions' extracts: the full run has them.
    expect(allIds.some((id) => !mentionedByGb.has(id))).toBe(true);
    expect(gbIds.filter((id) => !mentionedByGb.has(id))).toEqual([]);
    expect(gb.relationships).toBeLessThan(all.relationships);
  });
});
