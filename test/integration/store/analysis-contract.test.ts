import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_CONTRACT_VERSION } from '../../../src/model/analysis-contract.ts';
import { getNetwork, getRun } from '../../../src/store/read/analysis.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { executeWrite } from '../../../src/store/run.ts';
import { createRun } from '../../../src/store/write-analysis.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

/** A run with one network and one match, written as a run of `version` (null: before the field). */
async function storedRun(runId: string, version: number | null): Promise<void> {
  await executeWrite(
    `CREATE (r:AnalysisRun {id: $runId, status: 'completed', seed: 1, paramsJson: '{}', jurisdictions: ['*'],
       startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:00Z'})
     SET r.contractVersion = $version
     CREATE (r)-[:FOUND]->(n:Network {id: $runId + '/n1', stableId: 's1', runId: $runId, key: 'k', level: 0,
       size: 2, risk: 4, rank: 1, categories: ['THB'], linksCategories: false, keyActors: [], offenders: [],
       victims: [], possiblyExploited: []})
     CREATE (n)-[:MATCHED {points: 4, share: 1}]->(:IndicatorMatch {id: $runId + '/m1', matchId: 'm1',
       runId: $runId, indicator: 'shared-device', version: 1, category: 'THB', subject: 'phone:1',
       nodes: ['phone:1'], relationships: [], actors: [], beneficiaries: [], exposed: [], strength: 1,
       attributed: true, factsJson: '{"accounts":3}'})`,
    { runId, version },
  );
}

describe('stored analysis results carry their contract version (issue 17)', () => {
  beforeAll(cleanDatabase);
  afterAll(closeDriver);

  it('stores the current contract version on every new run', async () => {
    await createRun({ id: 'run-contract-new', seed: 1, params: {}, jurisdictions: null });
    expect((await getRun('run-contract-new', FULL_SCOPE))?.contractVersion).toBe(ANALYSIS_CONTRACT_VERSION);
  });

  it('reads a run stored before the field as version 1', async () => {
    await storedRun('run-contract-old', null);
    expect((await getRun('run-contract-old', FULL_SCOPE))?.contractVersion).toBe(1);
    const network = await getNetwork('run-contract-old/n1', FULL_SCOPE);
    expect(network?.matches).toEqual([
      expect.objectContaining({
        id: 'run-contract-old/m1',
        matchId: 'm1',
        facts: { accounts: 3 },
        points: 4,
      }),
    ]);
  });

  it('refuses the results of a run of a newer contract with a message that says what to do', async () => {
    await storedRun('run-contract-future', ANALYSIS_CONTRACT_VERSION + 1);
    await expect(getNetwork('run-contract-future/n1', FULL_SCOPE)).rejects.toThrow(
      /run run-contract-future was stored with analysis contract version .*Upgrade Skein/,
    );
  });

  it('says a damaged JSON field of a stored run is damaged, naming it, instead of reading it as empty', async () => {
    await storedRun('run-contract-damaged', 1);
    await executeWrite("MATCH (r:AnalysisRun {id: 'run-contract-damaged'}) SET r.paramsJson = '{not json'");
    await expect(getRun('run-contract-damaged', FULL_SCOPE)).rejects.toThrow(/paramsJson .* not valid JSON/);
  });
});
