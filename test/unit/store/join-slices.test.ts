/**
 * A column page comes as several records (slices, store/read/projection.ts OUTGOING_COLUMNS); they
 * must join into the columns one record of the whole page would have held: lists in order, a key
 * that only some slices hold filled with nulls for the others, keys in the asked order.
 */
import { Integer } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { joinSlices } from '../../../src/store/read/projection.ts';

describe('joinSlices', () => {
  it('joins slices into the columns of the whole page, nulls where a slice lacks a key', () => {
    const records = [
      { id: ['r1', 'r2'], keys: ['amount'], columns: [[10, 20]] },
      { id: ['r3'], keys: ['at', 'amount'], columns: [['2026-01-01'], [30]] },
      { id: ['r4', 'r5'], keys: ['kind'], columns: [['cash', null]] },
    ];
    const joined = joinSlices(records, ['id'], ['kind', 'amount', 'at', 'never']);
    expect(joined.lists.id).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(joined.keys).toEqual(['kind', 'amount', 'at']);
    // An independent build: row by row, each slice's own key → value.
    const expected = (key: string) =>
      records.flatMap((record) =>
        record.id.map((_, i) => {
          const k = record.keys.indexOf(key);
          return k < 0 ? null : (record.columns[k]![i] ?? null);
        }),
      );
    expect(joined.columns).toEqual(joined.keys.map(expected));
  });

  it('turns the driver objects of a column into plain values', () => {
    const joined = joinSlices(
      [{ id: ['a'], keys: ['count'], columns: [[Integer.fromNumber(3)]] }],
      ['id'],
      ['count'],
    );
    expect(joined.columns).toEqual([[3]]);
  });

  it('joins an empty page (one record of empty lists) to empty columns', () => {
    const joined = joinSlices([{ id: [], keys: [], columns: [] }], ['id'], ['amount']);
    expect(joined).toEqual({ lists: { id: [] }, keys: [], columns: [] });
  });

  it('refuses a slice whose lists are not the same length', () => {
    expect(() =>
      joinSlices([{ id: ['a', 'b'], to: ['x'], keys: [], columns: [] }], ['id', 'to'], []),
    ).toThrow(/cannot be aligned/);
  });
});
