import { describe, expect, it } from 'vitest';
import type { ExportNode } from '../../../src/export/types.ts';
import { identityOf, labelWithBadge, representatives } from '../../../src/serve/viewer/identity-badge.ts';

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

describe('merge identities', () => {
  it('each record stands for the smallest record of its identity in view; others stand alone', () => {
    const records = ['person:a', 'person:b', 'person:c'];
    const of = (id: string, identity = true): ExportNode => ({
      id,
      label: 'Person',
      name: id,
      props: identity ? { identity: 'identity:person:a', identityRecords: records } : {},
      provenance: [],
    });
    // person:a is not in view: person:b stands for the identity.
    const stand = representatives([of('person:b'), of('person:c'), of('account:x', false)]);
    expect(Object.fromEntries(stand)).toEqual({
      'person:b': 'person:b',
      'person:c': 'person:b',
      'account:x': 'account:x',
    });
  });
});
