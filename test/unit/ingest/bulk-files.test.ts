/**
 * The bulk load's pure parts: the event-key set (exact over natural and per-row keys, across
 * growth), the neo4j-admin CSV rendering (types as the driver stores them, quoting, lists) and the
 * mention search text (as store/write.ts MENTION_SEARCH computes it in Cypher).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AdminCsvWriter,
  ARRAY_DELIMITER,
  renderLine,
  signatureOf,
} from '../../../src/ingest/bulk/admin-csv.ts';
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

  it('tells natural keys from keys that only look like them (upper case, one digit short or long, not hex)', () => {
    const set = new EventKeySet();
    const key = natural(3);
    const lookalikes = [
      key.toUpperCase().replace('N:', 'n:'),
      key.slice(0, -1),
      `${key}0`,
      `${key.slice(0, -1)}g`,
      `m:${key.slice(2)}`,
    ];
    expect(set.add('PAID', key)).toBe(true);
    for (const other of lookalikes) {
      expect(set.add('PAID', other), other).toBe(true);
      expect(set.add('PAID', other), other).toBe(false);
    }
    expect(set.add('PAID', key)).toBe(false);
    expect(set.size).toBe(1 + lookalikes.length);
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

  it('gives a row the signature of its keys and types whatever their order, and checks each row', () => {
    const longs = new Set(['rows']);
    const first = signatureOf({ rows: 3, at: 'x', amount: 1.5 }, longs);
    expect(first.signature).toBe('amount:d,at:s,rows:l');
    expect(signatureOf({ amount: 2, at: 'y', rows: 4 }, longs)).toEqual(first);
    // The same shape again (served from the cache) still refuses a value its column cannot hold.
    expect(() => signatureOf({ rows: 3.5, at: 'x', amount: 1.5 }, longs)).toThrow(/whole number/);
    // Without the long column set, the same keys are other columns; a null property is no column.
    expect(signatureOf({ rows: 3, at: 'x', amount: 1.5 }).signature).toBe('amount:d,at:s,rows:d');
    expect(signatureOf({ rows: 3, at: null, amount: 1.5 }, longs).signature).toBe('amount:d,rows:l');
    expect(signatureOf({ rows: 3, at: 'x', amount: 'text' }, longs).signature).toBe('amount:s,at:s,rows:l');
    expect(() => signatureOf({ 'bad name': 1 })).toThrow(/header column/);
    expect(() => signatureOf({ 'bad name': 1 })).toThrow(/header column/);
  });

  it('marks the files multi-line exactly when a written value holds a line break', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-bulk-files-'));
    try {
      const plain = new AdminCsvWriter(dir);
      plain.node('Person', 'p1', { name: 'Ana "Pop"' });
      plain.relationship('HOLDS', 'p1', 'a1', { row: 1 });
      expect(plain.multiline).toBe(false);
      plain.close();
      for (const value of ['line\nbreak', 'carriage\rreturn']) {
        const writer = new AdminCsvWriter(dir);
        writer.relationship('HOLDS', 'p1', 'a1', { note: value });
        expect(writer.multiline, value).toBe(true);
        writer.close();
      }
      // A line rendered elsewhere (a worker) and appended without a verdict is looked at.
      const appended = new AdminCsvWriter(dir);
      appended.append('relationships', 'PAID', 'note:s', renderLine(['a', 'b'], { note: 'x\ny' }, ['note']));
      expect(appended.multiline).toBe(true);
      appended.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
