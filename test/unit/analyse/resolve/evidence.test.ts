import { describe, expect, it } from 'vitest';
import { evidenceKey } from '../../../../src/analyse/resolve/evidence.ts';
import type { ResolutionRecord } from '../../../../src/analyse/resolve/types.ts';

const police: ResolutionRecord = {
  id: 'p:1',
  kind: 'Person',
  source: 'police',
  names: ['Dumitru Munteanu', 'MUNTEANU, Dumitru'],
  birthDate: '1969-12-03',
  nationality: 'md',
  identifiers: [
    { kind: 'phone', value: '+40721000001' },
    { kind: 'document', value: 'passport|MD|A123' },
  ],
};
const bank: ResolutionRecord = {
  id: 'b:9',
  kind: 'Person',
  source: 'bank',
  names: ['Dumitru Mnuteanu'],
  birthDate: '1969-12',
  identifiers: [],
};

describe('analyse/resolve/evidence', () => {
  it('is one key for a pair whatever the order of the pair, its names or its identifiers', () => {
    const key = evidenceKey(police, bank);
    expect(key).toMatch(/^[\w-]{22}$/);
    expect(evidenceKey(bank, police)).toBe(key);
    const reordered: ResolutionRecord = {
      ...police,
      names: ['MUNTEANU, Dumitru', ' dumitru munteanu '],
      identifiers: [...police.identifiers].reverse(),
      nationality: 'MD',
    };
    expect(evidenceKey(reordered, bank)).toBe(key);
    // Ids and sources are not evidence: the same values under another key are the same evidence.
    expect(evidenceKey({ ...police, id: 'p:2', source: 'other' }, bank)).toBe(key);
  });

  it('changes when either record gains or changes a compared value', () => {
    const key = evidenceKey(police, bank);
    const changed: ResolutionRecord[] = [
      { ...bank, names: [...bank.names, 'Dima Munteanu'] },
      { ...bank, birthDate: '1969-12-03' },
      { ...bank, nationality: 'RO' },
      { ...bank, identifiers: [{ kind: 'account', value: 'RO49AAAA1B31007593840000' }] },
      { ...bank, kind: 'Organisation' },
    ];
    const keys = changed.map((b) => evidenceKey(police, b));
    for (const other of keys) expect(other).not.toBe(key);
    expect(new Set(keys).size).toBe(keys.length);
    // A value moving from one record to the other is a different pair of records.
    expect(evidenceKey({ ...police, birthDate: '1969-12' }, { ...bank, birthDate: '1969-12-03' })).not.toBe(
      key,
    );
  });
});
