import { describe, expect, it } from 'vitest';
import {
  ANALYSIS_CONTRACT_VERSION,
  assertReadableContract,
  contractVersionOf,
  type IndicatorMatch,
  matchFromStored,
  matchToStored,
} from '../../../src/model/analysis-contract.ts';

const match: IndicatorMatch = {
  id: 'shared-device@1:phone:1',
  indicator: 'shared-device',
  version: 1,
  category: 'THB',
  subject: 'phone:1',
  nodes: ['phone:1', 'person:1'],
  relationships: ['r1'],
  actors: ['person:1'],
  beneficiaries: [],
  exposed: ['person:2'],
  strength: 1.5,
  facts: { accounts: 3, since: '2024-01-01', cash: true },
};

describe('the stored analysis-result contract (issue 17)', () => {
  it('reads back what it stores, with the run-wide id and the points', () => {
    const stored = {
      ...matchToStored(match, true),
      id: `run-1/${match.id}`,
      matchId: match.id,
      runId: 'run-1',
    };
    expect(stored.factsJson).toBe(JSON.stringify(match.facts));
    const read = matchFromStored(stored, { points: 4, share: 0.25 }, ANALYSIS_CONTRACT_VERSION);
    expect(read).toEqual({ ...match, id: `run-1/${match.id}`, matchId: match.id, points: 4, share: 0.25 });
  });

  it('treats a run without contractVersion as version 1 (runs stored before the field)', () => {
    expect(contractVersionOf(undefined)).toBe(1);
    expect(contractVersionOf(null)).toBe(1);
    expect(contractVersionOf(ANALYSIS_CONTRACT_VERSION)).toBe(ANALYSIS_CONTRACT_VERSION);
    expect(() => assertReadableContract('run-old', contractVersionOf(undefined))).not.toThrow();
  });

  it('refuses a newer contract version by name instead of misreading it', () => {
    expect(() => assertReadableContract('run-new', ANALYSIS_CONTRACT_VERSION + 1)).toThrow(
      /run run-new was stored with analysis contract version \d+.*Upgrade Skein/,
    );
  });

  it('says which match holds broken facts instead of reading them as empty', () => {
    const stored = { ...matchToStored(match, true), id: 'run-1/x', matchId: 'x', factsJson: '{oops' };
    expect(() => matchFromStored(stored, { points: 1, share: 1 }, 1)).toThrow(/facts of match run-1\/x/);
  });
});
