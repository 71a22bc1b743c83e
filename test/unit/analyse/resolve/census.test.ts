import { describe, expect, it } from 'vitest';
import { nameLevel, nameVariant } from '../../../../src/analyse/resolve/compare.ts';
import { prepareRecords } from '../../../../src/analyse/resolve/prepare.ts';
import { resolveRecords } from '../../../../src/analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../../../../src/analyse/resolve/types.ts';
import { generateResolutionWorld } from '../../../../src/generate/resolution/records.ts';
import { person } from './records.ts';

const pairsOf = (out: ReturnType<typeof resolveRecords>) =>
  [...out.certain, ...out.proposed].map((m) => [m.a, m.b].sort().join('|'));

describe('analyse/resolve: names counted by people, not records', () => {
  // Background records: they give u and the prior; none is named like the records below.
  const background = generateResolutionWorld({ persons: 600, companies: 0, seed: 5 }).records;

  it('joins an undated record to a rare name that one person carries in several records', () => {
    const out = resolveRecords([
      person('bank:1', 'Radoslav Quennell', '1971-04-09'),
      person('police:2', 'QUENNELL, Radoslav', '1971-04-09'),
      person('travel:3', 'Radoslav Quennell', '1971-04-09'),
      person('register:4', 'QUENNELL, Radoslav', '1971-04'),
      person('phone:5', 'Radoslav Quennell'),
      ...background,
    ]);
    const pairs = pairsOf(out);
    expect(pairs).toContain('bank:1|phone:5');
    const match = out.proposed.find((m) => [m.a, m.b].sort().join('|') === 'bank:1|phone:5')!;
    expect(match.score.contributions.at(-1)!.level).toBe('5 records of this name, about 1 person');
  });

  it('leaves an undated record of a name that dated records show two people carry (father and son)', () => {
    const out = resolveRecords([
      person('bank:1', 'Radoslav Quennell', '1951-04-09'),
      person('police:2', 'QUENNELL, Radoslav', '1951-04-09'),
      person('bank:3', 'Radoslav Quennell', '1979-10-30'),
      person('register:4', 'QUENNELL, Radoslav', '1979-10'),
      person('phone:5', 'Radoslav Quennell', undefined, [{ kind: 'address', value: 'a-1' }]),
      person('travel:6', 'Radoslav Quennell', undefined, [{ kind: 'address', value: 'a-1' }]),
      ...background,
    ]);
    const pairs = pairsOf(out);
    expect(pairs).toContain('bank:1|police:2');
    expect(pairs.filter((p) => p.includes('phone:5') && !p.includes('travel:6'))).toEqual([]);
    expect(out.stats.exclusions['undated-namesake']).toBeGreaterThan(0);
  });

  it('never proposes twins whose names differ, whatever birthday, phone and address they share', () => {
    const shared = [
      { kind: 'phone', value: '+40700000001' },
      { kind: 'address', value: 'addr-twins' },
    ] as ResolutionRecord['identifiers'];
    const out = resolveRecords([
      person('bank:1', 'Natalie King', '1966-05-22', shared),
      person('police:2', 'Kevin King', '1966-05-22', shared),
      person('travel:3', 'KING, Natalie', '1966-05-22', shared),
      // Natalie's family name mistyped and her name reversed: nothing in common with "Kevin King".
      person('benefits:4', 'Kitg Natalie', '1966-05-22', shared),
      ...background,
    ]);
    const pairs = pairsOf(out);
    expect(pairs).toContain('bank:1|travel:3');
    expect(pairs.filter((p) => p.includes('police:2'))).toEqual([]);
    expect(out.stats.exclusions['different-name']).toBeGreaterThan(0);
  });

  it('says nothing about identifiers when the two records hold no kind in common', () => {
    const out = resolveRecords([
      person('bank:1', 'Radoslav Quennell', '1971-04-09', [{ kind: 'phone', value: '+401' }]),
      person('register:2', 'QUENNELL, Radoslav', '1971-04-09', [{ kind: 'tax', value: 'RO|T1' }]),
      ...background,
    ]);
    const match = out.proposed.find((m) => [m.a, m.b].sort().join('|') === 'bank:1|register:2')!;
    expect(match.score.contributions.map((c) => c.feature)).not.toContain('identifiers');
  });

  it('takes names that sound alike with one first letter as one name written two ways', () => {
    // Jaro-Winkler 0.83: below the typo similarity, but one sound.
    expect(nameVariant('mohamed', 'muhamad')).toBe(true);
    expect(nameVariant('natalie', 'kevin')).toBe(false);
    const { records } = prepareRecords([person('a:1', 'Mohammed Rahimi'), person('b:2', 'MUHAMMAD RAHIMI')]);
    expect(nameLevel(records[0]!, records[1]!)).toBe(2);
  });

  it('proposes a married name written family-first, and keeps siblings of one family name apart', () => {
    const out = resolveRecords([
      person('bank:1', 'Radoslava Quennell', '1971-04-09', [{ kind: 'phone', value: '+401' }]),
      person('register:2', 'ABERNATHY, Radoslava', '1971-04-09', [{ kind: 'phone', value: '+401' }]),
      person('bank:3', 'Fatimah Quennell', '1975-02-02', [{ kind: 'address', value: 'a-9' }]),
      person('register:4', 'QUENNELL, Georgiy', '1975-02-02', [{ kind: 'address', value: 'a-9' }]),
      ...background,
    ]);
    const pairs = pairsOf(out);
    expect(pairs).toContain('bank:1|register:2');
    expect(pairs).not.toContain('bank:3|register:4');
  });

  describe('companies', () => {
    const company = (id: string, name: string, identifiers: ResolutionRecord['identifiers'] = []) =>
      ({
        id,
        kind: 'Organisation',
        source: id.split(':')[0]!,
        names: [name],
        identifiers,
      }) as ResolutionRecord;
    // Firms named as trading names are, a stem and an activity ("Danube Staffing"), each in a
    // register (its number) and a bank (its account): both words of "Danube Cleaning" are common,
    // the name itself is no background firm's. One name in 17 recurs for a second firm.
    const stems = ['Danube', 'Albion', 'Rhine', 'Summit', 'Kestrel', 'Oranje', 'Victoria', 'Dunmore'];
    const activities = [
      'Cleaning',
      'Staffing',
      'Logistics',
      'Build',
      'Nails',
      'Transport',
      'Car Wash',
      'Recruitment',
    ];
    const firms: ResolutionRecord[] = [];
    let number = 1_000_000;
    for (const stem of stems) {
      for (const activity of activities) {
        if (stem === 'Danube' && activity === 'Cleaning') continue;
        for (let firm = 0; firm < (number % 17 === 0 ? 2 : 1); firm++) {
          const name = `${stem} ${activity}`;
          const registration = `company|GB|${number++}`;
          firms.push(
            company(`register:${registration}`, `${name} Ltd`, [
              { kind: 'registration', value: registration },
            ]),
            company(`bank:${registration}`, `${name.toUpperCase()} LTD`, [
              { kind: 'registration', value: registration },
              { kind: 'account', value: `GB00${registration}` },
            ]),
            company(`police:${registration}`, `${name} Ltd.`, [
              { kind: 'registration', value: registration },
            ]),
          );
        }
      }
    }

    it("joins a firm's records that share only its name and legal form, the data showing names rarely recur", () => {
      const out = resolveRecords([
        company('register:1', 'Danube Cleaning Ltd', [{ kind: 'registration', value: 'company|GB|7310001' }]),
        company('bank:2', 'DANUBE CLEANING LTD', [{ kind: 'account', value: 'GB01DANU0001' }]),
        company('benefits:3', 'Danube Cleaning Ltd.'),
        ...firms,
      ]);
      // With a floor of one namesake record and the chance that the two common words meet, the
      // three records of one firm scored p 0.6, under the companies' threshold of 0.8.
      expect(pairsOf(out)).toEqual(
        expect.arrayContaining(['bank:2|register:1', 'benefits:3|register:1', 'bank:2|benefits:3']),
      );
    });

    it('counts two firms of one name when one of them is written with a typo, and joins neither', () => {
      const out = resolveRecords([
        // The first firm: its register entry with two letters swapped, its bank's and a benefit
        // office's as written.
        company('register:1', 'Danube Cleanign Ltd', [{ kind: 'registration', value: 'company|GB|7310001' }]),
        company('bank:2', 'DANUBE CLEANING LTD', [{ kind: 'account', value: 'GB01DANU0001' }]),
        company('benefits:3', 'Danube Cleaning Ltd.'),
        // The second firm of the name, in the register.
        company('register:4', 'Danube Cleaning Ltd', [{ kind: 'registration', value: 'company|GB|7310002' }]),
        ...firms,
      ]);
      expect(pairsOf(out).filter((p) => p.includes('register:4'))).toEqual([]);
    });
  });
});
