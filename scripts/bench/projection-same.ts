/**
 * `node --import tsx scripts/bench/projection-same.ts [--form rows|columns|both] [--slice 64,256] [--out file.json]`
 *
 * The analysis read of the loaded database (jobs/detect.ts's query: every label and type, the
 * analysis attributes, the matches) built into the record graph in this process, once per form of
 * the pages (ProjectionQuery.form): `rows` (one record per node or relationship, the form before)
 * and `columns` (store/read/projection.ts NODE_COLUMNS, OUTGOING_COLUMNS). Per form: CPU of the process, wall,
 * the graph's size and one SHA-256 over every node (key, attributes) and edge (key, ends,
 * attributes) in the graph's order — equal digests are the same graph, visiting orders included.
 * `--slice` lists the rows per Bolt record of the column form (PROJECTION_DEFAULTS.slice), one
 * column run each. Exits non-zero when any two digests differ.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ANALYSIS_ATTRIBUTES } from '../../src/analyse/attributes.ts';
import type { HGraph } from '../../src/analyse/types.ts';
import { graphBuilder } from '../../src/jobs/graph-builder.ts';
import { closeDriver } from '../../src/store/driver.ts';
import {
  PROJECTION_DEFAULTS,
  type ProjectionQuery,
  streamSubgraph,
} from '../../src/store/read/projection.ts';

const { values } = parseArgs({
  options: { form: { type: 'string', default: 'both' }, slice: { type: 'string' }, out: { type: 'string' } },
});
const slices = values.slice ? values.slice.split(',').map(Number) : [undefined];
const forms: Array<{ form: 'rows' | 'columns'; slice?: number }> = [];
if (values.form !== 'columns' && values.form !== 'rows' && values.form !== 'both')
  throw new Error(`bench/projection-same: --form is rows, columns or both, got "${values.form}"`);
if (values.form !== 'columns') forms.push({ form: 'rows' });
if (values.form !== 'rows')
  for (const slice of slices)
    forms.push(slice === undefined ? { form: 'columns' } : { form: 'columns', slice });

/** One hash over the graph in its own order (a JSON line per node and per edge). */
export function graphDigest(graph: HGraph): string {
  const hash = createHash('sha256');
  graph.forEachNode((node, attributes) => hash.update(`${JSON.stringify([node, attributes])}\n`));
  graph.forEachEdge((edge, attributes, source, target) =>
    hash.update(`${JSON.stringify([edge, source, target, attributes])}\n`),
  );
  return hash.digest('hex');
}

const query: ProjectionQuery = {
  attributes: [...ANALYSIS_ATTRIBUTES],
  identities: { jurisdictions: ['*'], proposedMinScore: null },
};
const results: Record<string, unknown>[] = [];
for (const { form, slice } of forms) {
  const builder = graphBuilder();
  const load = loadavg();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const stats = await streamSubgraph({ ...query, form, ...(slice ? { slice } : {}) }, builder);
  const graph = builder.finish();
  const used = process.cpuUsage(cpu);
  const row = {
    form,
    slice: form === 'columns' ? (slice ?? PROJECTION_DEFAULTS.slice) : null,
    wallS: Math.round(performance.now() - started) / 1000,
    cpuS: Math.round((used.user + used.system) / 1000) / 1000,
    nodes: graph.order,
    relationships: graph.size,
    pages: stats.pages,
    dangling: builder.dangling(),
    heapMb: Math.round(process.memoryUsage().heapUsed / 1_048_576),
    loadAverage: [load, loadavg()].map((l) => l.map((x) => Math.round(x * 10) / 10)),
    digest: graphDigest(graph),
  };
  console.log(JSON.stringify(row));
  results.push(row);
  graph.clear();
}
await closeDriver();
if (values.out) writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
if (new Set(results.map((r) => r.digest)).size > 1) {
  console.error('bench/projection-same: the forms built DIFFERENT graphs');
  process.exitCode = 1;
}
