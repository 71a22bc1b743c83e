import { describe, expect, it } from 'vitest';
import { INDICATORS_BY_ID, runIndicators } from '../../../src/analyse/indicators/index.ts';
import { analyse } from '../../../src/analyse/pipeline.ts';
import { scoreNetwork } from '../../../src/analyse/risk.ts';
import type { IndicatorMatch } from '../../../src/analyse/types.ts';
import { BIG_EMPLOYER, CARE_HOME, LARGE_FAMILY, PLANTED, world } from './world.ts';

function match(partial: Partial<IndicatorMatch> & Pick<IndicatorMatch, 'id' | 'indicator'>): IndicatorMatch {
  const definition = INDICATORS_BY_ID.get(partial.indicator)!;
  return {
    version: 1,
    category: definition.category,
    subject: partial.id,
    nodes: [],
    relationships: ['r1'],
    actors: [],
    beneficiaries: [],
    exposed: [],
    strength: 1,
    facts: {},
    ...partial,
  };
}

describe('risk', () => {
  it('explains every point: contributions sum to the score, repeats add less', () => {
    const { graph } = world();
    const matches = [
      match({ id: 'm1', indicator: 'controller', actors: ['x'], beneficiaries: ['x'] }),
      match({ id: 'm2', indicator: 'crowded-address', actors: ['x', 'y'] }),
      match({ id: 'm3', indicator: 'crowded-address', actors: ['y', 'z'] }),
      match({ id: 'm4', indicator: 'crowded-address', actors: ['y'] }),
    ];
    const { explanation } = scoreNetwork(graph, ['x', 'y'], matches, INDICATORS_BY_ID);
    const sum = explanation.contributions.reduce((s, c) => s + c.points, 0);
    expect(sum).toBeCloseTo(explanation.score, 12);
    // crowded-address: shares 1 (x,y in), 0.5 (y of y,z), 1 → F = 2.5 → 1 × (1 + log2 2.5)
    const crowded = 1 * (1 + Math.log2(2.5));
    const base = 4 + crowded;
    expect(explanation.base).toBeCloseTo(base, 12);
    expect(explanation.multipliers).toEqual({ crossCategory: 1.5, contextOnly: 1 });
    expect(explanation.score).toBeCloseTo(base * 1.5, 12);
    expect(explanation.linksCategories).toBe(true);
  });

  it('halves networks with context indicators only', () => {
    const { graph } = world();
    const matches = [match({ id: 'm1', indicator: 'crowded-address', actors: ['x'] })];
    const { explanation } = scoreNetwork(graph, ['x'], matches, INDICATORS_BY_ID);
    expect(explanation.multipliers.contextOnly).toBe(0.5);
    expect(explanation.score).toBeCloseTo(0.5, 12);
  });

  it('never ranks a recorded victim as an offender, even when a match names them as beneficiary', () => {
    const { graph } = world();
    const [victim] = PLANTED.victims as [string];
    const matches = [
      match({
        id: 'm1',
        indicator: 'controller',
        actors: [victim, PLANTED.controller],
        beneficiaries: [victim, PLANTED.controller],
      }),
    ];
    const risk = scoreNetwork(graph, [victim, PLANTED.controller], matches, INDICATORS_BY_ID);
    expect(risk.offenders).toEqual([PLANTED.controller]);
    expect(risk.victims).toEqual([victim]);
    expect(risk.members.find((m) => m.node === victim)?.offenderScore).toBe(0);
  });

  it('ranks the planted network first and keeps every hard negative out of the top', () => {
    const result = analyse(world().graph, { communities: { seed: 11 } });
    const [top, ...rest] = result.networks;
    expect(top!.members.map((m) => m.node)).toEqual(
      expect.arrayContaining([PLANTED.controller, ...PLANTED.workers]),
    );
    expect(top!.linksCategories).toBe(true);
    expect(top!.offenders[0]).toBe(PLANTED.controller);
    for (const victim of PLANTED.victims) {
      expect(top!.offenders).not.toContain(victim);
      expect(top!.members.find((m) => m.node === victim)?.role).toBe('victim');
    }
    const negatives = [CARE_HOME.org, BIG_EMPLOYER.org, LARGE_FAMILY.members[0]!];
    for (const negative of negatives) {
      const network = rest.find((n) => n.members.some((m) => m.node === negative));
      expect(network, negative).toBeDefined();
      expect(network!.risk).toBeLessThan(top!.risk / 4);
    }
  });

  it('is reproducible end to end', () => {
    const a = analyse(world().graph, { communities: { seed: 5 } });
    const b = analyse(world().graph, { communities: { seed: 5 } });
    expect(b.networks.map((n) => [n.id, n.risk, n.members.map((m) => m.node)])).toEqual(
      a.networks.map((n) => [n.id, n.risk, n.members.map((m) => m.node)]),
    );
    expect(runIndicators(world().graph).matches.length).toBe(a.matches.length);
  });
});
