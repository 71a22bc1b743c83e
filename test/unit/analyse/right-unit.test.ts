/**
 * Issue #15 items 2 and 4: the right unit. Rings glued by shared infrastructure come out apart and
 * linked; one ring with one controller stays whole; pieces of a split parent are ranked together;
 * controllers who never touch money rank among the top 3 offenders; unheld phones join people; no
 * victim is ever an offender; a network's risk does not depend on the order the data arrived in.
 */
import { describe, expect, it } from 'vitest';
import { shuffledGraph as shuffled } from '../../../scripts/bench/shuffled-graph.ts';
import { analyse, type DetectedNetwork } from '../../../src/analyse/pipeline.ts';
import type { HGraph } from '../../../src/analyse/types.ts';
import { build } from './build.ts';
import { background, labourRing, ringAndMuleChain, threeRingsSharingInfrastructure } from './rings.ts';

const holding = (networks: DetectedNetwork[], node: string) =>
  networks.find((n) => n.members.some((m) => m.node === node));

describe('rings that share infrastructure', () => {
  it('three labour rings sharing one recruiter and one transport payer are three networks, linked', () => {
    const { b, rings, recruiter, payer } = threeRingsSharingInfrastructure();
    const result = analyse(b.graph);
    const found = rings.map((ring) => holding(result.networks, ring.controller)!);
    expect(new Set(found.map((n) => n.id)).size).toBe(3);
    rings.forEach((ring, i) => {
      const members = new Set(found[i]!.members.map((m) => m.node));
      for (const worker of ring.workers) expect(members.has(worker)).toBe(true);
      // No other ring's controller or worker in it.
      rings.forEach((other, j) => {
        if (j !== i) expect(members.has(other.controller)).toBe(false);
      });
    });
    // Each ring is linked to the other two through the recruiter and the payer.
    for (const network of found) {
      const others = found.filter((n) => n !== network).map((n) => n.id);
      expect(network.linkedNetworks.map((l) => l.network).sort()).toEqual(others.sort());
      for (const link of network.linkedNetworks) {
        expect(link.shared.map((s) => s.node).sort()).toEqual([payer, recruiter].sort());
        expect(link.rank).toBe(found.find((n) => n.id === link.network)!.rank);
        const transport = link.shared.find((s) => s.node === payer)!;
        expect(transport.kinds[0]).toBe('travel-payer');
        expect(transport.label).toBe('Organisation');
      }
    }
    // The cut is recorded: a community cut at the recruiter and the payer.
    expect(result.infrastructure.map((i) => i.node).sort()).toEqual([payer, recruiter].sort());
    expect(result.cuts.length).toBeGreaterThan(0);
  });

  it('must not: one ring with one hub (its controller) is not cut apart', () => {
    const b = build();
    const ring = labourRing(b, 'solo', 16);
    background(b, 20);
    const result = analyse(b.graph);
    const network = holding(result.networks, ring.controller)!;
    expect(network.members.map((m) => m.node).sort()).toEqual([ring.controller, ...ring.workers].sort());
    expect(result.cuts).toEqual([]);
    expect(result.infrastructure).toEqual([]);
  });

  it('the pass can be turned off (then the glued rings stay one network)', () => {
    const { b, rings } = threeRingsSharingInfrastructure();
    const result = analyse(b.graph, { infrastructure: { separate: false } });
    const ids = new Set(rings.map((ring) => holding(result.networks, ring.controller)!.id));
    expect(ids.size).toBeLessThan(3);
  });
});

describe('a ring and the mule chain that launders for it', () => {
  it('are two networks linked by money, not one: a phone many gave as theirs does not multiply its calls', () => {
    const { b, ring, herder, mules, collector } = ringAndMuleChain();
    const result = analyse(b.graph);
    const ringNetwork = holding(result.networks, ring.controller)!;
    const chain = holding(result.networks, herder)!;
    expect(chain.id).not.toBe(ringNetwork.id);
    const ringMembers = new Set(ringNetwork.members.map((m) => m.node));
    for (const worker of ring.workers) expect(ringMembers.has(worker)).toBe(true);
    const chainMembers = new Set(chain.members.map((m) => m.node));
    for (const node of [...mules, collector]) expect(chainMembers.has(node)).toBe(true);
    for (const node of [...mules, herder]) expect(ringMembers.has(node)).toBe(false);
    // Linked: the chain names the ring (through the mule the ring pays, or the controller called).
    expect(chain.linkedNetworks.map((l) => l.network)).toContain(ringNetwork.id);
  });
});

describe('one-off contacts', () => {
  it('numbers that called a work phone once or twice are contacts, not members; a phone with more evidence stays', () => {
    const b = build();
    const ring = labourRing(b, 'sx', 6);
    // 40 client numbers nobody holds, each calling the boss's (work) phone once or twice.
    for (let c = 0; c < 40; c++) {
      b.node(`phone:client${c}`, 'Phone');
      for (let k = 0; k < 1 + (c % 2); k++)
        b.rel('CALLED', `phone:client${c}`, 'phone:sx-boss', { at: `2024-03-0${k + 1}T22:00:00Z` });
    }
    // A burner nobody holds that calls the boss five times and two workers: more than a one-off.
    b.node('phone:burner', 'Phone');
    for (let k = 0; k < 5; k++)
      b.rel('CALLED', 'phone:burner', 'phone:sx-boss', { at: `2024-03-1${k}T10:00:00Z` });
    b.rel('CALLED', 'phone:burner', 'phone:sx-w0', { at: '2024-03-20T10:00:00Z' });
    b.rel('CALLED', 'phone:burner', 'phone:sx-w1', { at: '2024-03-20T11:00:00Z' });
    background(b, 10);
    const result = analyse(b.graph);
    const network = holding(result.networks, ring.controller)!;
    const members = network.members.map((m) => m.node);
    expect(members.filter((m) => m.startsWith('phone:client'))).toEqual([]);
    expect(members).toContain('phone:burner');
    for (const worker of ring.workers) expect(members).toContain(worker);
    expect(result.contacts.filter((c) => c.counterpart === 'phone:sx-boss')).toHaveLength(40);
    expect(result.counts.oneOffContacts).toBe(result.contacts.length);
    // Turned off, the clients are members again.
    const off = analyse(b.graph, { contacts: { separate: false } });
    const all = holding(off.networks, ring.controller)!.members.map((m) => m.node);
    expect(all.filter((m) => m.startsWith('phone:client')).length).toBe(40);
  });
});

describe('pieces of a split parent', () => {
  it('tied by a control match, are ranked as one unit: consecutive ranks, one unit rank, scored as a whole', () => {
    const b = build();
    labourRing(b, 'big', 20);
    // The benefits of all twenty workers go into one mule's account: a control match across pieces.
    for (let i = 0; i < 20; i++) b.claim(`person:big-w${i}`, `claim:big-w${i}`, 'account:mule');
    b.person('person:mule');
    b.holds('person:mule', 'account:mule');
    background(b, 10);
    const result = analyse(b.graph, { communities: { maxSize: 12 } });
    const pieces = result.networks.filter((n) => n.parent !== undefined);
    expect(pieces.length).toBeGreaterThan(1);
    const byUnit = new Map<string, DetectedNetwork[]>();
    for (const piece of pieces) byUnit.set(piece.unit, [...(byUnit.get(piece.unit) ?? []), piece]);
    const group = [...byUnit.values()].find((list) => list.length > 1)!;
    expect(group.length).toBe(pieces.length);
    const ranks = group.map((n) => n.rank).sort((x, y) => x - y);
    expect(ranks[ranks.length - 1]! - ranks[0]!).toBe(ranks.length - 1);
    expect(new Set(group.map((n) => n.unitRank)).size).toBe(1);
    for (const piece of group) expect(piece.unitRisk).toBeGreaterThanOrEqual(piece.risk);
    // Scored as a whole, the unit's evidence adds up beyond its best piece.
    expect(group[0]!.unitRisk).toBeGreaterThan(Math.max(...group.map((n) => n.risk)));
    // Background households are their own units.
    const household = holding(result.networks, 'person:bg0-0')!;
    expect(household.unit).toBe(household.key);
    // Ranks are a permutation; unit ranks never decrease along the ranking.
    expect(result.networks.map((n) => n.rank)).toEqual(result.networks.map((_, i) => i + 1));
    for (let i = 1; i < result.networks.length; i++) {
      expect(result.networks[i]!.unitRank).toBeGreaterThanOrEqual(result.networks[i - 1]!.unitRank);
    }
  });
});

describe('control without money', () => {
  it('a controller who never touches money ranks in the top 3 offenders; the victims never', () => {
    const b = build();
    const ring = labourRing(b, 'r', 8);
    // The money runs through a mule: benefits paid into the mule's account, sent abroad.
    b.person('person:mule');
    b.holds('person:mule', 'account:mule');
    b.person('person:abroad');
    b.holds('person:abroad', 'account:abroad');
    ring.workers.forEach((worker, i) => {
      b.claim(worker, `claim:r${i}`, 'account:mule');
      b.paid('account:mule', 'account:abroad', 400, `2024-02-${10 + i}`, 'transfer');
      if (i < 4) b.victim(worker);
    });
    // Victims who themselves call everybody and hold a document still earn nothing.
    b.rel('HELD_DOCUMENT', ring.workers[0]!, `doc:r-w1`);
    b.rel('HELD_DOCUMENT', ring.workers[0]!, `doc:r-w2`);
    background(b, 10);
    const result = analyse(b.graph);
    const network = holding(result.networks, ring.controller)!;
    expect(network.offenders.slice(0, 3)).toContain(ring.controller);
    expect(network.keyActors.slice(0, 3)).toContain(ring.controller);
    const boss = network.members.find((m) => m.node === ring.controller)!;
    expect(boss.controlScore).toBeGreaterThan(0);
    expect(boss.control.documents).toBe(8);
    expect(boss.control.calls).toBe(8);
    for (const victim of network.victims) {
      expect(network.offenders).not.toContain(victim);
      const member = network.members.find((m) => m.node === victim)!;
      expect(member.offenderRank).toBeUndefined();
      expect(member.controlScore).toBe(0);
    }
    expect(network.victims).toContain(ring.workers[0]);
  });

  it('phones nobody is known to hold join the people they call most, not a network of phones', () => {
    const b = build();
    const ring = labourRing(b, 'sx', 6);
    // Three phones of unknown holders call each other all day and the workers now and then.
    const burners = ['phone:burner1', 'phone:burner2', 'phone:burner3'];
    for (const phone of burners) b.node(phone, 'Phone');
    let day = 0;
    for (const from of burners) {
      for (const to of burners) {
        if (from === to) continue;
        for (let k = 0; k < 20; k++)
          b.rel('CALLED', from, to, { at: `2024-04-${10 + (day++ % 15)}T10:00:00Z` });
      }
    }
    b.rel('CALLED', 'phone:burner1', 'phone:sx-w0', { at: '2024-04-01T10:00:00Z' });
    b.rel('CALLED', 'phone:burner2', 'phone:sx-w1', { at: '2024-04-01T11:00:00Z' });
    background(b, 10);
    const before = analyse(b.graph, { attachStandIns: false });
    expect(
      before.networks.some((n) => n.members.every((m) => m.label === 'Phone')),
      'without the step the burners form a network of phones',
    ).toBe(true);
    const result = analyse(b.graph);
    expect(result.networks.some((n) => n.members.every((m) => m.label === 'Phone'))).toBe(false);
    const network = holding(result.networks, ring.controller)!;
    for (const phone of burners) expect(network.members.map((m) => m.node)).toContain(phone);
    expect(result.standIns.map((m) => m.node).sort()).toEqual(burners);
  });
});

describe('load order', () => {
  it("a network's members, risk and rank do not depend on the order the data arrived in", () => {
    const { b } = threeRingsSharingInfrastructure();
    const signature = (graph: HGraph) =>
      analyse(graph)
        .networks.map((n) => ({
          members: n.members
            .map((m) => m.node)
            .sort()
            .join(' '),
          risk: n.risk,
          rank: n.rank,
          offenders: n.offenders.join(' '),
          linked: n.linkedNetworks.map((l) => l.network).join(' '),
        }))
        .sort((x, y) => (x.members < y.members ? -1 : 1));
    const reference = signature(b.graph);
    for (const seed of [1, 2, 3]) expect(signature(shuffled(b.graph, seed))).toEqual(reference);
  });
});
