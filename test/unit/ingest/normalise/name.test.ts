import { describe, expect, it } from 'vitest';
import { nameKey, normaliseName, normaliseNameParts } from '../../../../src/ingest/normalise/name.ts';

describe('normaliseName', () => {
  it('gives "POPESCU, Ion", "Ion Popescu" and "Ión Popescu" one key', () => {
    const keys = ['POPESCU, Ion', 'Ion Popescu', 'Ión Popescu', '  ion   POPESCU '].map((n) => {
      const result = normaliseName(n);
      return result.ok ? result.value.key : result.reason;
    });
    expect(new Set(keys)).toEqual(new Set(['ion popescu']));
  });

  it('splits "Family, Given" and displays it given-first', () => {
    expect(normaliseName('POPESCU, Ion')).toEqual({
      ok: true,
      value: { name: 'Ion Popescu', key: 'ion popescu', givenName: 'Ion', familyName: 'Popescu' },
    });
  });

  it('does not guess the parts without a comma', () => {
    const result = normaliseName('Ion Popescu');
    expect(result.ok && result.value).toEqual({ name: 'Ion Popescu', key: 'ion popescu' });
  });

  it.each([
    ['ION POPESCU', 'Ion Popescu'],
    ['jean-pierre o’neil', 'Jean-Pierre O’Neil'],
    ['ludwig VAN beethoven', 'Ludwig van Beethoven'],
    ['Ronald McDonald', 'Ronald McDonald'],
    ['Ana\u00A0\tMaria\u200B  Ionescu', 'Ana Maria Ionescu'],
    ['Jose\u0301 Garci\u0301a', 'José García'],
  ])('displays %j as %j', (input, display) => {
    const result = normaliseName(input);
    expect(result.ok && result.value.name).toBe(display);
  });

  it('stores the display name in NFC', () => {
    const result = normaliseName('Jose\u0301');
    expect(result.ok && result.value.name).toBe('Jos\u00E9');
  });

  it.each([
    ['Иван Петров', 'ivan petrov'],
    ['ПЕТРОВ, Иван', 'ivan petrov'],
    ['Олександр Шевченко', 'oleksandr shevchenko'],
    ['Ђорђе Јовановић', 'dorde jovanovic'],
    ['Ελένη Παπαδοπούλου', 'eleni papadopoulou'],
    ['Łukasz Müßig', 'lukasz mussig'],
    ['Søren Ærø', 'aero soren'],
    ['Þórður Guðmundsson', 'gudmundsson thordur'],
    ['Çağlar Işık', 'caglar isik'],
    ['Ştefan Ţurcanu', 'stefan turcanu'],
    ['Œdipe', 'oedipe'],
  ])('folds %j to the key %j', (input, key) => {
    const result = normaliseName(input);
    expect(result.ok && result.value.key).toBe(key);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['N/A', /placeholder/],
    ['unknown', /placeholder/],
    ['---', /no letters/],
    ['Ion Popescu 2', /digits/],
    ['A, B, C', /more than one comma/],
    ['x'.repeat(301), /longer/],
  ])('rejects %j', (input, reason) => {
    const result = normaliseName(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('normaliseNameParts', () => {
  it('joins separate columns given-first', () => {
    expect(normaliseNameParts({ givenName: 'ion', familyName: 'POPESCU' })).toEqual({
      ok: true,
      value: { name: 'Ion Popescu', key: 'ion popescu', givenName: 'Ion', familyName: 'Popescu' },
    });
  });

  it('accepts one part alone but not none', () => {
    expect(normaliseNameParts({ familyName: 'Popescu' }).ok).toBe(true);
    expect(normaliseNameParts({ givenName: ' ', familyName: '' }).ok).toBe(false);
  });
});

describe('nameKey', () => {
  it('ignores punctuation and word order', () => {
    expect(nameKey('Popescu-Ionescu, Maria.')).toBe(nameKey('maria popescu ionescu'));
  });
});
