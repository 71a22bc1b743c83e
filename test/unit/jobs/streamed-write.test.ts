/**
 * Networks written while the analysis goes on (jobs/streamed-write.ts) must be the rows the
 * end-of-run write makes (jobs/run-rows.ts toRows), split into what is known when a network is
 * found and what ranking and links set later; every network handed over exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { analyse, type DetectedNetwork, STREAM_DEFAULTS } from '../../../src/analyse/pipeline.ts';
import { lateNetwork, packedNetworks, packNetworks } from '../../../src/jobs/packed-result.ts';
import { lateNetworkFields, storedMatches, toRows } from '../../../src/jobs/run-rows.ts';
import { streamedWriter } from '../../../src/jobs/streamed-write.ts';
import type { EarlyNetworkRow, MatchedRow, MemberRow } from '../../../src/store/write-analysis.ts';
import { world } from '../analyse/world.ts';

const batch = STREAM_DEFAULTS.networkBatch;
afterEach(() => {
  STREAM_DEFAULTS.networkBatch = batch;
});

/** The analysis with its networks handed over in batches of `size`, each packed as the worker does. */
function streamedRun(size: number) {
  STREAM_DEFAULTS.networkBatch = size;
  const batches: DetectedNetwork[][] = [];
  const packed: ReturnType<typeof packNetworks>['packed'][] = [];
  const result = analyse(world().graph, {
    communities: { seed: 7 },
    minNetworkSize: 1,
    onNetworks: (networks) => {
      batches.push(networks.map((n) => structuredClone(n)));
      packed.push(packNetworks([...networks]).packed);
    },
  });
  return { result, batches, packed };
}

describe('streamed write of a run', () => {
  it('hands every network over once, in batches, with all but its ranking and links final', () => {
    const { result, batches } = streamedRun(2);
    expect(result.networks.length).toBeGreaterThan(3);
    expect(batches.length).toBe(Math.ceil(result.networks.length / 2));
    expect(batches.every((b) => b.length <= 2)).toBe(true);
    const handed = batches.flat();
    const byId = new Map(result.networks.map((n) => [n.id, n]));
    expect(handed.map((n) => n.id).sort()).toEqual([...byId.keys()].sort());
    for (const early of handed) {
      const final = byId.get(early.id)!;
      const { rank, unit, unitRank, unitRisk, linkedNetworks, ...rest } = final;
      void [rank, unit, unitRank, unitRisk, linkedNetworks];
      expect(early).toMatchObject(rest);
    }
  });

  it('writes the rows the end-of-run write makes: early rows and late fields together', async () => {
    const { result, packed } = streamedRun(3);
    const written: Array<{ networks: EarlyNetworkRow[]; members: MemberRow[]; matched: MatchedRow[] }> = [];
    const writer = streamedWriter('run-1', {
      write: async (_runId, networks, members, matched) => {
        written.push({ networks: [...networks], members: [...members], matched: [...matched] });
        return { transactions: 1 };
      },
    });
    for (const p of packed) writer.networks(packedNetworks(p));
    const settled = await writer.settled();
    expect(settled).toMatchObject({ transactions: packed.length, networks: result.networks.length });

    const whole = toRows('run-1', result);
    const late = new Map(
      result.networks.map((n) => [`run-1/${n.id}`, lateNetworkFields('run-1', lateNetwork(n))]),
    );
    const sortById = <T extends { id: string }>(rows: T[]) =>
      [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    const rows = written.flatMap((w) => w.networks).map((n) => ({ ...n, ...late.get(n.id)! }));
    expect(sortById(rows)).toEqual(sortById([...whole.networks]));
    const key = (m: MemberRow) => `${m.network} ${m.node}`;
    const members = written.flatMap((w) => w.members);
    expect(members.map(key).sort()).toEqual(whole.members.map(key).sort());
    expect(new Map(members.map((m) => [key(m), m]))).toEqual(new Map(whole.members.map((m) => [key(m), m])));
    // Links to matches wait for the tail (the matches are written first), with their attributions.
    expect(written.every((w) => w.matched.length === 0)).toBe(true);
    const link = (m: MatchedRow) => `${m.network} ${m.match} ${m.points} ${m.share}`;
    expect(writer.matched.map(link).sort()).toEqual(whole.matched.map(link).sort());
    expect(storedMatches(result.matches, writer.matched)).toEqual(whole.matches);
  });

  it('stops at the first failed write, writes nothing after it and reports it', async () => {
    const { packed } = streamedRun(1);
    expect(packed.length).toBeGreaterThan(2);
    let calls = 0;
    const failures: Error[] = [];
    const writer = streamedWriter('run-1', {
      write: async () => {
        calls++;
        if (calls === 2) throw new Error('store down');
        return { transactions: 1 };
      },
      onFailure: (error) => failures.push(error),
    });
    for (const p of packed) writer.networks(packedNetworks(p));
    await expect(writer.settled()).rejects.toThrow('store down');
    expect(calls).toBe(2);
    expect(failures.map((e) => e.message)).toEqual(['store down']);
    expect(writer.failure()?.message).toBe('store down');
  });
});
