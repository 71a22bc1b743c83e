/**
 * Grouping into a Map of arrays. Appends in place: the former `map.set(k, [...(map.get(k) ?? []), v])`
 * copied the whole group for every value, so grouping n rows under one key cost n²/2 copies
 * (100,000 members of one label took minutes to write).
 */

/** Appends `values` to the group `key` of `map`, creating the group on first use; returns the group. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): V[] {
  let group = map.get(key);
  if (group === undefined) {
    group = [];
    map.set(key, group);
  }
  for (const value of values) group.push(value);
  return group;
}

/** Groups `items` by `keyOf`, keeping their order within each group and the order of first keys. */
export function groupBy<K, V>(items: Iterable<V>, keyOf: (item: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) pushTo(groups, keyOf(item), item);
  return groups;
}
