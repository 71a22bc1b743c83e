import { describe, expect, it } from 'vitest';
import type { ExportNode } from '../../../src/export/types.ts';
import { identityOf, labelWithBadge } from '../../../src/serve/viewer/identity-badge.ts';

const node = (props: ExportNode['props']): ExportNode => ({
  id: 'person:gb-police:P1',
  label: 'Person',
  name: 'Dumitru Munteanu',
  props,
  provenance: [],
});

describe('identity badge', () => {
  it('counts the records of the identity on the label', () => {
    const records = ['person:gb-bank:B2', 'person:gb-police:P1', 'person:gb-register:R7'];
    const n = node({ identity: 'identity:person:gb-bank:B2', identityRecords: records });
    expect(identityOf(n)).toEqual({ id: 'identity:person:gb-bank:B2', records });
    expect(labelWithBadge(n)).toBe('Dumitru Munteanu ⧉3');
  });

  it('shows nothing for a record alone or a malformed value', () => {
    expect(labelWithBadge(node({}))).toBe('Dumitru Munteanu');
    expect(identityOf(node({ identity: 'identity:x', identityRecords: ['x'] }))).toBeNull();
    expect(identityOf(node({ identity: 3, identityRecords: ['a', 'b'] }))).toBeNull();
  });
});
