/**
 * `npm run analyse -- [options]`: runs network detection over the graph in Neo4j, stores the run,
 * shows progress on stderr and prints the ranked networks as a table. The run's audit record is
 * durable before the driver closes; a run that cannot be audited ends the command with exit 1.
 */

import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { type DetectionParams, startDetection } from '../jobs/detect.ts';
import { awaitAuditedRun, listOption, numberOption, progressPrinter } from './job.ts';
import { runCommand } from './run.ts';

const USAGE = `Usage: npm run analyse -- [options]
  --seed N            random seed (default 42): same data + same seed = same networks
  --resolution X      Louvain resolution (default 1; higher = smaller networks)
  --max-size N        split networks larger than N with a local pass (default 150)
  --runs N            Louvain restarts, best modularity kept (default 1)
  --min-size N        smallest network reported (default 3)
  --since DATE        only events (payments, calls, cash) at or after DATE
  --until DATE        only events before DATE
  --labels A,B        node labels to read (default: all entity labels)
  --types A,B         relationship types to read (default: all; matches are read by their own rule)
  --proposed-min-score X
                      proposals (POSSIBLY_SAME_AS) scoring X or more (0 < X <= 1) also join records
                      into one actor; default: only SAME_AS (rules, confirmed judgements) does
  --extracts A,B      only these extract ids
  --jurisdictions A,B only extracts of these jurisdictions (ISO-2)
  --engine E          where communities are found: in-process, gds (inside Neo4j, Graph Data
                      Science library) or auto (default; SKEIN_ANALYSIS_ENGINE): gds when the server
                      has it and the run reads 1M relationships or more
  --algorithm A       louvain (default) or leiden (gds only)
  --max-heap-mb N     largest heap the analysis may take (default SKEIN_ANALYSIS_MAX_HEAP_MB, else
                      half the machine's memory); a bigger run is refused before anything is read
  --top N             rows in the summary table (default 20)
  --json              print the run summary as JSON instead of a table`;

function pad(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      resolution: { type: 'string' },
      'max-size': { type: 'string' },
      runs: { type: 'string' },
      'min-size': { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      labels: { type: 'string' },
      types: { type: 'string' },
      extracts: { type: 'string' },
      jurisdictions: { type: 'string' },
      'proposed-min-score': { type: 'string' },
      engine: { type: 'string' },
      algorithm: { type: 'string' },
      'max-heap-mb': { type: 'string' },
      top: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const params: DetectionParams = {};
  const seed = numberOption('analyse', USAGE, 'seed', values.seed);
  if (seed !== undefined) params.seed = seed;
  const resolution = numberOption('analyse', USAGE, 'resolution', values.resolution);
  if (resolution !== undefined) params.resolution = resolution;
  const maxSize = numberOption('analyse', USAGE, 'max-size', values['max-size']);
  if (maxSize !== undefined) params.maxSize = maxSize;
  const runs = numberOption('analyse', USAGE, 'runs', values.runs);
  if (runs !== undefined) params.runs = runs;
  const minSize = numberOption('analyse', USAGE, 'min-size', values['min-size']);
  if (minSize !== undefined) params.minNetworkSize = minSize;
  if (values.since) params.since = values.since;
  if (values.until) params.until = values.until;
  const labels = listOption(values.labels);
  if (labels) params.labels = labels;
  const types = listOption(values.types);
  if (types) params.types = types;
  const extracts = listOption(values.extracts);
  if (extracts) params.extracts = extracts;
  const jurisdictions = listOption(values.jurisdictions);
  if (jurisdictions) params.jurisdictions = jurisdictions;
  const proposedMinScore = numberOption('analyse', USAGE, 'proposed-min-score', values['proposed-min-score']);
  if (proposedMinScore !== undefined) {
    if (!(proposedMinScore > 0 && proposedMinScore <= 1)) {
      throw new Error(
        `analyse: --proposed-min-score is a match probability, greater than 0 and at most 1; got ${proposedMinScore}\n\n${USAGE}`,
      );
    }
    params.identities = { proposedMinScore };
  }
  if (values.engine !== undefined) {
    if (!['auto', 'in-process', 'gds'].includes(values.engine)) {
      throw new Error(`analyse: --engine is auto, in-process or gds; got "${values.engine}"\n\n${USAGE}`);
    }
    params.engine = values.engine as NonNullable<DetectionParams['engine']>;
  }
  if (values.algorithm !== undefined) {
    if (!['louvain', 'leiden'].includes(values.algorithm)) {
      throw new Error(`analyse: --algorithm is louvain or leiden; got "${values.algorithm}"\n\n${USAGE}`);
    }
    params.algorithm = values.algorithm as NonNullable<DetectionParams['algorithm']>;
  }
  const maxHeapMb = numberOption('analyse', USAGE, 'max-heap-mb', values['max-heap-mb']);
  if (maxHeapMb !== undefined) {
    if (!(Number.isInteger(maxHeapMb) && maxHeapMb >= 256)) {
      throw new Error(
        `analyse: --max-heap-mb is a whole number of MB, at least 256; got ${maxHeapMb}\n\n${USAGE}`,
      );
    }
    params.maxHeapMb = maxHeapMb;
  }
  const top = numberOption('analyse', USAGE, 'top', values.top) ?? 20;

  const started = await startDetection(params, {
    actor: `cli:${userInfo().username}`,
    onProgress: progressPrinter(),
  });
  const { runId } = started;
  const summary = await awaitAuditedRun('analyse', started);
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  const c = summary.counts;
  console.log(`Run ${runId}  seed ${summary.seed}  modularity ${summary.modularity.toFixed(4)}`);
  const e = summary.engine;
  console.log(
    `Engine ${e.engine} (${e.algorithm}; ${e.reason})${e.gds ? `, GDS ${e.gds.version}: ${e.gds.nodes} nodes, ${e.gds.relationships} links, modularity ${e.gds.modularity.toFixed(4)}` : ''}; heap limit ${e.heapMb} MB, estimate ${e.estimateMb} MB.`,
  );
  console.log(
    `Read ${c.projectedNodes} nodes, ${c.projectedRelationships} relationships; entity graph ${c.entityNodes} nodes, ${c.entityEdges} links; ${c.networks} networks, ${c.matches} indicator matches, ${c.linkingNetworks} linking categories.`,
  );
  console.log(
    `Timings (ms): ${Object.entries(summary.timings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const ids = summary.identities;
  if (ids.identities > 0 || ids.proposalsBlocked > 0) {
    console.log(
      `Identities: ${ids.identities} of ${ids.identities + ids.mergedRecords} records (${ids.sameAs} SAME_AS, ${ids.proposalsUsed} proposals used, ${ids.proposalsBlocked} left apart by a rejection).`,
    );
  }
  if (summary.previousRunId) {
    const ch = summary.changes;
    console.log(
      `Since ${summary.previousRunId}: ${ch.new.length} new, ${ch.grown.length} grown, ${ch.shrunk.length} shrunk, ${ch.stable.length} stable, ${ch.merged.length} merged, ${ch.split.length} split, ${ch.dissolved.length} dissolved.`,
    );
  }
  console.log('');
  console.log(
    `${pad('#', 4)}${pad('network', 18)}${pad('risk', 8)}${pad('size', 6)}${pad('categories', 26)}${pad('link', 5)}top offender / key actor`,
  );
  for (const n of summary.top.slice(0, top)) {
    console.log(
      `${pad(String(n.rank), 4)}${pad(n.stableId, 18)}${pad(n.risk.toFixed(2), 8)}${pad(String(n.size), 6)}${pad(n.categories.join('+') || '-', 26)}${pad(n.linksCategories ? 'yes' : '', 5)}${n.offenders[0] ?? n.keyActors[0] ?? ''}`,
    );
  }
}

await runCommand('analyse', main);
