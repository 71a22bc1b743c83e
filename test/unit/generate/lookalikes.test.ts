import { describe, expect, it } from 'vitest';
import { Population } from '../../../src/generate/background/population.ts';
import { nameFor } from '../../../src/generate/noise/names.ts';

describe('generate: family look-alikes and partner-file spellings (issue 13)', () => {
  const population = new Population(7, 6000, '2024-01-01');
  const people = Array.from({ length: population.size }, (_, i) => population.person(i));
  const byId = new Map(people.map((p) => [p.id, p]));

  it('names sons after their fathers and gives twins one birthday, each listing the other', () => {
    const kinds = { 'father-son': 0, twins: 0 };
    for (const person of people) {
      for (const look of person.lookAlikes ?? []) {
        kinds[look.kind]++;
        const other = byId.get(look.personId)!;
        // Both sides know: the truth of who must never be merged is symmetric.
        expect(other.lookAlikes?.some((l) => l.personId === person.id && l.kind === look.kind)).toBe(true);
        expect(other.family).toBe(person.family);
        if (look.kind === 'father-son') {
          expect(other.given).toBe(person.given);
          const years = Math.abs(Number(other.birthDate.slice(0, 4)) - Number(person.birthDate.slice(0, 4)));
          expect(years).toBeGreaterThanOrEqual(18);
        } else {
          expect(other.birthDate).toBe(person.birthDate);
        }
      }
    }
    expect(kinds['father-son']).toBeGreaterThan(10);
    expect(kinds.twins).toBeGreaterThan(10);
  });

  it('is a pure function of the seed: a person recomputed alone is the same person', () => {
    const again = new Population(7, 6000, '2024-01-01');
    for (let i = people.length - 1; i >= 0; i -= 7) expect(again.person(i)).toEqual(people[i]);
  });

  it('writes Bulgarian and Ukrainian names in Cyrillic, maiden names and partial dates in the partner file only', () => {
    const noise = new Map<string, number>();
    for (const person of people) {
      const ftm = nameFor(7, person, 'ftm');
      for (const kind of ftm.noise) noise.set(kind, (noise.get(kind) ?? 0) + 1);
      if (ftm.noise.includes('cyrillic')) {
        expect(['BG', 'UA']).toContain(person.origin);
        expect(ftm.family).toMatch(/\p{Script=Cyrillic}/u);
      }
      if (ftm.noise.includes('partial-dob')) expect(ftm.birthDate).toMatch(/^\d{4}(-\d{2})?$/);
      if (ftm.noise.includes('maiden-name')) expect(person.maiden).toBeDefined();
      const bank = nameFor(7, person, 'bank-a');
      expect(bank.noise.filter((n) => ['cyrillic', 'partial-dob', 'maiden-name'].includes(n))).toEqual([]);
    }
    for (const kind of ['cyrillic', 'partial-dob', 'maiden-name'])
      expect(noise.get(kind), kind).toBeGreaterThan(5);
  });
});
