/**
 * Community detection inside Neo4j with the Graph Data Science library (GDS, open-source edition):
 * the entity graph is projected by one Cypher aggregation over the stored data, in the run's
 * scope, Louvain or Leiden runs on it in the database, and only `id → community` comes back. The
 * in-memory GDS graph is dropped afterwards, also on failure.
 *
 * The projection mirrors analyse/project.ts's links and weights (the caller passes them): money and
 * calls between the holders (an account or phone nobody holds stands for its holder), identifiers
 * shared by 2..`sharedIdentifierMaxActors` actors (`weight / (k - 1)` per pair), direct ties
 * (employment, directorship, ownership, family, SAME_AS), someone else's document held, a claimant
 * and the holder of the account the benefit is paid into, a travel payer and the traveller. Not
 * mirrored: hub damping by degree (the refinement after it, in analyse/communities.ts, runs on the
 * in-process entity graph and moves single nodes back where modularity says), extension labels.
 * Every relationship read passes REL_VISIBLE with the run's scope, as the in-process projection's
 * pages do: a scoped run groups by nothing its viewers may not see.
 */
import { int } from './convert.ts';
import { cypher } from './cypher.ts';
import { cypherFile } from './cypher-files.ts';
import type { ReadScope } from './read/scope.ts';
import { executeRead, executeWrite } from './run.ts';

export type GdsAlgorithm = 'louvain' | 'leiden';

export interface GdsWeights {
  moneyPerLogCount: number;
  moneyPerLogAmount: number;
  callPerLogCount: number;
  sharedPhone: number;
  sharedEmail: number;
  sharedAddress: number;
  sharedAccount: number;
  sharedDocument: number;
  sharedVehicle: number;
  sharedItem: number;
  heldDocument: number;
  employment: number;
  directorship: number;
  ownership: number;
  family: number;
  sameAs: number;
  claimPayee: number;
  travelPayer: number;
}

export interface GdsCommunityQuery {
  /** Unique per run: the name of the in-memory GDS graph. */
  graphName: string;
  scope: ReadScope;
  since: string | null;
  until: string | null;
  algorithm: GdsAlgorithm;
  seed: number;
  /** Leiden's gamma; Louvain in GDS 2.13 has no resolution parameter (1 only). */
  resolution: number;
  weights: GdsWeights;
  sharedIdentifierMaxActors: number;
  /** GDS threads; 1 keeps Louvain deterministic (same data + same seed = same networks). */
  concurrency: number;
  timeoutMs?: number;
}

export interface GdsCommunityResult {
  partition: Record<string, number>;
  algorithm: GdsAlgorithm;
  version: string;
  modularity: number;
  communities: number;
  nodes: number;
  relationships: number;
  timings: { project: number; detect: number; stream: number };
}

/** The installed GDS version, or null when the server has no GDS procedures. */
export async function gdsVersion(): Promise<string | null> {
  try {
    const rows = await executeRead('RETURN gds.version() AS version');
    return String(rows[0]?.version ?? '') || null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Unknown function|gds\.version|not found|no procedure/i.test(message)) return null;
    throw error;
  }
}

/** The projection, written out in cypher/gds/project.cypher with its notes. */
const PROJECT = cypherFile('gds/project');

/** Community detection per algorithm, written out: no procedure name is spliced into Cypher. */
export const GDS_DETECT: Record<GdsAlgorithm, string> = {
  louvain: `CALL gds.louvain.mutate($graph, $config) YIELD modularity, communityCount
    RETURN modularity, communityCount AS communities`,
  leiden: `CALL gds.leiden.mutate($graph, $config) YIELD modularity, communityCount
    RETURN modularity, communityCount AS communities`,
};

/** What a detection would need of the server's memory, per algorithm. */
export const GDS_ESTIMATE: Record<GdsAlgorithm, string> = {
  louvain: 'CALL gds.louvain.mutate.estimate($graph, $config) YIELD requiredMemory RETURN requiredMemory',
  leiden: 'CALL gds.leiden.mutate.estimate($graph, $config) YIELD requiredMemory RETURN requiredMemory',
};

const fail = (message: string) => new Error(`store/gds: ${message}`);

/** Projects the scope's entity graph into GDS, runs the algorithm, returns `id → community`. */
export async function gdsCommunities(query: GdsCommunityQuery): Promise<GdsCommunityResult> {
  const version = await gdsVersion();
  if (version === null) {
    throw fail(
      'the Neo4j server has no Graph Data Science procedures (gds.version() is unknown). For the ' +
        'embedded server set SKEIN_NEO4J_GDS=true and restart it (npm run neo4j -- restart); for an ' +
        'external server install the GDS plugin (docs/operations.md), or run with --engine in-process.',
    );
  }
  const tx = { timeoutMs: query.timeoutMs ?? 3_600_000, metadata: { purpose: 'gds-communities' } };
  const timings = { project: 0, detect: 0, stream: 0 };
  let started = performance.now();
  // A graph of this name left by a crashed attempt would make the projection fail: drop it first.
  await dropGraph(query.graphName);
  try {
    const projected = await executeRead(
      cypher(PROJECT),
      {
        graph: query.graphName,
        scope: query.scope,
        since: query.since,
        until: query.until,
        w: query.weights,
        maxActors: int(query.sharedIdentifierMaxActors),
      },
      tx,
    );
    const nodes = Number(projected[0]?.nodes ?? 0);
    const relationships = Number(projected[0]?.relationships ?? 0);
    timings.project = Math.round(performance.now() - started);
    started = performance.now();
    const config: Record<string, unknown> = {
      relationshipWeightProperty: 'w',
      mutateProperty: 'community',
      concurrency: int(query.concurrency),
    };
    if (query.algorithm === 'leiden') {
      config.randomSeed = int(query.seed);
      config.gamma = query.resolution;
    } else if (query.resolution !== 1) {
      throw fail(
        `GDS Louvain has no resolution parameter; got --resolution ${query.resolution}. Use --algorithm leiden (gamma) or --engine in-process.`,
      );
    }
    const detected =
      nodes === 0
        ? [{ modularity: 0, communities: 0 }]
        : await executeRead(GDS_DETECT[query.algorithm], { graph: query.graphName, config }, tx);
    timings.detect = Math.round(performance.now() - started);
    started = performance.now();
    const partition: Record<string, number> = {};
    if (nodes > 0) {
      const rows = await executeRead(
        `CALL gds.graph.nodeProperty.stream($graph, 'community') YIELD nodeId, propertyValue
         RETURN gds.util.asNode(nodeId).id AS id, propertyValue AS community`,
        { graph: query.graphName },
        tx,
      );
      for (const row of rows) partition[String(row.id)] = Number(row.community);
    }
    timings.stream = Math.round(performance.now() - started);
    return {
      partition,
      algorithm: query.algorithm,
      version,
      modularity: Number(detected[0]?.modularity ?? 0),
      communities: Number(detected[0]?.communities ?? 0),
      nodes,
      relationships,
      timings,
    };
  } finally {
    await dropGraph(query.graphName);
  }
}

async function dropGraph(name: string): Promise<void> {
  await executeWrite('CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName', { name });
}
