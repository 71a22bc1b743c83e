import { describe, expect, it } from 'vitest';
import {
  ALL_JURISDICTIONS,
  holdsAllJurisdictions,
  holdsJurisdiction,
  isJurisdictionCode,
  isJurisdictionGrant,
  normaliseJurisdiction,
} from '../../../src/model/jurisdiction.ts';

describe('model/jurisdiction: the one rule', () => {
  it('accepts only two capital letters as a code', () => {
    for (const ok of ['GB', 'RO', 'XX']) expect(isJurisdictionCode(ok)).toBe(true);
    for (const bad of ['gb', 'G', 'GBR', ' GB', '*', '', 'G1', 'ÄB', null, 7]) {
      expect(isJurisdictionCode(bad)).toBe(false);
    }
  });

  it('lets a grant be a code or "*", written exactly', () => {
    expect(isJurisdictionGrant('GB')).toBe(true);
    expect(isJurisdictionGrant(ALL_JURISDICTIONS)).toBe(true);
    expect(isJurisdictionGrant('gb')).toBe(false);
    expect(isJurisdictionGrant('**')).toBe(false);
  });

  it('normalises user input by trimming and upper-casing, refusing the rest', () => {
    expect(normaliseJurisdiction(' gb ')).toBe('GB');
    expect(normaliseJurisdiction('Ro')).toBe('RO');
    expect(normaliseJurisdiction('*')).toBeNull();
    expect(normaliseJurisdiction('GBR')).toBeNull();
    expect(normaliseJurisdiction('')).toBeNull();
  });

  it('lets "*" act on anything (also no jurisdiction), others only on what they hold', () => {
    expect(holdsAllJurisdictions(['GB', '*'])).toBe(true);
    expect(holdsAllJurisdictions(['GB'])).toBe(false);
    expect(holdsJurisdiction(['*'], null)).toBe(true);
    expect(holdsJurisdiction(['*'], 'RO')).toBe(true);
    expect(holdsJurisdiction(['GB'], 'GB')).toBe(true);
    expect(holdsJurisdiction(['GB'], 'RO')).toBe(false);
    expect(holdsJurisdiction(['GB'], null)).toBe(false);
    expect(holdsJurisdiction([], 'GB')).toBe(false);
  });
});
