/**
 * The name census (resolve.ts nameCensus) as columns, to hand one thread's census to another: a
 * sharded run counts it once, on the coordinator, instead of on every thread (at a million records
 * it is seconds of CPU per thread and a heap of short-lived maps and sets for the collector). Keys
 * in the census map's order, the numbers as doubles (exact: the receiving thread reads the very
 * values the counting thread computed), and whether an entry carries a company's floor.
 */
import type { NameCensus } from './resolve.ts';

export interface CensusColumns {
  keys: string[];
  records: Float64Array;
  people: Float64Array;
  expected: Float64Array;
  /** A company's measured floor (NaN where `chosen` is 0). */
  floor: Float64Array;
  /** 1: the entry has `floor` and `chosen: true`; 0: only records, people and expected. */
  chosen: Uint8Array;
}

export function censusColumns(census: ReadonlyMap<string, NameCensus>): CensusColumns {
  const n = census.size;
  const columns: CensusColumns = {
    keys: new Array<string>(n),
    records: new Float64Array(n),
    people: new Float64Array(n),
    expected: new Float64Array(n),
    floor: new Float64Array(n).fill(Number.NaN),
    chosen: new Uint8Array(n),
  };
  let k = 0;
  for (const [key, entry] of census) {
    columns.keys[k] = key;
    columns.records[k] = entry.records;
    columns.people[k] = entry.people;
    columns.expected[k] = entry.expected;
    if (entry.floor !== undefined || entry.chosen !== undefined) {
      // nameCensus sets both or neither; anything else would not survive the trip unchanged.
      if (entry.floor === undefined || entry.chosen !== true)
        throw new Error(`analyse/resolve/census-columns: census entry ${key} has floor or chosen alone`);
      columns.floor[k] = entry.floor;
      columns.chosen[k] = 1;
    }
    k++;
  }
  return columns;
}

/** The census map back from its columns: the same keys in the same order, entries of the same shape. */
export function censusOf(columns: CensusColumns): Map<string, NameCensus> {
  const census = new Map<string, NameCensus>();
  const { keys, records, people, expected, floor, chosen } = columns;
  for (let k = 0; k < keys.length; k++) {
    const counted = { records: records[k]!, people: people[k]!, expected: expected[k]! };
    census.set(keys[k]!, chosen[k] === 1 ? { ...counted, floor: floor[k]!, chosen: true } : counted);
  }
  return census;
}
