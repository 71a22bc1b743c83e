/**
 * `node --expose-gc --import tsx scripts/bench/detect-slim.ts [--world seed:people[:variant+variant]] [--probe]`
 *
 * The analysis graph the worker builds keeps only what the analysis reads (jobs/graph-builder.ts,
 * analyse/slim.ts). This checks that on a loaded world: the run's projection is streamed once, built
 * into the graph as it was before (every property of every node and relationship) and into the slim
 * graph, both are analysed with the same options, and the results (networks, members, ranks, risk,
 * indicator matches, changes; timings left out) are compared field by field. Prints the heap each
 * graph takes and the first difference, if any; exits 1 on a difference.
 *
 * `--world` generates and loads a world first (bench/detect-generated.ts: EMPTIES the configured
 * database, then loads and resolves, as detect-sets does); without it the loaded data is read.
 * `--probe` instead records which attributes the analysis reads, per node label and relationship
 * type, on the full graph (each attribute object behind a recording proxy): what analyse/slim.ts's
 * lists are checked against.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { createHGraph } from '../../src/analyse/hgraph.ts';
import { analyse } from '../../src/analyse/pipeline.ts';
import type { HGraph, PropValue } from '../../src/analyse/types.ts';
import { graphBuilder } from '../../src/jobs/graph-builder.ts';
import { startResolution } from '../../src/jobs/resolve.ts';
import { closeDriver } from '../../src/store/driver.ts';
import {
  type StreamedNode,
  type StreamedRelationship,
  streamSubgraph,
} from '../../src/store/read/projection.ts';
import { generateAndLoad } from './detect-generated.ts';

const { values } = parseArgs({
  options: {
    world: { type: 'string' },
    work: { type: 'string', default: '.skein/bench/detect-slim' },
    probe: { type: 'boolean', default: false },
    // Checks the check: the full graph against itself, built twice (is the analysis deterministic?).
    self: { type: 'boolean', default: false },
  },
});

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('bench/detect-slim: run with node --expose-gc (see the usage line)');

if (values.world) {
  const [seed, people, variants] = values.world.split(':');
  const spec = {
    seed: Number(seed),
    people: Number(people),
    ...(variants ? { variants: variants.split('+') } : {}),
  };
  await generateAndLoad(spec, values.work);
  const resolution = await startResolution({ seed: spec.seed }, { actor: 'bench', onWarning: () => {} });
  await resolution.done;
  await resolution.audited.catch(() => {});
}

// The projection as detection reads it (jobs/detect.ts: every label and type, SAME_AS identities).
const nodes: StreamedNode[] = [];
const relationships: StreamedRelationship[] = [];
await streamSubgraph(
  { identities: { jurisdictions: ['*'], proposedMinScore: null } },
  { node: (n) => nodes.push(n), relationship: (r) => relationships.push(r) },
);
await closeDriver();

/**
 * The rows as the analysis worker receives them: structured clones of pages of 5,000
 * (jobs/analysis-worker.ts), so every string is a fresh copy, as it is there.
 */
function* received<T>(rows: readonly T[]): Generator<T> {
  for (let i = 0; i < rows.length; i += 5_000) yield* structuredClone(rows.slice(i, i + 5_000));
}

/** The analysis graph as graph-builder.ts built it before: every property kept. */
function fullGraph(wrap: <T extends object>(what: string, attributes: T) => T = (_w, a) => a): HGraph {
  const graph = createHGraph();
  for (const node of received(nodes)) {
    graph.mergeNode(
      node.id,
      wrap(node.label, { ...(node.props as Record<string, PropValue>), label: node.label }),
    );
  }
  for (const rel of received(relationships)) {
    if (!graph.hasNode(rel.from) || !graph.hasNode(rel.to) || graph.hasEdge(rel.id)) continue;
    graph.addDirectedEdgeWithKey(
      rel.id,
      rel.from,
      rel.to,
      wrap(rel.type, { ...(rel.props as Record<string, PropValue>), type: rel.type }),
    );
  }
  return graph;
}

function slimGraph(): HGraph {
  const builder = graphBuilder();
  for (const node of received(nodes)) builder.node(node);
  for (const rel of received(relationships)) builder.relationship(rel);
  return builder.finish();
}

function heapOf(build: () => HGraph): { graph: HGraph; mb: number } {
  gc!();
  const before = process.memoryUsage().heapUsed;
  const graph = build();
  gc!();
  return { graph, mb: Math.round(((process.memoryUsage().heapUsed - before) / 1_048_576) * 10) / 10 };
}

if (values.probe) {
  const read = new Map<string, Set<string>>();
  const present = new Map<string, Set<string>>();
  const wrap = <T extends object>(what: string, attributes: T): T => {
    const seen = present.get(what) ?? new Set<string>();
    for (const key of Object.keys(attributes)) seen.add(key);
    present.set(what, seen);
    const record = (key: string | symbol) => {
      if (typeof key !== 'string') return;
      const keys = read.get(what) ?? new Set<string>();
      keys.add(key);
      read.set(what, keys);
    };
    return new Proxy(attributes, {
      get(target, key, receiver) {
        record(key);
        return Reflect.get(target, key, receiver);
      },
      has(target, key) {
        record(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        record('*every key*');
        return Reflect.ownKeys(target);
      },
    });
  };
  analyse(fullGraph(wrap), { communities: { seed: 42 } });
  const report: Record<string, { read: string[]; unread: string[] }> = {};
  for (const [what, keys] of [...present].sort()) {
    const r = read.get(what) ?? new Set<string>();
    report[what] = {
      read: [...r].filter((k) => k !== 'constructor').sort(),
      unread: [...keys].filter((k) => !r.has(k)).sort(),
    };
  }
  console.log(JSON.stringify(report, null, 1));
  process.exit(0);
}

/** A result without what differs between two runs of the same analysis (timings). */
function comparable(graph: HGraph) {
  const { timings: _t, indicatorTimings: _i, ...rest } = analyse(graph, { communities: { seed: 42 } });
  return JSON.parse(JSON.stringify(rest)) as unknown;
}

/** Paths where the two results differ (at most `limit`), deepest first found. */
function differences(a: unknown, b: unknown, path = '$', found: string[] = [], limit = 12): string[] {
  if (found.length >= limit || isDeepStrictEqual(a, b)) return found;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    found.push(`${path}: ${JSON.stringify(a)?.slice(0, 160)} != ${JSON.stringify(b)?.slice(0, 160)}`);
    return found;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    differences(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
      found,
      limit,
    );
  }
  return found;
}

const full = heapOf(fullGraph);
const before = comparable(full.graph);
full.graph.clear();
const slim = heapOf(values.self ? fullGraph : slimGraph);
const after = comparable(slim.graph);
const found = differences(before, after);
const result = before as { networks: unknown[]; matches: unknown[] };
console.log(
  JSON.stringify({
    world: values.world ?? 'loaded',
    nodes: nodes.length,
    relationships: relationships.length,
    fullGraphMb: full.mb,
    slimGraphMb: slim.mb,
    networks: result.networks.length,
    matches: result.matches.length,
    identical: found.length === 0,
    ...(found.length > 0 ? { differences: found } : {}),
  }),
);
process.exit(found.length === 0 ? 0 : 1);
