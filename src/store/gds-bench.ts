/**
 * A plain weighted edge list in Neo4j for the scaling benchmark (scripts/bench/detect-scale.ts):
 * `(:SkeinBench {i})-[:SKEIN_BENCH_LINK {w}]->(:SkeinBench)`, projected natively into GDS, where
 * Louvain or Leiden runs and the partition streams back. Nothing of the model is touched: the label
 * and type are the benchmark's own and are deleted before each load.
 */
import { int } from './convert.ts';
import { GDS_DETECT, GDS_ESTIMATE } from './gds.ts';
import { executeAutoCommit, executeRead, executeSchema, executeWrite } from './run.ts';

const LONG = { timeoutMs: 6 * 3_600_000, metadata: { purpose: 'bench:detect-scale' } };

export async function clearBenchGraph(): Promise<void> {
  await executeSchema('CREATE INDEX skein_bench_i IF NOT EXISTS FOR (n:SkeinBench) ON (n.i)', LONG);
  await executeAutoCommit(
    'MATCH (n:SkeinBench) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS',
    {},
    LONG,
  );
  await executeAutoCommit('CALL db.awaitIndexes(600)', {}, LONG);
}

export async function writeBenchNodes(count: number, batch = 50_000): Promise<void> {
  for (let from = 0; from < count; from += batch) {
    await executeWrite(
      'UNWIND range($from, $to - 1) AS i CREATE (:SkeinBench {i: i})',
      { from: int(from), to: int(Math.min(count, from + batch)) },
      LONG,
    );
  }
}

/** Rows of [u, v, w]; u and v are node numbers written by writeBenchNodes. */
export async function writeBenchLinks(rows: Array<[number, number, number]>): Promise<void> {
  await executeWrite(
    `UNWIND $rows AS r
     MATCH (a:SkeinBench {i: r[0]}) MATCH (b:SkeinBench {i: r[1]})
     CREATE (a)-[:SKEIN_BENCH_LINK {w: r[2]}]->(b)`,
    { rows: rows.map(([u, v, w]) => [int(u), int(v), w]) },
    LONG,
  );
}

export interface BenchGdsRun {
  projectMs: number;
  detectMs: number;
  modularity: number;
  communities: number;
  /** GDS's own estimate of the algorithm's memory (a range, as GDS reports it). */
  estimate: string;
  /** node number → community */
  labels: Int32Array;
}

export async function benchGds(
  nodes: number,
  algorithm: 'louvain' | 'leiden',
  concurrency: number,
  seed: number,
): Promise<BenchGdsRun> {
  const graph = 'skein-bench';
  await executeWrite('CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName', { graph });
  let started = performance.now();
  await executeRead(
    `CALL gds.graph.project($graph, 'SkeinBench', {SKEIN_BENCH_LINK: {orientation: 'UNDIRECTED', properties: 'w'}})
     YIELD nodeCount RETURN nodeCount`,
    { graph },
    LONG,
  );
  const projectMs = performance.now() - started;
  const config: Record<string, unknown> = {
    relationshipWeightProperty: 'w',
    concurrency: int(concurrency),
    mutateProperty: 'community',
  };
  if (algorithm === 'leiden') config.randomSeed = int(seed);
  const estimate = await executeRead(GDS_ESTIMATE[algorithm], { graph, config }, LONG);
  started = performance.now();
  const done = await executeRead(GDS_DETECT[algorithm], { graph, config }, LONG);
  const detectMs = performance.now() - started;
  const rows = await executeRead(
    `CALL gds.graph.nodeProperty.stream($graph, 'community') YIELD nodeId, propertyValue
     RETURN gds.util.asNode(nodeId).i AS i, propertyValue AS c`,
    { graph },
    LONG,
  );
  const labels = new Int32Array(nodes);
  for (const row of rows) labels[Number(row.i)] = Number(row.c);
  await executeWrite('CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName', { graph });
  return {
    projectMs,
    detectMs,
    modularity: Number(done[0]?.modularity ?? 0),
    communities: Number(done[0]?.communities ?? 0),
    estimate: String(estimate[0]?.requiredMemory ?? ''),
    labels,
  };
}
