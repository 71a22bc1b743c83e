/** Recorded case roles as analysis reads them: case-folded, unknown ones as `other` (issue #14 item 7). */
import { describe, expect, it } from 'vitest';
import { caseRolesOf, isRecordedVictim } from '../../../src/analyse/hgraph.ts';
import { build } from './build.ts';

describe('recorded case roles', () => {
  it('protects a victim recorded as "Victim " and reads an unknown role as other', () => {
    const b = build();
    b.person('a').person('b');
    b.node('case:1', 'Case');
    b.rel('INVOLVED_IN', 'a', 'case:1', { role: 'Victim ' });
    b.rel('INVOLVED_IN', 'b', 'case:1', { role: 'perp' });
    expect(isRecordedVictim(b.graph, 'a')).toBe(true);
    expect(caseRolesOf(b.graph, 'b')).toEqual(['other']);
  });
});
