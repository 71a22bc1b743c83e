/**
 * `npm run resolve -- [options]`: entity resolution over the records in Neo4j (Person and
 * Organisation), stored as a resolution run with its matches; progress on stderr, a summary table
 * at the end. The run's audit record is durable before the driver closes; a run that cannot be
 * audited ends the command with exit 1.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULTS } from '../analyse/resolve/resolve.ts';
import { type ResolutionParams, type ResolutionSummary, startResolution } from '../jobs/resolve.ts';
import { RESOLVABLE_LABELS, type ResolvableLabel } from '../model/resolution-contract.ts';
import { awaitAuditedRun, listOption, numberOption, progressPrinter } from './job.ts';
import { runCommand } from './run.ts';

const USAGE = `Usage: npm run resolve -- [options]
  --jurisdictions A,B  read only extracts of these jurisdictions (ISO-2); the matches are then for
                       viewers holding all of them (default: all data, for '*' viewers)
  --threshold P        probability from which a scored pair is proposed (default ${DEFAULTS.threshold})
  --seed N             random seed of the weight estimation (default ${DEFAULTS.seed})
  --labels A,B         ${RESOLVABLE_LABELS.join(', ')} (default: both)
  --json               print the run summary as JSON instead of a table`;

/** The summary as rows of a two-column table: what was read, skipped, blocked and found. */
export function summaryTable(summary: ResolutionSummary): [string, string][] {
  const c = summary.counts;
  const rows: [string, string][] = [];
  for (const [label, n] of Object.entries(c.records)) rows.push([`records: ${label}`, String(n)]);
  rows.push(['records compared', String(c.compared)]);
  for (const [reason, n] of Object.entries(c.skipped)) rows.push([`skipped: ${reason}`, String(n)]);
  for (const [reason, n] of Object.entries(c.repaired)) rows.push([`kept: ${reason}`, String(n)]);
  for (const [kind, n] of Object.entries(c.candidatesByKind)) rows.push([`candidates by ${kind}`, String(n)]);
  rows.push(['candidate pairs', String(c.candidates)]);
  for (const [kind, n] of Object.entries(c.oversizedBlocks))
    if (n > 0) rows.push([`oversized ${kind} blocks (not paired)`, String(n)]);
  for (const [rule, n] of Object.entries(c.ruleMatches)) rows.push([`certain: ${rule}`, String(n)]);
  rows.push([`proposals (score >= ${summary.threshold})`, String(c.proposals)]);
  rows.push(['ambiguous, left for a human', String(c.ambiguous)]);
  for (const [reason, n] of Object.entries(c.exclusions)) rows.push([`kept apart: ${reason}`, String(n)]);
  rows.push(['one identifier, two names', String(c.identifierNameConflicts)]);
  rows.push(['held back: confirmed by a judgement', String(c.judgements.confirmed)]);
  rows.push(['held back: rejected by a judgement', String(c.judgements.rejected)]);
  rows.push(['held back: judged while the run worked', String(c.judgements.judgedDuringRun ?? 0)]);
  rows.push(['rejected, proposed again on new evidence', String(c.judgements.newEvidence)]);
  for (const [type, n] of Object.entries(c.written)) rows.push([`written ${type}`, String(n)]);
  rows.push(['earlier answers replaced', String(c.replaced)]);
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jurisdictions: { type: 'string' },
      threshold: { type: 'string' },
      seed: { type: 'string' },
      labels: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const params: ResolutionParams = {};
  const jurisdictions = listOption(values.jurisdictions);
  if (jurisdictions) params.jurisdictions = jurisdictions;
  const threshold = numberOption('resolve', USAGE, 'threshold', values.threshold);
  if (threshold !== undefined) params.threshold = threshold;
  const seed = numberOption('resolve', USAGE, 'seed', values.seed);
  if (seed !== undefined) params.seed = seed;
  const labels = listOption(values.labels);
  if (labels) params.labels = labels as ResolvableLabel[];

  const started = await startResolution(params, {
    actor: `cli:${userInfo().username}`,
    onProgress: progressPrinter(),
  });
  const { runId } = started;
  const summary = await awaitAuditedRun('resolve', started);
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  console.log(
    `Resolution run ${runId}  scope ${summary.jurisdictions.join(',')}  seed ${summary.seed}  threshold ${summary.threshold}`,
  );
  console.log(
    `Timings (ms): ${Object.entries(summary.timings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log('');
  const rows = summaryTable(summary);
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  for (const [key, value] of rows) console.log(`${key.padEnd(width)}${value.padStart(10)}`);
}

await runCommand('resolve', main);
