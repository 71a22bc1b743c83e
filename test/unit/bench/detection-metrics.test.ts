import { describe, expect, it } from 'vitest';
import {
  meanSd,
  partitionAgreement,
  personsOf,
  type ScoredMember,
  type ScoredNetwork,
  scoreWorld,
} from '../../../scripts/bench/detection-metrics.ts';

const member = (node: string, extra: Partial<ScoredMember> = {}): ScoredMember => ({
  node,
  label: 'Person',
  identity: null,
  role: 'member',
  recordedRoles: [],
  offenderRank: null,
  ...extra,
});

const network = (
  id: string,
  rank: number,
  nodes: (string | ScoredMember)[],
  extra: Partial<ScoredNetwork> = {},
): ScoredNetwork => ({
  id,
  rank,
  risk: 10 - rank,
  members: nodes.map((n) => (typeof n === 'string' ? member(n) : n)),
  keyActors: [],
  offenders: [],
  indicators: {},
  ...extra,
});

const p = (personId: string, role = 'victim') => ({ personId, role, victim: role === 'victim' });

// Two plants, one hard negative. Records: a1,a2 -> A (two records of one person), b -> B, ...
const personOf = new Map([
  ['a1', 'A'],
  ['a2', 'A'],
  ['b', 'B'],
  ['c', 'C'],
  ['d', 'D'],
  ['e', 'E'],
  ['f', 'F'],
  ['g', 'G'],
  ['n1', 'N1'],
  ['n2', 'N2'],
  ['n3', 'N3'],
]);
const planted = [
  { id: 'P1', typology: 'labour-benefit', members: [p('A', 'controller'), p('B'), p('C'), p('D')] },
  {
    id: 'P2',
    typology: 'money-mule',
    members: [p('E', 'controller'), p('F', 'mule'), p('G', 'fraud-victim')],
  },
];
const negatives = [{ id: 'NEG-1', members: [p('N1', 'member'), p('N2', 'member'), p('N3', 'member')] }];

describe('bench/detection-metrics: one world scored by hand', () => {
  const networks = [
    // rank 1: P1's A (two records), B, C and one unknown background record, plus an organisation.
    network('x1', 1, ['a1', 'a2', 'b', 'c', 'bg1', member('org1', { label: 'Organisation' })], {
      keyActors: ['b', 'a1', 'c'],
      offenders: ['a1', 'c'],
      indicators: { 'hub-phone': 2 },
    }),
    // rank 2: the hard negative alone.
    network('x2', 2, ['n1', 'n2', 'n3']),
    // rank 3: P2 with D of P1, two records of one resolved identity and a third unknown node.
    network(
      'x3',
      3,
      [
        'e',
        'f',
        'g',
        'd',
        member('r1', { identity: 'identity:r1' }),
        member('r2', { identity: 'identity:r1' }),
        'bg2',
      ],
      {
        keyActors: ['f', 'g', 'e'],
        offenders: ['f'],
        indicators: { 'rapid-pass-through': 3, 'scattered-cash': 1 },
      },
    ),
  ];
  const score = scoreWorld({ networks, planted, negatives, personOf });

  it('maps records to persons, collapses identities and leaves organisations out', () => {
    expect([...personsOf(networks[0]!, personOf)].sort()).toEqual(['A', 'B', 'C', 'bg1']);
    expect([...personsOf(networks[2]!, personOf)].sort()).toEqual(['D', 'E', 'F', 'G', 'bg2', 'identity:r1']);
  });

  it('a record the truth does not name counts as the person of another record of its identity', () => {
    const joined = network('j', 1, [
      member('a1', { identity: 'identity:a1' }),
      member('unnamed', { identity: 'identity:a1' }),
      'b',
    ]);
    expect([...personsOf(joined, personOf)].sort()).toEqual(['A', 'B']);
  });

  it('recall@k: P1 in x1 (rank 1 <= 2), P2 in x3 (rank 3 > 2) -> 1/2', () => {
    expect(score.k).toBe(2);
    expect(score.recalled).toBe(1);
    expect(score.recallAtK).toBe(0.5);
    expect(score.recallDistinct).toBe(0.5);
  });

  it('recall of distinct networks: two plants fused into one top-k network count once', () => {
    const fused = scoreWorld({
      networks: [network('f', 1, ['a1', 'b', 'c', 'd', 'e', 'f', 'g'])],
      planted,
      negatives: [],
      personOf,
    });
    expect(fused.recallAtK).toBe(1);
    expect(fused.recallDistinct).toBe(0.5);
    // Both are reported as merged, each holding the other.
    expect(fused.misses.map((m) => [m.kind, m.plant, m.holds.plants])).toEqual([
      ['merged', 'P1', { P2: 3 }],
      ['merged', 'P2', { P1: 4 }],
    ]);
  });

  it('hard negatives in the top k: x2 holds NEG-1 and no plant -> 1', () => {
    expect(score.hardNegativesInTopK).toBe(1);
  });

  it('member Jaccard: P1 3/5 with x1, P2 3/6 with x3; mean (0.6 + 0.5) / 2', () => {
    // P1 = {A,B,C,D}; x1 = {A,B,C,bg1}: 3 shared, union 5. P2 = {E,F,G}; x3 = {D,E,F,G,bg2,identity:r1}: 3/6.
    expect(score.perPlant[0]).toEqual({ plant: 'P1', jaccard: 0.6, network: 'x1', rank: 1 });
    expect(score.perPlant[1]!.jaccard).toBeCloseTo(0.5, 10);
    expect(score.jaccard).toBeCloseTo((0.6 + 0.5) / 2, 10);
  });

  it('controller top-3: A is key actor 2 of x1 (hit); E is key actor 3 of x3 (hit) -> 2/2', () => {
    expect(score.withController).toBe(2);
    expect(score.controllerHits).toBe(2);
    expect(score.controllerTop3).toBe(1);
  });

  it('victims ranked as offenders: B and C (P1 victims) as key actors / offender; G (fraud victim) as key actor', () => {
    expect(score.victimsAsOffenders).toBe(3);
    expect(score.victimDetails.map((v) => `${v.personId}:${v.why}`).sort()).toEqual([
      'B:key actor 1',
      'C:key actor 3',
      'C:offender 2',
      'G:key actor 2',
    ]);
  });

  it('a miss names its network rank, what else it holds and the indicators that fired', () => {
    expect(score.misses).toEqual([
      {
        kind: 'missed',
        plant: 'P2',
        typology: 'money-mule',
        size: 3,
        rank: 3,
        risk: 7,
        bestRank: 3,
        bestJaccard: 0.5,
        holds: { plants: { P1: 1 }, negatives: {}, background: 2 },
        indicators: { 'rapid-pass-through': 3, 'scattered-cash': 1 },
      },
    ]);
  });

  it('a victim recorded as a suspect counts while shown as a suspect, not once shown as possibly exploited', () => {
    const arrested = (role: string) =>
      scoreWorld({
        networks: [network('y', 1, [member('b', { recordedRoles: ['suspect'], role }), 'a1', 'c', 'd'])],
        planted,
        negatives: [],
        personOf,
      });
    expect(arrested('suspect').victimDetails.map((v) => `${v.personId}:${v.why}`)).toEqual([
      'B:recorded suspect',
    ]);
    expect(arrested('exposed').victimsAsOffenders).toBe(0);
  });

  it('a controller outside the top three key actors is no hit; a plant found nowhere scores 0', () => {
    const other = scoreWorld({
      networks: [network('y1', 1, ['a1', 'b', 'c', 'd'], { keyActors: ['b', 'c', 'd', 'a1'] })],
      planted,
      negatives: [],
      personOf,
    });
    expect(other.controllerHits).toBe(0);
    expect(other.perPlant[1]).toEqual({ plant: 'P2', jaccard: 0, network: null, rank: null });
    expect(other.misses[0]!.rank).toBe(-1);
    expect(other.recallAtK).toBe(0.5);
    // Risk-0 networks are no lead: B as key actor 1 of y1 counts (risk 9), not of a risk-0 network.
    const quiet = scoreWorld({
      networks: [network('z', 1, ['b'], { keyActors: ['b'], risk: 0 })],
      planted,
      negatives: [],
      personOf,
    });
    expect(quiet.victimsAsOffenders).toBe(0);
  });
});

describe('bench/detection-metrics: meanSd', () => {
  it('gives the sample standard deviation and ignores NaN', () => {
    const { mean, sd, n } = meanSd([1, 2, 3, 4, Number.NaN]);
    expect(n).toBe(4);
    expect(mean).toBe(2.5);
    expect(sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(meanSd([0.7])).toEqual({ mean: 0.7, sd: 0, n: 1 });
  });
});

describe('partitionAgreement', () => {
  const of = new Map([
    ['r1', 'P1'],
    ['r2', 'P2'],
    ['r3', 'P3'],
    ['r4', 'P4'],
  ]);
  const planted = [
    { id: 'X', members: [{ personId: 'P1' }, { personId: 'P2' }] },
    { id: 'Y', members: [{ personId: 'P3' }, { personId: 'P4' }, { personId: 'P9' }] },
  ];

  it('is 1 when the networks split the found persons as the plants do (a person in two: the first)', () => {
    const networks = [
      network('n1', 1, ['r1', 'r2']),
      network('n2', 2, ['r3', 'r4']),
      network('n3', 3, ['r1']),
    ];
    expect(partitionAgreement(networks, planted, of)).toEqual({ ari: 1, nmi: 1 });
  });

  it('is 0 for one network holding everyone, NaN when no planted person was found', () => {
    expect(partitionAgreement([network('n1', 1, ['r1', 'r2', 'r3', 'r4'])], planted, of).ari).toBe(0);
    expect(partitionAgreement([network('n1', 1, ['zz'])], planted, of).ari).toBeNaN();
  });
});
