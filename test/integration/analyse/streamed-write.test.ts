/**
 * A run whose networks are written while the worker analyses (jobs/streamed-write.ts, the default)
 * stores what the run written all at the end stores: every network's properties, members and
 * matches (bench/runs-same.ts's comparison: all but the runs' own ids), here with one network per
 * batch so that many pages are written while the analysis goes on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_DEFAULTS } from '../../../src/analyse/pipeline.ts';
import { DETECTION_DEFAULTS, startDetection } from '../../../src/jobs/detect.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { world } from '../../unit/analyse/world.ts';
import { writeGraph } from './seed-graph.ts';

const OWN = new Set(['id', 'runId', 'stableId', 'parent', 'network', 'matchId', 'previousJaccard']);
const strip = (props: Record<string, unknown>) =>
  JSON.stringify(
    Object.entries(props)
      .filter(([key]) => !OWN.has(key))
      .sort(([x], [y]) => (x < y ? -1 : 1)),
  );

async function stored(runId: string): Promise<string[]> {
  const rows = await executeRead(
    `MATCH (:AnalysisRun {id: $runId})-[:FOUND]->(n:Network)
     RETURN properties(n) AS props,
       COLLECT { MATCH (n)-[h:HAS_MEMBER]->(m) RETURN [m.id, properties(h)] } AS members,
       COLLECT { MATCH (n)-[x:MATCHED]->(i) RETURN [properties(x), properties(i)] } AS matches`,
    { runId },
  );
  return rows
    .map((row) => {
      const members = (row.members as Array<[string, Record<string, unknown>]>)
        .map(([node, h]) => `${node} ${strip(h)}`)
        .sort();
      const matches = (row.matches as Array<[Record<string, unknown>, Record<string, unknown>]>)
        .map(([x, m]) => `${strip(x)} ${strip(m)}`)
        .sort();
      return JSON.stringify([strip(row.props as Record<string, unknown>), members, matches]).replaceAll(
        runId,
        'RUN',
      );
    })
    .sort();
}

describe('networks written while the analysis goes on', () => {
  const batch = STREAM_DEFAULTS.networkBatch;
  beforeAll(async () => {
    await cleanDatabase();
    await writeGraph(world().graph);
  });
  afterEach(() => {
    STREAM_DEFAULTS.networkBatch = batch;
    DETECTION_DEFAULTS.streamWrites = true;
  });
  afterAll(closeDriver);

  it('stores the same run as writing everything at the end', async () => {
    const params = { seed: 7, minNetworkSize: 1 };
    DETECTION_DEFAULTS.streamWrites = false;
    const atEnd = await (await startDetection(params)).done;
    DETECTION_DEFAULTS.streamWrites = true;
    STREAM_DEFAULTS.networkBatch = 1;
    const streamed = await (await startDetection(params)).done;
    expect(streamed.timings.writeStreamed).toBeGreaterThanOrEqual(0);
    // One transaction per network written as found, plus the tail's.
    const transactions = (streamed.counts as { writeTransactions?: number }).writeTransactions;
    expect(transactions).toBeGreaterThan(streamed.counts.networks);
    expect(atEnd.timings.writeStreamed).toBeUndefined();
    const a = await stored(atEnd.runId);
    const b = await stored(streamed.runId);
    expect(a.length).toBeGreaterThan(4);
    expect(b).toEqual(a);
    // Every network has its members and its rank once the run is complete.
    for (const line of b) {
      const [props, members] = JSON.parse(line) as [string, string[]];
      expect(props).toMatch(/"rank",\d+/);
      expect(members.length).toBeGreaterThan(0);
    }
  });
});
