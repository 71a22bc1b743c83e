/**
 * The slim analysis graph (jobs/graph-builder.ts, analyse/attributes.ts; issue 16): on the tiny
 * generated world, as loaded, the analysis of the slim graph is the analysis of the graph with every
 * property (networks, members, ranks, risk, indicator matches), and every attribute the analysis
 * reads of the full graph is one the slim graph keeps — a new pattern reading a property not
 * listed in analyse/attributes.ts fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_ATTRIBUTES } from '../../../src/analyse/attributes.ts';
import { analyse } from '../../../src/analyse/pipeline.ts';
import type { SerializedRecordGraph } from '../../../src/analyse/record-graph.ts';
import type { HGraph } from '../../../src/analyse/types.ts';
import { graphBuilder } from '../../../src/jobs/graph-builder.ts';
import {
  type StreamedNode,
  type StreamedRelationship,
  streamSubgraph,
} from '../../../src/store/read/projection.ts';
import { closeDriver } from '../../support/db.ts';
import { loadTinyExtracts } from '../../support/tiny-world.ts';

const nodes: StreamedNode[] = [];
const relationships: StreamedRelationship[] = [];

function build(keep: 'read' | 'all', wrap?: (attributes: object) => object): HGraph {
  const builder = graphBuilder({ keep });
  for (const node of nodes) builder.node(node);
  for (const rel of relationships) builder.relationship(rel);
  if (wrap) {
    builder.graph.updateEachNodeAttributes((_n, a) => wrap(a) as typeof a);
    builder.graph.updateEachEdgeAttributes((_e, a) => wrap(a) as typeof a);
  }
  return builder.graph;
}

function analysed(graph: HGraph): unknown {
  const { timings: _t, indicatorTimings: _i, ...rest } = analyse(graph, { communities: { seed: 42 } });
  return JSON.parse(JSON.stringify(rest));
}

describe('slim analysis graph', () => {
  beforeAll(async () => {
    await loadTinyExtracts();
    await streamSubgraph(
      { identities: { jurisdictions: ['*'], proposedMinScore: null } },
      { node: (n) => nodes.push(n), relationship: (r) => relationships.push(r) },
    );
  }, 240_000);
  afterAll(closeDriver);

  it('keeps only the attributes the analysis reads, fewer than the store holds', () => {
    const slim = build('read');
    const full = build('all');
    let slimKeys = 0;
    let fullKeys = 0;
    slim.forEachNode((_n, a) => {
      slimKeys += Object.keys(a).length;
      for (const key of Object.keys(a)) expect(key === 'label' || ANALYSIS_ATTRIBUTES.has(key)).toBe(true);
    });
    slim.forEachEdge((_e, a) => {
      slimKeys += Object.keys(a).length;
      for (const key of Object.keys(a)) expect(key === 'type' || ANALYSIS_ATTRIBUTES.has(key)).toBe(true);
    });
    full.forEachNode((_n, a) => {
      fullKeys += Object.keys(a).length;
    });
    full.forEachEdge((_e, a) => {
      fullKeys += Object.keys(a).length;
    });
    expect(slim.order).toBe(full.order);
    expect(slim.size).toBe(full.size);
    expect(slimKeys).toBeLessThan(fullKeys * 0.8);
  });

  it('gives the analysis of the graph with every property', () => {
    const full = analysed(build('all')) as { networks: unknown[]; matches: unknown[] };
    expect(full.networks.length).toBeGreaterThan(0);
    expect(full.matches.length).toBeGreaterThan(0);
    expect(analysed(build('read'))).toEqual(full);
  });

  // The projection selects the attributes in Cypher (ProjectionQuery.attributes, issue 16): the
  // graph built from those pages is the slim graph built from whole property maps, in every scope.
  it('reads only the analysis attributes over Bolt and builds the same slim graph', async () => {
    const stream = async (query: Parameters<typeof streamSubgraph>[0]) => {
      const builder = graphBuilder();
      const seen: StreamedRelationship[] = [];
      await streamSubgraph(query, {
        node: (n) => builder.node(n),
        relationship: (r) => {
          seen.push(r);
          builder.relationship(r);
        },
      });
      return { graph: builder.finish().export(), seen };
    };
    // Key order within an attribute object is the store's map order or the asked keys' order.
    const byKey = (a: object = {}) =>
      Object.fromEntries(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1)));
    const sorted = (g: SerializedRecordGraph) =>
      JSON.stringify({
        nodes: g.nodes.map((n) => ({ ...n, attributes: byKey(n.attributes) })),
        edges: g.edges.map((e) => ({ ...e, attributes: byKey(e.attributes) })),
      });
    for (const scope of [{}, { jurisdictions: ['GB'] }, { jurisdictions: ['RO'] }]) {
      const query = { ...scope, identities: { jurisdictions: ['*'], proposedMinScore: null } };
      const whole = await stream(query);
      const selected = await stream({ ...query, attributes: [...ANALYSIS_ATTRIBUTES] });
      expect(whole.seen.length).toBeGreaterThan(0);
      expect(sorted(selected.graph)).toBe(sorted(whole.graph));
      // Provenance lists never cross: only asked keys (and a summary's own fields) come back.
      for (const rel of selected.seen) {
        expect(rel.props.extracts).toBeUndefined();
        expect(rel.props.extractRows).toBeUndefined();
      }
      expect(whole.seen.some((rel) => Array.isArray(rel.props.extracts))).toBe(true);
    }
  }, 120_000);

  // The analysis read as column pages (store/read/projection.ts NODE_COLUMNS, OUTGOING_COLUMNS):
  // the very graph the row form builds, orders and attribute key orders included, in every scope,
  // whether a page comes as one record or as slices of 2 (keys present in some slices only).
  it('builds the same graph, in the same order, from column pages as from rows', async () => {
    const build = async (query: Parameters<typeof streamSubgraph>[0], columns: boolean) => {
      const builder = graphBuilder();
      let pages = 0;
      await streamSubgraph(
        { ...query, form: columns ? 'columns' : 'rows' },
        {
          node: builder.node,
          relationship: builder.relationship,
          ...(columns
            ? {
                relationships: (page: Parameters<typeof builder.relationships>[0]) => {
                  pages++;
                  // Parallel lists, one entry per relationship, numbers already plain.
                  for (const column of page.columns) expect(column.length).toBe(page.ids.length);
                  for (const column of page.columns)
                    for (const value of column)
                      expect(typeof value === 'object' && value !== null).toBe(false);
                  builder.relationships(page);
                },
              }
            : {}),
        },
      );
      return { json: JSON.stringify(builder.finish().export()), pages, size: builder.graph.size };
    };
    for (const scope of [{}, { jurisdictions: ['GB'] }, { jurisdictions: ['RO'] }]) {
      // A small page size: many pages, and pages of start nodes without relationships.
      const query = {
        ...scope,
        pageSize: 7,
        attributes: [...ANALYSIS_ATTRIBUTES],
        identities: { jurisdictions: ['*'], proposedMinScore: null },
      };
      const rows = await build(query, false);
      const columns = await build(query, true);
      const sliced = await build({ ...query, slice: 2 }, true);
      expect(rows.size).toBeGreaterThan(0);
      expect(columns.pages).toBeGreaterThan(1);
      expect(columns.json).toBe(rows.json);
      expect(sliced.pages).toBe(columns.pages);
      expect(sliced.json).toBe(rows.json);
    }
  }, 120_000);

  it('reads no attribute of the full graph that the slim graph drops', () => {
    const read = new Set<string>();
    const wrap = (attributes: object) =>
      new Proxy(attributes, {
        get(target, key, receiver) {
          if (typeof key === 'string') read.add(key);
          return Reflect.get(target, key, receiver);
        },
        has(target, key) {
          if (typeof key === 'string') read.add(key);
          return Reflect.has(target, key);
        },
        ownKeys(target) {
          read.add('(every key)');
          return Reflect.ownKeys(target);
        },
      });
    analyse(build('all', wrap), { communities: { seed: 42 } });
    // label and type are set by the builder; recordNames, records and identity by the analysis
    // itself (analyse/identities.ts), asked of every person whatever the store holds.
    const own = ['label', 'type', 'constructor', 'recordNames', 'records', 'identity'];
    const dropped = [...read].filter((key) => !ANALYSIS_ATTRIBUTES.has(key) && !own.includes(key));
    expect(dropped).toEqual([]);
  });
});
