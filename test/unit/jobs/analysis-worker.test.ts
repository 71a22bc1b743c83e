import { describe, expect, it } from 'vitest';
import { syntheticWorld } from '../../../scripts/bench/detect-world.ts';
import { analyse } from '../../../src/analyse/pipeline.ts';
import type { HGraph } from '../../../src/analyse/types.ts';
import { startAnalysisWorker } from '../../../src/jobs/analysis-worker.ts';
import type { ListedResult } from '../../../src/jobs/run-rows.ts';
import type { EntityLabel } from '../../../src/model/labels.ts';
import type { RelationshipType } from '../../../src/model/relationships.ts';
import type { Plain } from '../../../src/store/convert.ts';
import { world } from '../analyse/world.ts';

/** Streams a graph to a fresh worker the way jobs/detect.ts streams store pages. */
function feed(graph: HGraph, chunk = 50) {
  const worker = startAnalysisWorker({ chunk });
  graph.forEachNode((id, { label, ...props }) =>
    worker.node({ id, label: label as EntityLabel, props: props as Record<string, Plain> }),
  );
  graph.forEachEdge((id, { type, ...props }, from, to) =>
    worker.relationship({
      id,
      type: type as RelationshipType,
      from,
      to,
      props: props as Record<string, Plain>,
    }),
  );
  return worker;
}

/** The same, with the relationships as column pages (store/read/projection.ts RelationshipPage). */
function feedPages(graph: HGraph, pageSize = 50) {
  const worker = startAnalysisWorker();
  graph.forEachNode((id, { label, ...props }) =>
    worker.node({ id, label: label as EntityLabel, props: props as Record<string, Plain> }),
  );
  const edges: Array<{ id: string; type: string; from: string; to: string; props: Record<string, Plain> }> =
    [];
  graph.forEachEdge((id, { type, ...props }, from, to) =>
    edges.push({ id, type, from, to, props: props as Record<string, Plain> }),
  );
  // Every key any edge has, in first-seen order (each edge's keys keep their order within it).
  const keys = [...new Set(edges.flatMap((e) => Object.keys(e.props)))];
  for (let at = 0; at < edges.length; at += pageSize) {
    const page = edges.slice(at, at + pageSize);
    worker.relationships({
      ids: page.map((e) => e.id),
      types: page.map((e) => e.type as RelationshipType),
      from: page.map((e) => e.from),
      to: page.map((e) => e.to),
      keys,
      columns: keys.map((key) => page.map((e) => e.props[key] ?? null)),
    });
  }
  return worker;
}

// Timings differ between runs; everything else must not. The worker's networks come packed
// (jobs/packed-result.ts): each is decoded here, the in-process result's are read as they are.
const comparable = (result: ListedResult) => ({
  ...result,
  networks: Array.from({ length: result.networks.length }, (_, i) => result.networks.at(i)),
  timings: {},
  indicatorTimings: {},
});

describe('analysis worker thread', () => {
  it('returns exactly what the in-process analysis returns, with progress', async () => {
    const graph = world().graph;
    const phases: string[] = [];
    const { result, dangling } = await feed(graph).analyse({ communities: { seed: 7 } }, [], (e) =>
      phases.push(e.phase),
    );
    expect(dangling).toBe(0);
    expect(comparable(result)).toEqual(comparable(analyse(graph, { communities: { seed: 7 } })));
    expect(phases).toEqual(expect.arrayContaining(['project', 'communities', 'indicators', 'networks']));
  });

  it('returns the same from relationships sent as column pages', async () => {
    const graph = world().graph;
    const { result, dangling } = await feedPages(graph).analyse({ communities: { seed: 7 } }, []);
    expect(dangling).toBe(0);
    expect(result.networks.length).toBeGreaterThan(0);
    expect(comparable(result)).toEqual(comparable(analyse(graph, { communities: { seed: 7 } })));
  });

  it('keeps the main thread responsive while it analyses', async () => {
    const { graph } = syntheticWorld({ seed: 3, people: 6000, planted: 6, negatives: 3 });
    const worker = feed(graph, 5000);
    // Order, not durations (a loaded machine makes every gap long): the main thread's event loop
    // keeps turning while the analysis runs. In process, the analysis would block it from start to
    // end, so no turn could come before the result; here turns keep coming until it arrives.
    let settled = false;
    let turnsBeforeResult = 0;
    const analysed = worker.analyse({ communities: { seed: 1 } }, []).finally(() => {
      settled = true;
    });
    while (!settled && turnsBeforeResult < 3) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!settled) turnsBeforeResult += 1;
    }
    const { result } = await analysed;
    expect(result.networks.length).toBeGreaterThan(6);
    expect(turnsBeforeResult).toBe(3);
  }, 60_000);

  it('reports a failure inside the worker as a rejected promise', async () => {
    const worker = feed(world().graph);
    await expect(worker.analyse({ communities: { resolution: 0 } }, [])).rejects.toThrow(
      /the analysis failed in the worker: analyse\/communities: resolution must be > 0/,
    );
  });
});
