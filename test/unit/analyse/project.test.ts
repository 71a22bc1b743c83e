import { describe, expect, it } from 'vitest';
import { DEFAULTS, project } from '../../../src/analyse/project.ts';
import { build } from './build.ts';

const w = DEFAULTS.weights;

describe('projection to the entity graph', () => {
  it('weights money by log-scaled count and amount between the holders', () => {
    const b = build();
    b.person('a').person('b');
    b.holds('a', 'account:a');
    b.holds('b', 'account:b');
    b.paid('account:a', 'account:b', 600, '2024-01-01');
    b.paid('account:b', 'account:a', 400, '2024-01-02');
    const { graph } = project(b.graph);
    const edge = graph.edge('a', 'b')!;
    const expected = w.moneyPerLogCount * Math.log2(1 + 2) + w.moneyPerLogAmount * Math.log10(1 + 1000);
    expect(graph.getEdgeAttribute(edge, 'weight')).toBeCloseTo(expected, 10);
    expect(graph.getEdgeAttribute(edge, 'kinds')).toEqual({ money: expected });
  });

  it('counts an aggregated payment as the transfers it stands for, not as one row', () => {
    const b = build();
    b.person('a').person('b');
    b.holds('a', 'account:a');
    b.holds('b', 'account:b');
    // One row for 12 transfers over a year, one plain payment, and a count that is no count.
    b.rel('PAID', 'account:a', 'account:b', {
      amount: 1200,
      at: '2023-01-01',
      until: '2023-12-31',
      count: 12,
    });
    b.paid('account:b', 'account:a', 100, '2024-01-02');
    b.rel('PAID', 'account:a', 'account:b', { amount: 50, at: '2024-02-01', count: 'many' });
    const { graph } = project(b.graph);
    const expected = w.moneyPerLogCount * Math.log2(1 + 14) + w.moneyPerLogAmount * Math.log10(1 + 1350);
    expect(graph.getEdgeAttribute(graph.edge('a', 'b')!, 'weight')).toBeCloseTo(expected, 10);
  });

  it('lets an account nobody is known to hold stand for its holder', () => {
    const b = build();
    b.person('a');
    b.holds('a', 'account:a');
    b.paid('account:a', 'account:abroad', 100, '2024-01-01');
    const { graph } = project(b.graph);
    expect(graph.hasEdge('a', 'account:abroad')).toBe(true);
    expect(graph.getNodeAttribute('account:abroad', 'label')).toBe('Account');
  });

  it('links the people sharing an identifier with weight / (k - 1), calls by log count', () => {
    const b = build();
    for (const p of ['a', 'b', 'c']) {
      b.person(p);
      b.phone(p, 'phone:shared');
    }
    b.phone('a', 'phone:a2');
    b.person('d');
    b.phone('d', 'phone:d');
    for (let i = 0; i < 3; i++) b.rel('CALLED', 'phone:a2', 'phone:d', { at: '2024-01-01', seconds: 5 });
    const { graph } = project(b.graph);
    expect(graph.getEdgeAttribute(graph.edge('a', 'b')!, 'weight')).toBeCloseTo(w.sharedPhone / 2, 10);
    expect(graph.getEdgeAttribute(graph.edge('b', 'c')!, 'weight')).toBeCloseTo(w.sharedPhone / 2, 10);
    expect(graph.getEdgeAttribute(graph.edge('a', 'd')!, 'weight')).toBeCloseTo(
      w.callPerLogCount * Math.log2(4),
      10,
    );
  });

  it('splits calls and money between phones or accounts with several holders among the pairs, never multiplies them', () => {
    const b = build();
    // The herder's phone is on two mules' bank forms; the controller's on three workers'.
    b.person('herder').person('m1').person('m2').person('boss').person('w1').person('w2').person('w3');
    for (const p of ['herder', 'm1', 'm2']) b.phone(p, 'phone:herder');
    for (const p of ['boss', 'w1', 'w2', 'w3']) b.phone(p, 'phone:boss');
    for (let i = 0; i < 7; i++)
      b.rel('CALLED', 'phone:herder', 'phone:boss', { at: `2024-01-0${i + 1}T09:00:00Z` });
    // A joint account of two pays one of one holder.
    b.person('x').person('y').person('z');
    b.holds('x', 'account:joint');
    b.holds('y', 'account:joint');
    b.holds('z', 'account:z');
    b.paid('account:joint', 'account:z', 1000, '2024-01-01');
    const { graph } = project(b.graph);
    const callWeight = (a: string, c: string) => graph.getEdgeAttribute(graph.edge(a, c)!, 'kinds').call ?? 0;
    let total = 0;
    for (const a of ['herder', 'm1', 'm2'])
      for (const c of ['boss', 'w1', 'w2', 'w3']) total += callWeight(a, c);
    // Seven calls between two phones weigh what they weigh between two people, shared by 12 pairs.
    expect(total).toBeCloseTo(w.callPerLogCount * Math.log2(1 + 7), 10);
    expect(callWeight('m1', 'w2')).toBeCloseTo((w.callPerLogCount * Math.log2(8)) / 12, 10);
    const money = (a: string) => graph.getEdgeAttribute(graph.edge(a, 'z')!, 'kinds').money ?? 0;
    const one = w.moneyPerLogCount * Math.log2(2) + w.moneyPerLogAmount * Math.log10(1001);
    expect(money('x')).toBeCloseTo(one / 2, 10);
    expect(money('y')).toBeCloseTo(one / 2, 10);
  });

  it('folds employment, directorship, claims, travel and held documents into links', () => {
    const b = build();
    b.org('org');
    for (const p of ['boss', 'w', 'x']) b.person(p);
    b.rel('EMPLOYS', 'org', 'w');
    b.rel('DIRECTS', 'boss', 'org');
    b.holds('boss', 'account:boss');
    b.claim('w', 'claim:w', 'account:boss');
    b.node('doc:x', 'IdentityDocument');
    b.rel('HAS_DOCUMENT', 'x', 'doc:x');
    b.rel('HELD_DOCUMENT', 'boss', 'doc:x');
    b.node('journey:x', 'Journey');
    b.rel('TOOK', 'x', 'journey:x');
    b.rel('PAID_FOR', 'account:boss', 'journey:x');
    const { graph } = project(b.graph);
    const kinds = (a: string, c: string) => graph.getEdgeAttribute(graph.edge(a, c)!, 'kinds');
    expect(kinds('org', 'w')).toEqual({ employment: w.employment });
    expect(kinds('boss', 'org')).toEqual({ directorship: w.directorship });
    expect(kinds('boss', 'w')).toEqual({ 'claim-payee': w.claimPayee });
    expect(kinds('boss', 'x')).toEqual({ 'held-document': w.heldDocument, 'travel-payer': w.travelPayer });
  });

  it('excludes identifiers shared by too many and damps or drops entities with too many neighbours', () => {
    const b = build();
    b.node('address:cityhall', 'Address');
    b.org('bank');
    b.holds('bank', 'account:clearing');
    for (let i = 0; i < 12; i++) {
      b.person(`p${i}`);
      b.livesAt(`p${i}`, 'address:cityhall');
      b.holds(`p${i}`, `account:p${i}`);
      b.paid('account:clearing', `account:p${i}`, 10, '2024-01-01');
    }
    const { graph, hubs } = project(b.graph, {
      sharedIdentifierMaxActors: 10,
      hubDampFrom: 4,
      hubExcludeFrom: 11,
    });
    expect(hubs).toContainEqual(
      expect.objectContaining({ node: 'address:cityhall', action: 'excluded', degree: 12 }),
    );
    expect(hubs).toContainEqual(expect.objectContaining({ node: 'bank', action: 'excluded', degree: 12 }));
    expect(graph.hasNode('bank')).toBe(false);
    expect(graph.size).toBe(0);

    const damped = project(b.graph, { sharedIdentifierMaxActors: 10, hubDampFrom: 4, hubExcludeFrom: 20 });
    const decision = damped.hubs.find((h) => h.node === 'bank')!;
    expect(decision).toMatchObject({ action: 'damped', factor: 4 / 12 });
    const edge = damped.graph.edge('bank', 'p0')!;
    const full = w.moneyPerLogCount * Math.log2(2) + w.moneyPerLogAmount * Math.log10(11);
    expect(damped.graph.getEdgeAttribute(edge, 'weight')).toBeCloseTo(full * (4 / 12), 10);
  });

  it('validates options with messages that say how to fix the call', () => {
    expect(() => project(build().graph, { weights: { money: 1 } as never })).toThrow(
      /unknown parameter "money"/,
    );
    expect(() => project(build().graph, { hubDampFrom: 50, hubExcludeFrom: 10 })).toThrow(
      /must be >= hubDampFrom/,
    );
  });
});
