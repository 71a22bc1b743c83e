/**
 * Child-specific indicators (issue #18 item 3), each with its look-alike, and the rule that a minor
 * is a person to protect: never ranked as an offender, whatever the indicator says of them.
 */
import { describe, expect, it } from 'vitest';
import { getIndicator, INDICATORS_BY_ID, runIndicators } from '../../../src/analyse/indicators/index.ts';
import { isMinor, minorOn } from '../../../src/analyse/minors.ts';
import { scoreNetwork } from '../../../src/analyse/risk.ts';
import type { HGraph } from '../../../src/analyse/types.ts';
import { type Builder, build } from './build.ts';

const matches = (id: string, graph: HGraph) => getIndicator(id).match(graph, {});

/** A journey on `route` on `day`, paid by `payer`, taken by `travellers`. */
function trip(
  b: Builder,
  journey: string,
  day: string,
  payer: string,
  travellers: string[],
  route = 'route:ro-gb',
) {
  b.node(route, 'Route');
  b.node(journey, 'Journey', { date: `${day}T06:00:00Z` });
  b.rel('ON', journey, route);
  b.rel('PAID_FOR', payer, journey);
  for (const t of travellers) b.rel('TOOK', t, journey);
}

describe('minors in the analysis graph', () => {
  it('reads the flag the store computed, and the age on a day from the birth date', () => {
    const b = build();
    b.person('p:child', { birthDate: '2010-05-01', minor: 'certain' });
    b.person('p:adult', { birthDate: '1980-01-01' });
    b.person('p:year', { birthDate: '2002' });
    expect(isMinor(b.graph, 'p:child')).toBe(true);
    expect(isMinor(b.graph, 'p:adult')).toBe(false);
    expect(minorOn(b.graph, 'p:child', '2024-03-01T10:00:00Z')).toBe('certain');
    expect(minorOn(b.graph, 'p:adult', '2024-03-01')).toBeUndefined();
    expect(minorOn(b.graph, 'p:year', '2020-06-01')).toBe('possible');
    expect(minorOn(b.graph, 'p:year', undefined)).toBeUndefined();
  });
});

describe('minor-third-party-travel', () => {
  function world(): Builder {
    const b = build();
    b.person('p:recruiter', { name: 'Marius Dobre' });
    b.holds('p:recruiter', 'account:recruiter');
    b.person('p:child', { name: 'Ana Lungu', birthDate: '2009-02-01' });
    b.person('p:escort', { name: 'Vasile Tudor', birthDate: '1985-03-03' });
    return b;
  }

  it('matches a minor travelling with an unrelated adult, paid for by a third party', () => {
    const b = world();
    trip(b, 'journey:1', '2024-05-01', 'account:recruiter', ['p:child', 'p:escort']);
    const [found, ...rest] = matches('minor-third-party-travel', b.graph);
    expect(rest).toHaveLength(0);
    expect(found).toMatchObject({
      subject: 'account:recruiter',
      beneficiaries: ['p:recruiter'],
      exposed: ['p:child'],
      facts: { minors: 1, unrelatedAdults: 1 },
    });
  });

  it('look-alike: a family travelling together, a parent paying — no match', () => {
    const b = build();
    b.person('p:mother', { name: 'Elena Popa', birthDate: '1982-01-01' });
    b.person('p:father', { name: 'Ion Popa', birthDate: '1980-01-01' });
    b.person('p:son', { name: 'Andrei Popa', birthDate: '2012-01-01' });
    b.holds('p:father', 'account:father');
    for (const p of ['p:mother', 'p:father', 'p:son']) b.livesAt(p, 'address:home');
    trip(b, 'journey:1', '2024-05-01', 'account:father', ['p:mother', 'p:son']);
    expect(matches('minor-third-party-travel', b.graph)).toHaveLength(0);
    // The same trip paid by an unrelated agency with an unrelated escort does match.
    b.person('p:agent', { name: 'Gheorghe Stan' });
    b.holds('p:agent', 'account:agency');
    b.person('p:escort', { name: 'Vasile Tudor', birthDate: '1985-03-03' });
    trip(b, 'journey:2', '2024-06-01', 'account:agency', ['p:son', 'p:escort'], 'route:ro-it');
    expect(matches('minor-third-party-travel', b.graph).map((m) => m.subject)).toEqual(['account:agency']);
  });

  it('look-alike: a child escorted by an aunt of the same family name, paid by a third party — no match', () => {
    const b = world();
    b.person('p:aunt', { name: 'Maria Lungu', birthDate: '1975-01-01' });
    trip(b, 'journey:1', '2024-05-01', 'account:recruiter', ['p:child', 'p:aunt']);
    expect(matches('minor-third-party-travel', b.graph)).toHaveLength(0);
  });

  it('an adult travelling (18 on the day) is not a minor', () => {
    const b = world();
    trip(b, 'journey:1', '2027-02-01', 'account:recruiter', ['p:child', 'p:escort']);
    expect(matches('minor-third-party-travel', b.graph)).toHaveLength(0);
  });
});

describe('minor-crowded-address', () => {
  it('matches a minor at an address of several households; not a large family', () => {
    const b = build();
    const people = ['Radu Ene', 'Mihai Dinu', 'Ana Lungu', 'Ion Mare', 'Dan Roman'];
    people.forEach((name, i) => {
      b.person(`p:${i}`, { name, birthDate: i === 2 ? '2010-01-01' : '1980-01-01' });
      b.livesAt(`p:${i}`, 'address:crowded', { from: '2023-01-01' });
    });
    const [found, ...rest] = matches('minor-crowded-address', b.graph);
    expect(rest).toHaveLength(0);
    expect(found).toMatchObject({ subject: 'address:crowded', exposed: ['p:2'], facts: { minors: 1 } });
    expect(found?.beneficiaries).toEqual([]);

    const family = build();
    ['Elena', 'Ion', 'Andrei', 'Maria', 'Petru', 'Ioana'].forEach((given, i) => {
      family.person(`f:${i}`, { name: `${given} Popa`, birthDate: i >= 2 ? '2012-01-01' : '1980-01-01' });
      family.livesAt(`f:${i}`, 'address:family', { from: '2023-01-01' });
    });
    expect(matches('minor-crowded-address', family.graph)).toHaveLength(0);
  });

  it('a crowded address of adults only is not this indicator', () => {
    const b = build();
    ['Radu Ene', 'Mihai Dinu', 'Ana Lungu', 'Ion Mare', 'Dan Roman'].forEach((name, i) => {
      b.person(`p:${i}`, { name, birthDate: '1980-01-01' });
      b.livesAt(`p:${i}`, 'address:crowded', { from: '2023-01-01' });
    });
    expect(matches('minor-crowded-address', b.graph)).toHaveLength(0);
  });
});

describe('child-benefit-elsewhere', () => {
  function world(childAddress: string): Builder {
    const b = build();
    b.person('p:claimant', { name: 'Elena Popa', birthDate: '1980-01-01' });
    b.person('p:child', { name: 'Andrei Popa', birthDate: '2014-01-01' });
    b.rel('RELATED_TO', 'p:claimant', 'p:child', { kind: 'parent' });
    b.claim('p:claimant', 'claim:cb', 'account:claimant', { scheme: 'CB', start: '2023-01-01' });
    b.livesAt('p:claimant', 'address:claimant');
    b.livesAt('p:child', childAddress);
    return b;
  }

  it('matches child benefit claimed for a child registered elsewhere', () => {
    const [found, ...rest] = matches('child-benefit-elsewhere', world('address:elsewhere').graph);
    expect(rest).toHaveLength(0);
    expect(found).toMatchObject({
      subject: 'claim:cb>p:claimant',
      beneficiaries: ['p:claimant'],
      exposed: ['p:child'],
      facts: { children: 1, scheme: 'cb' },
    });
  });

  it('look-alike: a claimant whose child lives with them — no match', () => {
    expect(matches('child-benefit-elsewhere', world('address:claimant').graph)).toHaveLength(0);
  });

  it('another scheme, or an adult relative elsewhere, is not this indicator', () => {
    const b = world('address:elsewhere');
    b.graph.setNodeAttribute('claim:cb', 'scheme', 'UNIVERSAL_CREDIT');
    expect(matches('child-benefit-elsewhere', b.graph)).toHaveLength(0);
    const adult = world('address:elsewhere');
    adult.graph.setNodeAttribute('p:child', 'birthDate', '1990-01-01');
    expect(matches('child-benefit-elsewhere', adult.graph)).toHaveLength(0);
  });
});

describe('a minor is never ranked as an offender', () => {
  it('for every child indicator, even when a match names the minor a beneficiary', () => {
    const b = build();
    // A 16-year-old who pays for an unrelated younger child's journey with an unrelated escort,
    // lives at a crowded address, and claims child benefit for a sibling registered elsewhere.
    b.person('p:teen', { name: 'Teo Marin', birthDate: '2009-06-01', minor: 'certain' });
    b.holds('p:teen', 'account:teen');
    b.person('p:child', { name: 'Ana Lungu', birthDate: '2015-02-01', minor: 'certain' });
    b.person('p:escort', { name: 'Vasile Tudor', birthDate: '1985-03-03' });
    trip(b, 'journey:1', '2024-05-01', 'account:teen', ['p:child', 'p:escort']);
    ['Radu Ene', 'Mihai Dinu', 'Ion Mare', 'Dan Roman'].forEach((name, i) => {
      b.person(`p:${i}`, { name, birthDate: '1980-01-01' });
      b.livesAt(`p:${i}`, 'address:crowded', { from: '2023-01-01' });
    });
    b.livesAt('p:teen', 'address:crowded', { from: '2023-01-01' });
    b.person('p:sibling', { name: 'Ilie Marin', birthDate: '2016-01-01', minor: 'certain' });
    b.rel('RELATED_TO', 'p:teen', 'p:sibling', { kind: 'sibling' });
    b.livesAt('p:sibling', 'address:elsewhere');
    b.claim('p:teen', 'claim:cb', 'account:teen', { scheme: 'CB', start: '2024-01-01' });
    const { matches: all } = runIndicators(b.graph, {
      only: ['minor-third-party-travel', 'minor-crowded-address', 'child-benefit-elsewhere'],
    });
    const found = new Set(all.map((m) => m.indicator));
    expect([...found].sort()).toEqual([
      'child-benefit-elsewhere',
      'minor-crowded-address',
      'minor-third-party-travel',
    ]);
    // The teen is a beneficiary of two matches by the pattern alone...
    expect(all.filter((m) => m.beneficiaries.includes('p:teen')).length).toBeGreaterThanOrEqual(2);
    const members = [...new Set(all.flatMap((m) => m.actors))].sort();
    const risk = scoreNetwork(b.graph, members, all, INDICATORS_BY_ID);
    // ...yet never an offender: minors earn no offender points.
    for (const minor of ['p:teen', 'p:child', 'p:sibling']) {
      expect(risk.offenders).not.toContain(minor);
      expect(risk.members.find((m) => m.node === minor)).toMatchObject({ minor: true, offenderScore: 0 });
    }
    expect(risk.explanation.score).toBeGreaterThan(0);
  });
});
