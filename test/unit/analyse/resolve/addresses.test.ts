/**
 * Addresses as comparison evidence: parsed into postcode, street, number and town whatever the
 * source's format, compared by parts (same door, same street, same town, different), and read with
 * the context of records already joined (collective evidence) without joining look-alikes.
 */
import { describe, expect, it } from 'vitest';
import { compareAddress, compareAddresses, parseAddress } from '../../../../src/analyse/resolve/addresses.ts';
import { withPartners } from '../../../../src/analyse/resolve/collective.ts';
import { compareRecords, FEATURES } from '../../../../src/analyse/resolve/compare.ts';
import { valuesOf } from '../../../../src/analyse/resolve/identifiers.ts';
import { prepareRecords } from '../../../../src/analyse/resolve/prepare.ts';
import { resolveRecords } from '../../../../src/analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../../../../src/analyse/resolve/types.ts';
import { generateResolutionWorld } from '../../../../src/generate/resolution/records.ts';
import { person } from './records.ts';

const parse = (line: string, extra: { postcode?: string; town?: string } = {}) =>
  parseAddress({ line, ...extra })!;
const level = (x: string, y: string) => compareAddress(parse(x), parse(y));
const at = (record: ResolutionRecord, ...lines: string[]): ResolutionRecord => ({
  ...record,
  addresses: lines.map((line) => ({ line })),
});
const ADDRESS = FEATURES.findIndex((f) => f.name === 'address');

describe('analyse/resolve/addresses: parsing', () => {
  it('reads a GB line in any case and abbreviation, with or without the postcode space', () => {
    expect(parse('Flat 2, 14 Station Road, Leeds, LS6 2QT')).toEqual({
      postcode: 'LS62QT',
      district: 'LS6',
      street: 'station road',
      number: '14',
      town: 'leeds',
    });
    expect(parse('14 STATION RD, LS62QT')).toMatchObject({
      postcode: 'LS62QT',
      street: 'station road',
      number: '14',
    });
  });

  it('reads Dutch and Romanian lines (street first, postcode before the town)', () => {
    expect(parse('Kerkstraat 12-3, 1012 AB Amsterdam')).toMatchObject({
      postcode: '1012AB',
      district: '1012',
      street: 'kerkstraat',
      number: '12',
      town: 'amsterdam',
    });
    expect(parse('Strada Florilor 55, 300123 Timișoara')).toMatchObject({
      postcode: '300123',
      street: 'strada florilor',
      number: '55',
      town: 'timisoara',
    });
  });

  it('takes postcode and town from their own columns when a source keeps them apart', () => {
    expect(parse('14 Station Rd', { postcode: 'ls6 2qt', town: 'Leeds' })).toMatchObject({
      postcode: 'LS62QT',
      town: 'leeds',
      street: 'station road',
    });
  });

  it('gives nothing for a line with nothing to compare', () => {
    expect(parseAddress({ line: '--' })).toBeUndefined();
  });
});

describe('analyse/resolve/addresses: levels', () => {
  it('same: one door however written (abbreviation, capitals, missing postcode, a typo in the street)', () => {
    expect(level('14 Station Road, Leeds, LS6 2QT', '14 STATION RD, LS62QT')).toBe('same');
    expect(level('14 Station Road, Leeds', '14 Station Rd, Leeds, LS6 2QT')).toBe('same');
    expect(level('14 Stration Road, Leeds', '14 Station Road, Leeds')).toBe('same');
  });

  it('street: another number of one street in one town (a neighbour, a mistyped number)', () => {
    expect(level('14 Station Road, Leeds, LS6 2QT', '18 Station Road, Leeds, LS6 2QT')).toBe('street');
  });

  it('town: another street of one town (a local move, a namesake down the road)', () => {
    expect(level('14 Station Road, Leeds, LS6 2QT', '3 Mill Lane, Leeds, LS9 1AB')).toBe('town');
  });

  it('different: one street name in two towns, or nothing in common', () => {
    expect(level('14 High Street, Leeds', '14 High Street, Luton')).toBe('different');
    expect(level('14 Station Road, Leeds, LS6 2QT', 'Kerkstraat 12, 1012 AB Amsterdam')).toBe('different');
  });

  it('the best pair over every address of each record; null when either has none', () => {
    const old = parse('3 Mill Lane, Leeds, LS9 1AB');
    const now = parse('14 Station Road, Leeds, LS6 2QT');
    expect(compareAddresses([old, now], [parse('14 STATION RD, LS6 2QT')])).toBe('same');
    expect(compareAddresses([], [now])).toBeUndefined();
  });

  it('an address known only by a stored id is equal or not, and a structured one is not counted twice', () => {
    const { records } = prepareRecords([
      { ...person('a:1', 'Ana Pop', undefined, [{ kind: 'address', value: 'address:1' }]) },
      {
        ...person('b:2', 'Ana Pop', undefined, [{ kind: 'address', value: 'address:2' }]),
        addresses: [{ id: 'address:2', line: '14 Station Road, Leeds' }],
      },
    ]);
    expect(records[0]!.addresses).toEqual([{ opaque: 'address:1' }]);
    expect(records[1]!.addresses).toHaveLength(1);
    expect(records[1]!.addresses[0]!.street).toBe('station road');
    // The door key joins the identifiers for blocking.
    expect(valuesOf(records[1]!.identifiers, 'address')).toContain('station road|14');
  });

  it('is a feature of the comparison, not an identifier any more', () => {
    const { records } = prepareRecords([
      at(person('a:1', 'Ana Pop', '1980-01-01'), '14 Station Road, Leeds'),
      at(person('b:2', 'Ana Pop', '1980-01-01'), '14 STATION RD, LEEDS'),
    ]);
    const comparison = compareRecords(records[0]!, records[1]!, new Int8Array(FEATURES.length));
    expect(FEATURES[ADDRESS]!.levels[comparison[ADDRESS]!]).toBe('same');
    expect(comparison[2]).toBe(-1);
  });
});

describe('analyse/resolve/collective', () => {
  // Weights are learnt from the data: a background of generated people makes them a real world's.
  const background = generateResolutionWorld({ persons: 500, companies: 0, seed: 5 }).records;
  const involving = (ids: string[]) => (m: { a: string; b: string }) =>
    ids.includes(m.a) || ids.includes(m.b);

  it('a record read with its partners gains their date, identifiers and addresses, keeps its own', () => {
    const { records } = prepareRecords([
      person('register:1', 'PHILLIPS, Emily', '1965'),
      at(
        person('bank:2', 'Emily Phillips', '1965-04-02', [{ kind: 'phone', value: '+4470001' }]),
        '3 Mill Lane, Leeds',
      ),
    ]);
    const enriched = withPartners(records[0]!, [records[1]!]);
    expect(enriched.birth).toEqual({ year: 1965 });
    expect(valuesOf(enriched.identifiers, 'phone')).toEqual(['+4470001']);
    expect(enriched.addresses).toHaveLength(1);
    expect(enriched.forms).toBe(records[0]!.forms);
  });

  it('proposes a pair holding nothing in common when a record joined to one shares with the other', () => {
    // The phone's contact shares the number with the bank's record, the register shares the passport
    // (a rule): the register and the phone records hold only a name in common.
    const records = [
      person('register:1', 'PHILLIPS, Emily', '1965', [{ kind: 'document', value: 'passport|GB|X1' }]),
      person('bank:2', 'Emily Phillips', '1965-04-02', [
        { kind: 'document', value: 'passport|GB|X1' },
        { kind: 'phone', value: '+4470001' },
      ]),
      person('phone:3', 'Emily Phillips', undefined, [{ kind: 'phone', value: '+4470001' }]),
      // Dated namesakes elsewhere, so a name alone says little.
      person('police:4', 'Emily Phillips', '1990-07-07'),
      person('travel:5', 'Emily Phillips', '1941-01-01'),
    ];
    const without = resolveRecords([...background, ...records], { collective: false });
    const pair = (r: typeof without) =>
      [...r.certain, ...r.proposed].find(
        (m) => [m.a, m.b].sort().join() === ['phone:3', 'register:1'].sort().join(),
      );
    expect(pair(without)).toBeUndefined();
    const withCollective = resolveRecords([...background, ...records], {});
    const found = pair(withCollective) as (typeof withCollective.proposed)[number] | undefined;
    expect(found?.through).toEqual(['bank:2']);
    expect(found?.score.probability).toBeGreaterThanOrEqual(0.8);
    expect(found?.score.contributions.at(-1)?.feature).toBe('collective');
    // Never the namesakes of other years.
    const ids = records.map((r) => r.id);
    for (const m of [...withCollective.certain, ...withCollective.proposed].filter(involving(ids))) {
      expect([m.a, m.b].some((id) => id === 'police:4' || id === 'travel:5')).toBe(false);
    }
  }, 120_000);

  it("never joins a son to his father through the father's records (a partner kept apart vetoes)", () => {
    const records = [
      at(
        person('police:1', 'Stefan Balan', '1960-02-02', [{ kind: 'phone', value: '+401' }]),
        '5 Mill Lane, Leeds',
      ),
      at(
        person('bank:2', 'Stefan Balan', '1960-02-02', [{ kind: 'phone', value: '+401' }]),
        '5 Mill Lane, Leeds',
      ),
      at(person('benefits:3', 'Stefan Balan', '1988-09-09'), '5 Mill Lane, Leeds'),
      // Undated, at the family's address: could be either.
      at(person('register:4', 'Stefan Balan'), '5 Mill Lane, Leeds'),
    ];
    const result = resolveRecords([...background, ...records]);
    const ids = records.map((r) => r.id);
    const mine = [...result.certain, ...result.proposed].filter(involving(ids));
    // The father's two records are one person (shared line, date, address).
    expect(mine.map((m) => [m.a, m.b].sort().join())).toContain('bank:2,police:1');
    for (const m of mine) {
      const ids = [m.a, m.b].sort().join();
      expect(ids).not.toBe(['benefits:3', 'police:1'].sort().join());
      expect(ids).not.toBe(['bank:2', 'benefits:3'].sort().join());
      expect(ids).not.toContain('register:4');
    }
  }, 120_000);
});
