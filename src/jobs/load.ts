/**
 * A load as Skein runs it for people (CLI, GraphQL, quick start): the loader itself, then an audit
 * record of who loaded which file with what result.
 */
import { basename } from 'node:path';
import { type LoadHooks, type LoadOptions, type LoadSummary, loadExtract } from '../ingest/load.ts';
import { appendAudit } from '../store/audit.ts';

export async function runLoad(
  options: LoadOptions,
  hooks: LoadHooks = {},
  actor = 'system',
): Promise<LoadSummary> {
  let summary: LoadSummary | undefined;
  try {
    summary = await loadExtract(options, hooks);
    return summary;
  } finally {
    await appendAudit({
      actor,
      action: 'load',
      operation: `load ${basename(options.file)}`,
      args: JSON.stringify({
        file: options.file,
        mapping: typeof options.mapping === 'string' ? options.mapping : options.mapping.name,
        jurisdiction: options.jurisdiction ?? null,
        dryRun: options.dryRun ?? false,
      }),
      entityIds: [],
      outcome: summary
        ? `${summary.status}: read ${summary.rowsRead}, loaded ${summary.rowsLoaded}, rejected ${summary.rowsRejected}`
        : 'failed',
    }).catch((error: unknown) =>
      console.error(`audit: the load could not be recorded: ${(error as Error).message}`),
    );
  }
}
