/**
 * Races and costs of resolution runs against the real Neo4j (issue 13 leftovers), reproduced
 * without timing: two starts of one scope at once (Promise.all: exactly one wins, the other is told
 * which run holds the scope), a judgement made between the run's reading of judgements and its write
 * (a hook at that point, not a sleep), and the replacement of a scope's answers through the
 * relationship index on `scopeKey` (the plan, by EXPLAIN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResolutionRunningError, startResolution } from '../../../src/jobs/resolve.ts';
import { matchKey } from '../../../src/model/resolution-contract.ts';
import { executeRead, executeWrite, explainOperators } from '../../../src/store/run.ts';
import {
  abandonStaleResolutionRuns,
  createResolutionRun,
  failResolutionRun,
  RunLockedError,
  replaceStatement,
  runLockId,
} from '../../../src/store/write-resolution.ts';
import { closeDriver } from '../../support/db.ts';
import { writeRecordWorld } from './run-world.ts';

interface Rel {
  type: string;
  a: string;
  b: string;
  by: string;
  runId: string | null;
  evidenceKey: string;
}

async function relationships(where = 'true'): Promise<Rel[]> {
  const rows = await executeRead(
    `MATCH (a)-[r:SAME_AS|POSSIBLY_SAME_AS|NOT_SAME_AS]->(b) WHERE ${where}
     RETURN type(r) AS type, a.id AS a, b.id AS b, r.by AS by, r.runId AS runId, r.evidenceKey AS evidenceKey
     ORDER BY r.key`,
  );
  return rows as unknown as Rel[];
}

async function resolve(options: Parameters<typeof startResolution>[1] = {}) {
  const started = await startResolution({}, { onWarning: () => undefined, inProcess: true, ...options });
  const summary = await started.done;
  await started.audited;
  return summary;
}

const locks = async () =>
  (await executeRead('MATCH (l:RunLock) RETURN l.id AS id, l.runId AS runId ORDER BY id')).map((r) => ({
    id: String(r.id),
    runId: String(r.runId),
  }));

/** A judgement of `pair` for every jurisdiction, with its relationship, as store/judgements.ts writes one. */
async function storeJudgement(
  id: string,
  decision: 'confirmed' | 'rejected',
  pair: Rel,
  evidenceKey: string,
) {
  const type = decision === 'confirmed' ? 'SAME_AS' : 'NOT_SAME_AS';
  await executeWrite(
    `MATCH (a {id: $pair.a}), (b {id: $pair.b})
     SET a.judgementLock__ = true REMOVE a.judgementLock__
     CREATE (:Judgement {id: $id, decision: $decision, a: $pair.a, b: $pair.b, author: 'investigator-race',
       authorJurisdictions: ['*'], jurisdictions: ['*'], scopeKey: '*', reason: 'race',
       at: toString(datetime()), evidenceKey: $evidenceKey})
     CREATE (a)-[r:${type} {key: $key, by: 'judgement', judgementId: $id, jurisdictions: ['*'], scopeKey: '*',
       reasonsJson: '[]', evidenceKey: $evidenceKey}]->(b)`,
    { id, decision, pair, evidenceKey, key: matchKey(type, pair.a, pair.b, ['*']) },
  );
}

describe('resolution runs: races and the cost of replacing answers', () => {
  beforeAll(async () => {
    await writeRecordWorld({ persons: 300, companies: 30, seed: 11 });
  }, 300_000);
  afterAll(closeDriver);

  it('lets exactly one of two runs of one scope started at once through; the other is told which', async () => {
    const outcomes = await Promise.allSettled([
      startResolution({ jurisdictions: ['GB'] }, { onWarning: () => undefined, inProcess: true }),
      startResolution({ jurisdictions: ['GB'] }, { onWarning: () => undefined, inProcess: true }),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof startResolution>>>).value;
    const error = (lost[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(ResolutionRunningError);
    expect((error as ResolutionRunningError).runningRunId).toBe(winner.runId);
    expect(await locks()).toEqual([{ id: runLockId('GB'), runId: winner.runId }]);
    await winner.done;
    await winner.audited;
    // Completed: the lock is gone and the next run of the scope starts.
    expect(await locks()).toEqual([]);
    const [running] = await executeRead("MATCH (r:ResolutionRun {status: 'running'}) RETURN count(r) AS n");
    expect(running!.n).toBe(0);
    await executeWrite("MATCH ()-[r:SAME_AS|POSSIBLY_SAME_AS]->() WHERE r.scopeKey = 'GB' DELETE r");
  });

  it('makes the store itself refuse a second running run of a scope, whatever the caller checked', async () => {
    // The job's own "is one running?" read is skipped: both creations reach the database at once.
    const start = (id: string) =>
      createResolutionRun({ id, seed: 1, params: {}, jurisdictions: ['IE'], author: 'test' });
    const outcomes = await Promise.allSettled([start('resolution-race-a'), start('resolution-race-b')]);
    const lost = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(RunLockedError);
    const winner = outcomes[0]!.status === 'fulfilled' ? 'resolution-race-a' : 'resolution-race-b';
    expect((lost[0]!.reason as RunLockedError).runningRunId).toBe(winner);
    const [runs] = await executeRead("MATCH (r:ResolutionRun) WHERE r.scopeKey = 'IE' RETURN count(r) AS n");
    expect(runs!.n).toBe(1);

    // A failed run releases the scope; so does one abandoned for a stale heartbeat.
    await failResolutionRun(winner, 'test: stopped');
    expect(await locks()).toEqual([]);
    await start('resolution-race-c');
    await executeWrite(
      "MATCH (r:ResolutionRun {id: 'resolution-race-c'}) SET r.heartbeatAt = '2020-01-01T00:00:00Z'",
    );
    expect(await abandonStaleResolutionRuns()).toBe(1);
    expect(await locks()).toEqual([]);
    // A lock left behind by a run that no longer runs (a crash between two writes) is taken over.
    await executeWrite(
      "CREATE (:RunLock {id: $id, runId: 'resolution-race-c', scopeKey: 'IE', kind: 'resolution'})",
      { id: runLockId('IE') },
    );
    await start('resolution-race-d');
    expect(await locks()).toEqual([{ id: runLockId('IE'), runId: 'resolution-race-d' }]);
    await failResolutionRun('resolution-race-d', 'test: done');
  });

  it('never writes a proposal beside a judgement made while the run was between reading and writing', async () => {
    const first = await resolve();
    const proposals = await relationships(`type(r) = 'POSSIBLY_SAME_AS' AND r.runId = '${first.runId}'`);
    const rules = await relationships(`type(r) = 'SAME_AS' AND r.runId = '${first.runId}'`);
    expect(proposals.length).toBeGreaterThan(3);
    expect(rules.length).toBeGreaterThan(0);
    const [rejected, confirmed, otherEvidence] = proposals as [Rel, Rel, Rel];
    const rule = rules[0]!;
    const again = await resolve({
      hooks: {
        // The run has read the judgements (none) and decided its rows: now investigators decide,
        // each judgement under the lock judging takes (store/judgements.ts), as judgePair writes it.
        beforeWrite: async () => {
          await storeJudgement('judgement-race-r', 'rejected', rejected, rejected.evidenceKey);
          await storeJudgement('judgement-race-c', 'confirmed', confirmed, confirmed.evidenceKey);
          await storeJudgement('judgement-race-rule', 'rejected', rule, 'evidence seen before');
          await storeJudgement('judgement-race-o', 'rejected', otherEvidence, 'evidence seen before');
        },
      },
    });
    const pair = async (r: Rel) =>
      (await relationships(`a.id = '${r.a}' AND b.id = '${r.b}'`)).map((x) => `${x.type}:${x.by}`).sort();
    expect(await pair(rejected)).toEqual(['NOT_SAME_AS:judgement']);
    expect(await pair(confirmed)).toEqual(['SAME_AS:judgement']);
    // A rejection is never turned into a join, whatever the evidence; a proposal on new evidence is.
    expect(await pair(rule)).toEqual(['NOT_SAME_AS:judgement']);
    expect(await pair(otherEvidence)).toEqual(['NOT_SAME_AS:judgement', 'POSSIBLY_SAME_AS:score']);
    expect(again.counts.judgements.judgedDuringRun).toBe(3);
    // Everything else the run proposed is written as before.
    const written = await relationships(`r.runId = '${again.runId}'`);
    expect(written.length).toBe(proposals.length + rules.length - 3);
    await executeWrite('MATCH (j:Judgement) DETACH DELETE j');
    await executeWrite("MATCH ()-[r:SAME_AS|NOT_SAME_AS]->() WHERE r.by = 'judgement' DELETE r");
  });

  it("replaces a scope's answers through the relationship index on scopeKey, not a scan", async () => {
    for (const type of ['SAME_AS', 'POSSIBLY_SAME_AS'] as const) {
      const operators = await explainOperators(replaceStatement(type), {
        scopeKey: '*',
        runId: 'resolution-x',
        batch: 10_000,
      });
      expect(operators, operators.join(' < ')).toContain('DirectedRelationshipIndexSeek');
      expect(operators.some((op) => /RelationshipTypeScan$|AllNodesScan$/.test(op))).toBe(false);
    }
  });
});
