/**
 * Identities in detection (issue #13 item 4): records joined by SAME_AS are one actor; proposals
 * only with the option; a rejected pair never joined by a proposal; a victim stays a victim.
 */
import { describe, expect, it } from 'vitest';
import { mergeIdentities } from '../../../src/analyse/identities.ts';
import { analyse } from '../../../src/analyse/pipeline.ts';
import { project } from '../../../src/analyse/project.ts';
import { build } from './build.ts';

/** A small ring (a, b, c share a phone and pay each other) and a second record of `a` elsewhere. */
function ring() {
  const b = build();
  b.person('a', { name: 'Dumitru Munteanu', birthDate: '1969-12-03' })
    .person('b')
    .person('c')
    .person('a2', { name: 'Dumitru Mnuteanu', nationality: 'MD' })
    .person('d')
    .person('e');
  for (const p of ['a', 'b', 'c']) b.phone(p, 'ph1');
  b.holds('a', 'acc-a');
  b.holds('b', 'acc-b');
  b.paid('acc-b', 'acc-a', 500, '2024-03-01');
  // The second record of `a` sits in another group (a bank's records): d, e and a2 share an address.
  for (const p of ['a2', 'd', 'e']) b.livesAt(p, 'addr1');
  return b;
}

describe('analyse/identities', () => {
  it('joins records by SAME_AS into one actor named by the smallest record, with every record', () => {
    const b = ring();
    b.rel('SAME_AS', 'a', 'a2', { by: 'rule:document', score: 1 });
    const merge = mergeIdentities(b.graph);
    expect([...merge.identities]).toEqual([['a', ['a', 'a2']]]);
    expect(merge.graph.hasNode('a2')).toBe(false);
    expect(merge.graph.getNodeAttribute('a', 'records')).toEqual(['a', 'a2']);
    expect(merge.graph.getNodeAttribute('a', 'identity')).toBe('identity:a');
    // The smallest record's values first, the others' fill what it lacks.
    expect(merge.graph.getNodeAttribute('a', 'name')).toBe('Dumitru Munteanu');
    expect(merge.graph.getNodeAttribute('a', 'nationality')).toBe('MD');
    // The address of a2 is now the identity's: a, d and e share it.
    const entity = project(merge.graph).graph;
    expect(entity.hasNode('a2')).toBe(false);
    expect(entity.hasEdge('a', 'd')).toBe(true);
    // The records as loaded: two actors tied by nothing but the (excluded) match.
    const records = project(mergeIdentities(ring().graph).graph).graph;
    expect(records.hasNode('a2')).toBe(true);
    expect(records.hasEdge('a', 'd')).toBe(false);
  });

  it('lists an identity once in a network, with its records; no member is a record of it', () => {
    const b = ring();
    b.rel('SAME_AS', 'a', 'a2', { by: 'judgement' });
    const result = analyse(b.graph, { minNetworkSize: 2 });
    const members = result.networks.flatMap((n) => n.members);
    expect(members.map((m) => m.node)).not.toContain('a2');
    const a = members.find((m) => m.node === 'a')!;
    expect(a.records).toEqual(['a', 'a2']);
    expect(a.identity).toBe('identity:a');
    expect(result.identities).toMatchObject({ sameAs: 1, mergedRecords: 1, identities: 1 });
    // Without the join, a2 is its own member somewhere.
    const apart = analyse(ring().graph, { minNetworkSize: 2 });
    expect(apart.networks.flatMap((n) => n.members.map((m) => m.node))).toContain('a2');
  });

  it('uses a proposal only when the option asks and its score reaches the threshold', () => {
    const withProposal = () => {
      const b = ring();
      b.rel('POSSIBLY_SAME_AS', 'a', 'a2', { by: 'score', score: 0.97 });
      return b.graph;
    };
    expect(mergeIdentities(withProposal()).identities.size).toBe(0);
    expect(mergeIdentities(withProposal(), { proposedMinScore: 0.99 }).identities.size).toBe(0);
    const used = mergeIdentities(withProposal(), { proposedMinScore: 0.95 });
    expect([...used.identities.keys()]).toEqual(['a']);
    expect(used.stats.proposalsUsed).toBe(1);
    // A proposal never shows as a link of its own in the entity graph.
    expect(project(mergeIdentities(withProposal()).graph).links['same-as']).toBeUndefined();
  });

  it('never joins a rejected pair through a proposal, directly or through a confirmed record', () => {
    const b = ring();
    b.rel('SAME_AS', 'a', 'a2', { by: 'judgement' });
    b.rel('POSSIBLY_SAME_AS', 'a2', 'd', { by: 'score', score: 0.99 });
    b.rel('NOT_SAME_AS', 'a', 'd', { by: 'judgement' });
    b.rel('POSSIBLY_SAME_AS', 'b', 'e', { by: 'score', score: 0.98 });
    const merge = mergeIdentities(b.graph, { proposedMinScore: 0.95 });
    expect([...merge.identities]).toEqual([
      ['a', ['a', 'a2']],
      ['b', ['b', 'e']],
    ]);
    expect(merge.stats).toMatchObject({ proposalsBlocked: 1, proposalsUsed: 1, rejected: 1 });
  });

  it('keeps a recorded victim a victim when another record of the identity is a suspect', () => {
    const b = ring();
    b.victim('a');
    b.role('a2', 'suspect');
    b.rel('SAME_AS', 'a', 'a2', { by: 'judgement' });
    const result = analyse(b.graph, { minNetworkSize: 2 });
    const network = result.networks.find((n) => n.members.some((m) => m.node === 'a'))!;
    const a = network.members.find((m) => m.node === 'a')!;
    expect(a.role).toBe('victim');
    expect(a.recordedRoles).toEqual(['suspect', 'victim']);
    expect(network.victims).toContain('a');
    expect(network.offenders).not.toContain('a');
  });

  it('joins long chains into one identity and refuses a threshold that is not a probability', () => {
    const b = build();
    const n = 200;
    for (let i = 0; i < n; i++) b.person(`p${String(i).padStart(3, '0')}`);
    for (let i = 1; i < n; i++)
      b.rel('SAME_AS', `p${String(i).padStart(3, '0')}`, `p${String(i - 1).padStart(3, '0')}`);
    const merge = mergeIdentities(b.graph);
    expect(merge.identities.get('p000')).toHaveLength(n);
    expect(merge.graph.order).toBe(1);
    expect(() => mergeIdentities(b.graph, { proposedMinScore: 1.5 })).toThrow(/proposedMinScore/);
  });
});
