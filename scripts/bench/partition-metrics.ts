/** Adjusted Rand index and normalised mutual information between two labelings of the same items. */

function contingency(a: readonly string[], b: readonly string[]) {
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (let i = 0; i < a.length; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  return { table, rows, cols, n: a.length };
}

const pairs = (x: number) => (x * (x - 1)) / 2;

export function adjustedRandIndex(a: readonly string[], b: readonly string[]): number {
  const { table, rows, cols, n } = contingency(a, b);
  let index = 0;
  for (const v of table.values()) index += pairs(v);
  let sumRows = 0;
  for (const v of rows.values()) sumRows += pairs(v);
  let sumCols = 0;
  for (const v of cols.values()) sumCols += pairs(v);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

export function normalisedMutualInformation(a: readonly string[], b: readonly string[]): number {
  const { table, rows, cols, n } = contingency(a, b);
  let mi = 0;
  for (const [key, v] of table) {
    const [r, c] = key.split('\u0000') as [string, string];
    mi += (v / n) * Math.log((n * v) / (rows.get(r)! * cols.get(c)!));
  }
  const entropy = (m: Map<string, number>) => {
    let h = 0;
    for (const v of m.values()) h -= (v / n) * Math.log(v / n);
    return h;
  };
  const ha = entropy(rows);
  const hb = entropy(cols);
  return ha + hb === 0 ? 1 : (2 * mi) / (ha + hb);
}
