/**
 * Scores a resolution against the truth: pairwise precision, recall and F1 over predicted pairs, and
 * B-cubed precision, recall and F1 over the clusters the predicted pairs make (each record's cluster
 * compared with its true entity's records). Used by the benchmark and by tests.
 */

export interface PairScores {
  truePairs: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ClusterScores {
  precision: number;
  recall: number;
  f1: number;
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** Number of unordered record pairs that belong to one true entity. */
export function countTruePairs(entityOf: ReadonlyMap<string, string>): number {
  const sizes = new Map<string, number>();
  for (const entity of entityOf.values()) sizes.set(entity, (sizes.get(entity) ?? 0) + 1);
  let pairs = 0;
  for (const size of sizes.values()) pairs += (size * (size - 1)) / 2;
  return pairs;
}

export function scorePairs(
  predicted: Iterable<readonly [string, string]>,
  entityOf: ReadonlyMap<string, string>,
): PairScores {
  const seen = new Set<string>();
  let correct = 0;
  for (const [a, b] of predicted) {
    const key = pairKey(a, b);
    if (seen.has(key)) continue;
    seen.add(key);
    if (entityOf.get(a) !== undefined && entityOf.get(a) === entityOf.get(b)) correct++;
  }
  const truePairs = countTruePairs(entityOf);
  const precision = seen.size === 0 ? 1 : correct / seen.size;
  const recall = truePairs === 0 ? 1 : correct / truePairs;
  return { truePairs, predicted: seen.size, correct, precision, recall, f1: f1(precision, recall) };
}

/** Connected components of the predicted pairs over every record (singletons included). */
export function clustersOf(
  records: readonly string[],
  pairs: Iterable<readonly [string, string]>,
): Map<string, string> {
  const parent = new Map(records.map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = id;
    while (node !== root) {
      const up = parent.get(node)!;
      parent.set(node, root);
      node = up;
    }
    return root;
  };
  for (const [a, b] of pairs) {
    if (!parent.has(a) || !parent.has(b)) continue;
    const ra = find(a);
    const rb = find(b);
    // The larger id points at the smaller, so a cluster's root is its smallest id (ids are strings:
    // Math.min/max would not compare them).
    if (ra < rb) parent.set(rb, ra);
    else if (rb < ra) parent.set(ra, rb);
  }
  return new Map(records.map((id) => [id, find(id)]));
}

export function scoreClusters(
  clusterOf: ReadonlyMap<string, string>,
  entityOf: ReadonlyMap<string, string>,
): ClusterScores {
  const clusterSize = new Map<string, number>();
  const entitySize = new Map<string, number>();
  const both = new Map<string, number>();
  for (const [record, cluster] of clusterOf) {
    const entity = entityOf.get(record) ?? `?${record}`;
    clusterSize.set(cluster, (clusterSize.get(cluster) ?? 0) + 1);
    entitySize.set(entity, (entitySize.get(entity) ?? 0) + 1);
    const key = `${cluster}\u0000${entity}`;
    both.set(key, (both.get(key) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const [record, cluster] of clusterOf) {
    const entity = entityOf.get(record) ?? `?${record}`;
    const overlap = both.get(`${cluster}\u0000${entity}`)!;
    precision += overlap / clusterSize.get(cluster)!;
    recall += overlap / entitySize.get(entity)!;
  }
  const n = clusterOf.size || 1;
  return { precision: precision / n, recall: recall / n, f1: f1(precision / n, recall / n) };
}
