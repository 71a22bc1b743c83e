import { describe, expect, it } from 'vitest';
import { CORE_ID_PREFIX } from '../../../src/model/core.ts';
import { entityId, labelOfId } from '../../../src/model/ids.ts';

describe('labelOfId', () => {
  it('gives back the label of every core prefix', () => {
    for (const label of Object.keys(CORE_ID_PREFIX) as (keyof typeof CORE_ID_PREFIX)[]) {
      expect(labelOfId(entityId(label, ['x']))).toBe(label);
    }
  });

  it('says nothing of strings Skein did not make', () => {
    // A prefix must end at a colon: "person" alone, or "personal:…", is not a Person's id.
    for (const text of ['person', 'personX', ':x', 'personal:x', 'Person:x', '', 'hello world'])
      expect(labelOfId(text)).toBeUndefined();
  });
});
