/**
 * The run's rows (jobs/run-rows.ts) are what the store writes: one pass over the networks, and the
 * consuming pass the worker uses (each network let go of once its rows are made) must give the very
 * rows the plain pass gives, checked against rows built here field by field from the result.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyse/pipeline.ts';
import { summariseResult, toRows } from '../../../src/jobs/run-rows.ts';
import { world } from '../analyse/world.ts';

describe('run rows', () => {
  it('makes one row per network, per record of a member and per attributed contribution', () => {
    const result = analyse(world().graph, { communities: { seed: 7 } });
    expect(result.networks.length).toBeGreaterThan(1);
    const rows = toRows('run-1', result);
    // Independent counts from the result itself.
    expect(rows.networks.map((n) => n.id)).toEqual(result.networks.map((n) => `run-1/${n.id}`));
    const memberships = result.networks.flatMap((n) =>
      n.members.flatMap((m) => (m.records ?? [m.node]).map((node) => `run-1/${n.id} ${node} ${m.role}`)),
    );
    expect(rows.members.map((m) => `${m.network} ${m.node} ${m.role}`)).toEqual(memberships);
    const contributions = result.networks.flatMap((n) =>
      n.explanation.contributions.map((c) => `run-1/${n.id} ${c.match}`),
    );
    expect(rows.matched.map((m) => `${m.network} ${m.match}`)).toEqual(contributions);
    expect(rows.matches).toHaveLength(result.matches.length);
    expect(rows.networks[0]!.summaryJson).toBe(JSON.stringify(result.networks[0]!.summary));
  });

  it('gives the same rows when it consumes the result, and leaves it without networks', () => {
    const first = analyse(world().graph, { communities: { seed: 7 } });
    const second = analyse(world().graph, { communities: { seed: 7 } });
    const summary = summariseResult(second, 3);
    const consumed = toRows('run-1', second, { consume: true });
    expect(consumed).toEqual(toRows('run-1', first));
    expect(second.networks).toEqual([]);
    // The summary taken before keeps its top networks.
    expect(summary.top).toEqual(first.networks.slice(0, 3));
  });
});
