/**
 * The bulk load's pure parts: the event-key set (exact over natural and per-row keys, across
 * growth), the neo4j-admin CSV rendering (types as the driver stores them, quoting, lists) and the
 * mention search text (as store/write.ts MENTION_SEARCH computes it in Cypher).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ARRAY_DELIMITER, renderLine, signatureOf } from '../../../src/ingest/bulk/admin-csv.ts';
import { cypherTrim, mentionSearch } from '../../../src/ingest/bulk/graph.ts';
import { EventKeySet } from '../../../src/ingest/bulk/key-set.ts';

const natural = (i: number) => `n:${createHash('sha256').update(String(i)).digest('hex').slice(0, 32)}`;

describe('EventKeySet', () => {
  it('answers as a Set of strings would, per type, through many doublings', () => {
    const set = new EventKeySet(4);
    const reference = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const type = i % 3 === 0 ? 'CALLED' : 'PAID';
      const key = i % 7 === 0 ? `x1f:${i}:0` : natural(i % 15_000);
      const fresh = !reference.has(`${type}|${key}`);
      reference.add(`${type}|${key}`);
      expect(set.add(type, key)).toBe(fresh);
    }
    expect(set.size).toBe(reference.size);
  });

  it('keeps the same key of two types apart, and the all-zero key', () => {
    const set = new EventKeySet();
    const zero = `n:${'0'.repeat(32)}`;
    expect(set.add('PAID', zero)).toBe(true);
    expect(set.add('PAID', zero)).toBe(false);
    expect(set.add('CALLED', zero)).toBe(true);
    expect(set.add('PAID', natural(1))).toBe(true);
    expect(set.add('CALLED', natural(1))).toBe(true);
    expect(set.add('CALLED', natural(1))).toBe(false);
  });
});

describe('import files', () => {
  it('types numbers as double (the driver stores every JavaScript number as a float), lists as arrays', () => {
    const props = { row: 2, amount: 12.5, at: '2024-01-02', flag: true, names: ['A "B"', 'C'], rows: [2, 7] };
    const { signature, keys } = signatureOf(props);
    expect(signature).toBe('amount:d,at:s,flag:b,names:S,row:d,rows:D');
    expect(renderLine(['a', 'b'], props, keys)).toBe(
      `"a","b",12.5,"2024-01-02",true,"A ""B""${ARRAY_DELIMITER}C",2,"2${ARRAY_DELIMITER}7"\n`,
    );
  });

  it('keeps an empty string as one, and refuses what it cannot write faithfully', () => {
    expect(renderLine(['x'], { s: '' }, ['s'])).toBe('"x",""\n');
    expect(() => signatureOf({ 'bad name': 1 })).toThrow(/header column/);
    expect(() => renderLine(['x'], { l: [`a${ARRAY_DELIMITER}b`] }, ['l'])).toThrow(/U\+001F/);
  });
});

describe('mention search text', () => {
  it('joins the name, the search forms and the spellings as the Cypher does, null when none', () => {
    expect(mentionSearch({ p_name: 'Ana Pop', names: ['Ana Pop', 'ANA POP'] })).toBe(
      'Ana Pop  Ana Pop ANA POP',
    );
    expect(mentionSearch({ p_search: '+4477 4477' })).toBe('+4477 4477');
    expect(mentionSearch({ p_iban: 'GB00' })).toBeNull();
  });

  it("trims as Java does: not the no-break spaces JavaScript's trim takes", () => {
    expect(cypherTrim(' \t a \n')).toBe('a');
    expect(cypherTrim('\u00a0a\u00a0')).toBe('\u00a0a\u00a0');
  });
});
