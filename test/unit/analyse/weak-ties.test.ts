/**
 * Louvain's resolution limit: in a large graph two small groups joined by any tie at all come out as
 * one community (merging them raises modularity when their tie outweighs k_a·k_b / 2m, which shrinks
 * as the graph grows). The infrastructure pass cuts a community into groups whose parts barely
 * touch (infrastructure.ts, weaklyTied) — and must not cut one ring whose controller ties its houses.
 */
import { describe, expect, it } from 'vitest';
import { analyse, type DetectedNetwork } from '../../../src/analyse/pipeline.ts';
import { build } from './build.ts';
import { background, labourRing } from './rings.ts';

const holding = (networks: DetectedNetwork[], node: string) =>
  networks.find((n) => n.members.some((m) => m.node === node));

describe('groups that barely touch', () => {
  it('a ring whose boss is two unjoined records, and the mule chain it pays once, are two networks', () => {
    const b = build();
    // The boss appears as two records nobody has joined (same phone and address), each holding the
    // documents of, and calling, half the workers: no single record organises 80 % of the ring.
    const bosses = ['person:boss-bank', 'person:boss-police'];
    for (const boss of bosses) {
      b.person(boss, { familyName: 'Boss' });
      b.phone(boss, 'phone:boss');
      b.livesAt(boss, 'address:boss');
    }
    b.holds(bosses[0]!, 'account:boss');
    const workers = Array.from({ length: 8 }, (_, i) => `person:w${i}`);
    workers.forEach((worker, i) => {
      const boss = bosses[i % 2]!;
      b.person(worker, { familyName: `Worker${i}` });
      b.livesAt(worker, `address:house${i % 2}`);
      b.phone(worker, `phone:w${i}`);
      for (let call = 0; call < 3; call++)
        b.rel('CALLED', 'phone:boss', `phone:w${i}`, { at: `2024-02-0${call + 1}T10:00:00Z` });
      b.node(`doc:w${i}`, 'IdentityDocument');
      b.rel('HAS_DOCUMENT', worker, `doc:w${i}`);
      b.rel('HELD_DOCUMENT', boss, `doc:w${i}`);
    });
    // The chain: a herder who calls every mule, mules who pass money to a collector every month.
    b.person('person:herder', { familyName: 'Herder' });
    b.phone('person:herder', 'phone:herder');
    b.person('person:collector', { familyName: 'Collector' });
    b.holds('person:collector', 'account:collector');
    const mules = Array.from({ length: 6 }, (_, i) => `person:mule${i}`);
    mules.forEach((mule, i) => {
      b.person(mule, { familyName: `Mule${i}` });
      b.holds(mule, `account:mule${i}`);
      b.phone(mule, `phone:mule${i}`);
      for (let call = 0; call < 4; call++)
        b.rel('CALLED', 'phone:herder', `phone:mule${i}`, { at: `2024-03-0${call + 1}T10:00:00Z` });
      for (let month = 1; month <= 6; month++)
        b.paid(`account:mule${i}`, 'account:collector', 2500, `2024-0${month}-2${i}`);
    });
    b.paid('account:boss', 'account:mule0', 4000, '2024-01-01');
    background(b, 300);
    const result = analyse(b.graph);
    const ring = holding(result.networks, bosses[0]!)!;
    const chain = holding(result.networks, 'person:herder')!;
    expect(chain.id).not.toBe(ring.id);
    expect(ring.members.map((m) => m.node).sort()).toEqual([...bosses, ...workers].sort());
    expect(chain.members.map((m) => m.node).sort()).toEqual(
      ['person:herder', 'person:collector', ...mules].sort(),
    );
  });

  it('must not: one ring of 16 in two houses, its controller the only tie between them, stays whole', () => {
    const b = build();
    const ring = labourRing(b, 'solo', 16);
    background(b, 300);
    const result = analyse(b.graph);
    const network = holding(result.networks, ring.controller)!;
    expect(network.members.map((m) => m.node).sort()).toEqual([ring.controller, ...ring.workers].sort());
  });
});
