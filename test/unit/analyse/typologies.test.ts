/**
 * The under-recognised typologies of issue #18 item 5 — organ removal, online recruitment, forced
 * criminality — each indicator beside its look-alike: the pattern must match, the look-alike must
 * not, and the people a match marks as exploited are never ranked as offenders or key actors.
 */
import { describe, expect, it } from 'vitest';
import { getIndicator, INDICATORS_BY_ID, runIndicators } from '../../../src/analyse/indicators/index.ts';
import { analyse } from '../../../src/analyse/pipeline.ts';
import { scoreNetwork } from '../../../src/analyse/risk.ts';
import { type Builder, build } from './build.ts';
import { ads, arrest, banksCash, broker, day, farm, journey, ordinaryBills } from './typology-graphs.ts';

const matches = (id: string, b: Builder, params: Record<string, unknown> = {}) =>
  getIndicator(id).match(b.graph, params);

/** Checks that exposed persons earn no offender points and are never offenders or key actors. */
function neverOffenders(b: Builder, id: string, members: string[]): void {
  const found = runIndicators(b.graph, { only: [id] }).matches;
  const exposed = new Set(found.flatMap((m) => m.exposed));
  expect(exposed.size).toBeGreaterThan(0);
  const risk = scoreNetwork(b.graph, members, found, INDICATORS_BY_ID);
  for (const person of exposed) {
    expect(risk.offenders).not.toContain(person);
    expect(risk.members.find((m) => m.node === person)?.offenderScore).toBe(0);
  }
  const result = analyse(b.graph, { communities: { seed: 3 }, minNetworkSize: 1 });
  for (const network of result.networks)
    for (const person of exposed) {
      expect(network.offenders).not.toContain(person);
      expect(network.keyActors.slice(0, 3)).not.toContain(person);
    }
}

describe('organ removal: medical-travel-payer and lump-sum-after-trip', () => {
  it('matches the broker: the donors are exposed, the broker benefits, sums raise the strength', () => {
    const b = build();
    broker(b);
    const [match, ...rest] = matches('medical-travel-payer', b);
    expect(rest).toEqual([]);
    expect(match!.beneficiaries).toEqual(['broker']);
    expect(match!.exposed).toEqual(['d1', 'd2', 'd3']);
    expect(match!.strength).toBe(1.5);
    expect(match!.facts).toMatchObject({ countries: 'TR', travellers: 3, paidAfterTrip: 3 });
    const sums = matches('lump-sum-after-trip', b);
    expect(sums.map((m) => m.subject)).toEqual(['d1', 'd2', 'd3']);
    expect(sums[0]!.exposed).toEqual(['d1']);
    expect(sums[0]!.beneficiaries).toEqual([]);
  });

  it('without the sums the broker still matches at strength 1', () => {
    const b = build();
    broker(b, false);
    expect(matches('medical-travel-payer', b)[0]!.strength).toBe(1);
    expect(matches('lump-sum-after-trip', b)).toEqual([]);
  });

  it('does not match medical tourists paying their own treatment and flight, nor a family paying for a parent', () => {
    const b = build();
    b.node('account:clinic', 'Account', {
      iban: 'TR330006100519786457841326',
      holderName: 'ISTANBUL DENTAL CLINIC',
    });
    for (const t of ['t1', 't2', 't3']) {
      b.person(t, { name: `Sue Tourist${t}` });
      b.holds(t, `account:${t}`, { iban: `GB33BUKB20201555551${t.slice(1)}` });
      b.paid(`account:${t}`, 'account:clinic', 3500, day('2024-02-20'));
      journey(b, t, `account:${t}`, 'istanbul', '2024-03-01', 'TR');
    }
    // A daughter pays her mother's surgery abroad, her flight, and sends her money after.
    b.person('daughter', { name: 'Maria Popescu' });
    b.person('mother', { name: 'Elena Popescu' });
    b.holds('daughter', 'account:daughter', { iban: 'GB33BUKB20201555559999' });
    b.holds('mother', 'account:mother', { iban: 'GB33BUKB20201555558888' });
    b.paid('account:daughter', 'account:clinic', 9000, day('2024-02-20'));
    journey(b, 'mother', 'account:daughter', 'istanbul', '2024-03-01', 'TR');
    b.paid('account:daughter', 'account:mother', 5000, day('2024-03-10'));
    expect(matches('medical-travel-payer', b)).toEqual([]);
    expect(matches('lump-sum-after-trip', b)).toEqual([]);
  });

  it('does not match a payer of others’ holidays who pays no clinic, nor a clinic at home', () => {
    const b = build();
    b.person('boss', { name: 'Ilie Stan' });
    b.holds('boss', 'account:boss', { iban: 'GB33BUKB20201555550000' });
    b.node('account:gp', 'Account', { iban: 'GB12BARC20201512345678', holderName: 'HARLEY MEDICAL CLINIC' });
    b.paid('account:boss', 'account:gp', 500, day('2024-02-01'));
    for (const p of ['p1', 'p2']) {
      b.person(p, { name: `Dan ${p}` });
      journey(b, p, 'account:boss', 'rome', '2024-03-01', 'IT');
    }
    expect(matches('medical-travel-payer', b)).toEqual([]);
  });

  it('the donors are never ranked as offenders or key actors', () => {
    const b = build();
    broker(b);
    neverOffenders(b, 'medical-travel-payer', ['broker', 'd1', 'd2', 'd3']);
    neverOffenders(b, 'lump-sum-after-trip', ['broker', 'd1', 'd2', 'd3']);
  });
});

describe('online recruitment: recruitment-ads', () => {
  it('matches a private recruiter whose callers then travel together at his expense', () => {
    const b = build();
    ads(b, 'rec', 'person', ['Top Farm Jobs', 'UK Packing Work']);
    b.holds('rec', 'account:rec');
    for (const a of ['a1', 'a2', 'a3']) journey(b, a, 'account:rec', 'london', '2024-02-20', 'GB');
    const [match, ...rest] = matches('recruitment-ads', b);
    expect(rest).toEqual([]);
    expect(match!.subject).toBe('phone:ads');
    expect(match!.beneficiaries).toEqual(['rec']);
    expect(match!.exposed).toEqual(['a1', 'a2', 'a3']);
    expect(match!.strength).toBe(1.5);
    expect(match!.facts).toMatchObject({ ads: 4, advertisedNames: 2, applicants: 4, travelledTogether: 3 });
  });

  it('does not match a recruitment agency whose applicants travel on their own', () => {
    const b = build();
    ads(b, 'agency', 'org', ['Bright Staffing Ltd'], 12);
    b.holds('agency', 'account:agency');
    for (const [i, a] of ['a1', 'a2', 'a3', 'a4'].entries())
      journey(b, a, a, 'london', `2024-02-${10 + i}`, 'GB');
    expect(matches('recruitment-ads', b)).toEqual([]);
  });

  it('does not match an agency (an organisation) that books its applicants’ coach', () => {
    const b = build();
    ads(b, 'agency', 'org', ['Bright Staffing Ltd'], 12);
    b.holds('agency', 'account:agency');
    for (const a of ['a1', 'a2', 'a3']) journey(b, a, 'account:agency', 'london', '2024-02-20', 'GB');
    expect(matches('recruitment-ads', b)).toEqual([]);
  });

  it('does not match two adverts, or callers who travel apart', () => {
    const b = build();
    ads(b, 'rec', 'person', ['Top Farm Jobs'], 2);
    b.holds('rec', 'account:rec');
    for (const a of ['a1', 'a2', 'a3']) journey(b, a, 'account:rec', 'london', '2024-02-20', 'GB');
    expect(matches('recruitment-ads', b)).toEqual([]);
    const c = build();
    ads(c, 'rec', 'person', ['Top Farm Jobs'], 5);
    c.holds('rec', 'account:rec');
    for (const [i, a] of ['a1', 'a2', 'a3'].entries())
      journey(c, a, 'account:rec', 'london', `2024-02-2${i}`, 'GB');
    expect(matches('recruitment-ads', c)).toEqual([]);
  });

  it('the applicants are never ranked as offenders or key actors', () => {
    const b = build();
    ads(b, 'rec', 'person', ['Top Farm Jobs', 'UK Packing Work']);
    b.holds('rec', 'account:rec');
    for (const a of ['a1', 'a2', 'a3']) journey(b, a, 'account:rec', 'london', '2024-02-20', 'GB');
    neverOffenders(b, 'recruitment-ads', ['rec', 'a1', 'a2', 'a3', 'a4']);
  });
});

describe('forced criminality', () => {
  it('residential-utility-spike matches a home burning thirty times the norm; the payer of its rent benefits', () => {
    const b = build();
    ordinaryBills(b);
    farm(b);
    const [match, ...rest] = matches('residential-utility-spike', b);
    expect(rest).toEqual([]);
    expect(match!.subject).toBe('account:gardener');
    expect(match!.exposed).toEqual(['gardener']);
    expect(match!.beneficiaries).toEqual(['boss']);
    expect(match!.facts).toMatchObject({ monthly: 1800 });
  });

  it('residential-utility-spike does not match a bakery’s bills, a large family’s, or a world too small for a norm', () => {
    const b = build();
    ordinaryBills(b);
    b.org('bakery', { name: 'Crusty Loaf Bakery Ltd' });
    b.holds('bakery', 'account:bakery');
    b.rel('REGISTERED_AT', 'bakery', 'address:h0', { kind: 'business' });
    for (const m of ['01', '02', '03'])
      b.paid('account:bakery', 'account:gas', 2400, day(`2024-${m}-02`), 'direct-debit');
    b.person('bigfamily', { name: 'Tom Large' });
    b.livesAt('bigfamily', 'address:big');
    b.holds('bigfamily', 'account:big');
    for (const m of ['01', '02', '03'])
      b.paid('account:big', 'account:gas', 260, day(`2024-${m}-02`), 'direct-debit');
    expect(matches('residential-utility-spike', b)).toEqual([]);
    const small = build();
    farm(small);
    small.org('gas', { name: 'BRITISH GAS' });
    small.holds('gas', 'account:gas');
    expect(matches('residential-utility-spike', small)).toEqual([]);
  });

  it('cash-without-income matches a dealer with no income banking cash for another', () => {
    const b = build();
    b.person('runner', { name: 'Duc Le' });
    b.holds('runner', 'account:runner');
    b.person('boss', { name: 'Tuan Tran' });
    b.holds('boss', 'account:boss');
    banksCash(b, 'runner', 'boss');
    const [match] = matches('cash-without-income', b);
    expect(match!.exposed).toEqual(['runner']);
    expect(match!.beneficiaries).toEqual(['boss']);
    expect(match!.facts).toMatchObject({ deposits: 8, deposited: 4800, passedOn: 4000 });
  });

  it('cash-without-income does not match a cash business owner, a waged saver, or cash that stays', () => {
    const b = build();
    b.person('owner', { name: 'Gita Shah' });
    b.holds('owner', 'account:owner');
    b.org('shop', { name: 'Shah Convenience Ltd' });
    b.rel('DIRECTS', 'owner', 'shop');
    b.person('supplier', { name: 'Raj Patel' });
    b.holds('supplier', 'account:supplier');
    banksCash(b, 'owner', 'supplier');
    b.person('worker', { name: 'Piotr Nowak' });
    b.holds('worker', 'account:worker');
    b.person('sister', { name: 'Anna Kowal' });
    b.holds('sister', 'account:sister');
    banksCash(b, 'worker', 'sister');
    b.paid('account:employer', 'account:worker', 1800, day('2024-02-25'), 'wage');
    b.person('saver', { name: 'Lee Chan' });
    b.holds('saver', 'account:saver');
    b.node('location:york', 'Location', { name: 'York' });
    for (let d = 1; d <= 8; d++)
      b.rel('CASH', 'account:saver', 'location:york', {
        direction: 'in',
        amount: 600,
        at: day(`2024-02-0${(d % 9) + 1}`),
      });
    expect(matches('cash-without-income', b)).toEqual([]);
  });

  it('arrested-under-control matches a gardener arrested at a farm whose rent the boss pays', () => {
    const b = build();
    ordinaryBills(b);
    farm(b);
    arrest(b, 'gardener', 'address:farm');
    const [match, ...rest] = matches('arrested-under-control', b);
    expect(rest).toEqual([]);
    expect(match!.subject).toBe('gardener');
    expect(match!.exposed).toEqual(['gardener']);
    expect(match!.beneficiaries).toEqual(['boss']);
    expect(match!.facts).toMatchObject({ evidence: 'rent' });
  });

  it('arrested-under-control matches an arrested runner whose passport the boss holds', () => {
    const b = build();
    b.person('runner', { name: 'Duc Le' });
    b.person('boss', { name: 'Tuan Tran' });
    b.node('doc:runner', 'IdentityDocument');
    b.rel('HAS_DOCUMENT', 'runner', 'doc:runner');
    b.rel('HELD_DOCUMENT', 'boss', 'doc:runner');
    arrest(b, 'runner');
    expect(matches('arrested-under-control', b)[0]).toMatchObject({
      exposed: ['runner'],
      beneficiaries: ['boss'],
      facts: { evidence: 'documents' },
    });
  });

  it('arrested-under-control does not match a dealer nobody controls, or an arrest for another offence', () => {
    const b = build();
    b.person('dealer', { name: 'Mark Cole' });
    b.livesAt('dealer', 'address:dealer');
    b.holds('dealer', 'account:dealer');
    b.node('account:landlord', 'Account');
    b.rel('PAID', 'account:dealer', 'account:landlord', {
      amount: 900,
      at: day('2024-01-01'),
      kind: 'rent',
      address: 'address:dealer',
    });
    arrest(b, 'dealer', 'address:dealer');
    b.person('thief', { name: 'Rob Banks' });
    b.person('fence', { name: 'Al Fence' });
    b.node('doc:thief', 'IdentityDocument');
    b.rel('HAS_DOCUMENT', 'thief', 'doc:thief');
    b.rel('HELD_DOCUMENT', 'fence', 'doc:thief');
    b.node('offence:burglary', 'Offence', { type: 'Burglary' });
    b.rel('INVOLVED_IN', 'thief', 'offence:burglary', { role: 'suspect' });
    expect(matches('arrested-under-control', b)).toEqual([]);
  });

  it('the gardener and the runner are never ranked as offenders or key actors', () => {
    const b = build();
    ordinaryBills(b);
    farm(b);
    arrest(b, 'gardener', 'address:farm');
    b.holds('boss', 'account:boss');
    neverOffenders(b, 'residential-utility-spike', ['gardener', 'boss']);
    neverOffenders(b, 'arrested-under-control', ['gardener', 'boss']);
    const c = build();
    c.person('runner', { name: 'Duc Le' });
    c.holds('runner', 'account:runner');
    c.person('boss', { name: 'Tuan Tran' });
    c.holds('boss', 'account:boss');
    banksCash(c, 'runner', 'boss');
    neverOffenders(c, 'cash-without-income', ['runner', 'boss']);
  });
});

describe('rent placed through the landlord', () => {
  it('a standing order to the one-property landlord of the farm counts as the farm’s rent', () => {
    const b = build();
    ordinaryBills(b);
    farm(b);
    // The same farm, its rent paid by standing order without an address: the tenancy register names
    // the landlord company of the farm, and it lets nothing else.
    for (const edge of b.graph.edges())
      if (b.graph.getEdgeAttribute(edge, 'kind') === 'rent') b.graph.removeEdgeAttribute(edge, 'address');
    b.org('landco', { name: 'Farm Lets Ltd' });
    b.holds('landco', 'account:landlord');
    b.rel('REGISTERED_AT', 'landco', 'address:farm', { kind: 'landlord' });
    arrest(b, 'gardener', 'address:farm');
    expect(matches('residential-utility-spike', b)[0]!.beneficiaries).toEqual(['boss']);
    expect(matches('arrested-under-control', b)[0]!.beneficiaries).toEqual(['boss']);
    // A letting agent of two properties places nothing.
    b.rel('REGISTERED_AT', 'landco', 'address:h1', { kind: 'landlord' });
    expect(matches('residential-utility-spike', b)[0]!.beneficiaries).toEqual([]);
    expect(matches('arrested-under-control', b)).toEqual([]);
  });
});

describe('non-punishment: a suspect the evidence shows exploited', () => {
  it('is shown as possibly exploited, the recorded suspect role kept beside it; the controller stays a suspect', () => {
    const b = build();
    b.person('runner', { name: 'Duc Le' });
    b.holds('runner', 'account:runner');
    b.person('boss', { name: 'Tuan Tran' });
    b.holds('boss', 'account:boss');
    banksCash(b, 'runner', 'boss');
    b.node('doc:runner', 'IdentityDocument');
    b.rel('HAS_DOCUMENT', 'runner', 'doc:runner');
    b.rel('HELD_DOCUMENT', 'boss', 'doc:runner');
    arrest(b, 'runner');
    arrest(b, 'boss');
    const result = analyse(b.graph, { communities: { seed: 3 }, minNetworkSize: 1 });
    const members = result.networks.flatMap((n) => n.members);
    const runner = members.find((m) => m.node === 'runner')!;
    expect(runner.recordedRoles).toEqual(['suspect']);
    expect(runner.role).toBe('exposed');
    expect(runner.offenderRank).toBeUndefined();
    expect(members.find((m) => m.node === 'boss')!.role).toBe('suspect');
  });
});

describe('organ removal across unjoined records', () => {
  it('a donor whose bank and passenger records are not joined is still matched by name', () => {
    const b = build();
    broker(b);
    // The passenger records are separate persons of the same names; the journeys move to them.
    for (const [i, d] of ['d1', 'd2', 'd3'].entries()) {
      b.person(`pax:${d}`, { name: `DONOR${i} ION` });
      for (const edge of b.graph.outEdges(d))
        if (b.graph.getEdgeAttribute(edge, 'type') === 'TOOK') {
          const journey = b.graph.target(edge);
          b.graph.dropEdge(edge);
          b.rel('TOOK', `pax:${d}`, journey);
        }
    }
    const [payer] = matches('medical-travel-payer', b);
    expect(payer!.exposed).toEqual(['pax:d1', 'pax:d2', 'pax:d3']);
    expect(payer!.facts).toMatchObject({ paidAfterTrip: 3 });
    const sums = matches('lump-sum-after-trip', b);
    expect(sums.map((m) => m.subject)).toEqual(['d1', 'd2', 'd3']);
    expect(sums[0]!.exposed).toEqual(['d1', 'pax:d1']);
    neverOffenders(b, 'lump-sum-after-trip', ['broker', 'd1', 'd2', 'd3', 'pax:d1', 'pax:d2', 'pax:d3']);
  });
});

describe('arrested-under-control across unjoined records', () => {
  it('reads control from the person’s bank record that shares the custody record’s phone and name', () => {
    const b = build();
    b.person('runner', { name: 'Duc Le', birthDate: '2001-02-03' });
    b.holds('runner', 'account:runner');
    b.phone('runner', 'phone:runner');
    b.person('boss', { name: 'Tuan Tran' });
    b.holds('boss', 'account:boss');
    banksCash(b, 'runner', 'boss');
    // The custody record: the same phone and name, no account.
    b.person('custody', { name: 'LE DUC', birthDate: '2001-02-03' });
    b.phone('custody', 'phone:runner');
    arrest(b, 'custody');
    expect(matches('arrested-under-control', b)[0]).toMatchObject({
      subject: 'custody',
      exposed: ['custody'],
      beneficiaries: ['boss'],
      facts: { evidence: 'money' },
    });
    // A stranger who shares the phone (a different name) lends it no control.
    const c = build();
    c.person('runner', { name: 'Duc Le' });
    c.holds('runner', 'account:runner');
    c.phone('runner', 'phone:runner');
    c.person('boss', { name: 'Tuan Tran' });
    c.holds('boss', 'account:boss');
    banksCash(c, 'runner', 'boss');
    c.person('custody', { name: 'Mark Cole' });
    c.phone('custody', 'phone:runner');
    arrest(c, 'custody');
    expect(matches('arrested-under-control', c)).toEqual([]);
  });
});

describe('fan-in-beneficiary and medical tourists (v3)', () => {
  /** Four workers each send 40 % of their pay abroad: to a clinic, or to one man. */
  function tourists(b: Builder, payee: string, holderName: string, reference: string): void {
    b.node(payee, 'Account', { iban: 'TR330006100519786457841326', holderName });
    for (const t of ['t1', 't2', 't3', 't4']) {
      b.person(t, { name: `Sue ${t}Smith` });
      b.holds(t, `account:${t}`, { iban: `GB33BUKB2020155555${t}00` });
      b.paid('account:employer', `account:${t}`, 2500, day('2024-02-28'), 'wage');
      b.rel('PAID', `account:${t}`, payee, {
        amount: 1000,
        at: day('2024-03-02'),
        kind: 'transfer',
        reference,
      });
    }
  }

  it('does not take patients paying one clinic abroad for the victims of its beneficiary', () => {
    const b = build();
    tourists(b, 'account:clinic', 'ISTANBUL DENTAL CLINIC', 'DEPOSIT');
    expect(matches('fan-in-beneficiary', b)).toEqual([]);
    const c = build();
    tourists(c, 'account:clinic', 'ANKA SAGLIK A.S.', 'TREATMENT DEPOSIT');
    expect(matches('fan-in-beneficiary', c)).toEqual([]);
  });

  it('still matches the same money sent to one man abroad', () => {
    const b = build();
    tourists(b, 'account:boss', 'ILIE STAN', 'SUPPORT');
    expect(matches('fan-in-beneficiary', b)).toHaveLength(1);
  });
});
