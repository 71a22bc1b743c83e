/**
 * A load as Skein runs it for people (CLI, GraphQL, quick start): the loader itself, then an audit
 * record of who loaded which file with what result.
 * A load on behalf of a user of some jurisdictions writes only into one of them (issue 19): the
 * extract's jurisdiction is known from the arguments and the mapping before the file is opened.
 */
import { basename } from 'node:path';
import {
  FTM_MAPPING,
  type LoadHooks,
  type LoadOptions,
  type LoadSummary,
  loadExtract,
} from '../ingest/load.ts';
import { loadMapping } from '../ingest/mapping/parse.ts';
import { holdsJurisdiction, JURISDICTION_RULE, normaliseJurisdiction } from '../model/jurisdiction.ts';
import { appendAudit } from '../store/audit.ts';

/** A load into a jurisdiction the user does not hold: refused before the file is read. */
export class LoadForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadForbiddenError';
  }
}

/** The jurisdiction the extract will have: the argument, else the mapping's (null: none). */
export function extractJurisdiction(options: Pick<LoadOptions, 'mapping' | 'jurisdiction'>): string | null {
  if (options.jurisdiction?.trim()) {
    const given = normaliseJurisdiction(options.jurisdiction);
    if (given === null)
      throw new Error(`jobs/load: jurisdiction "${options.jurisdiction}" must be ${JURISDICTION_RULE}`);
    return given;
  }
  if (options.mapping === FTM_MAPPING) return null;
  const mapping =
    typeof options.mapping === 'string' ? loadMapping(options.mapping).mapping : options.mapping;
  return mapping.jurisdiction ?? null;
}

/**
 * Throws LoadForbiddenError unless a user of `jurisdictions` may write an extract of
 * `jurisdiction`: '*' may write any (also one without a jurisdiction), others only their own.
 */
export function assertMayLoadInto(jurisdiction: string | null, jurisdictions: readonly string[]): void {
  if (holdsJurisdiction(jurisdictions, jurisdiction)) return;
  if (jurisdiction === null) {
    throw new LoadForbiddenError(
      'jobs/load: this extract would have no jurisdiction, which only users of every jurisdiction ("*") may load; pass "jurisdiction" with one of yours',
    );
  }
  if (!jurisdictions.includes(jurisdiction)) {
    throw new LoadForbiddenError(
      `jobs/load: the extract would be of jurisdiction ${jurisdiction}, which you do not hold; you may load into ${jurisdictions.join(', ') || 'none'} (pass "jurisdiction")`,
    );
  }
}

export interface LoadActor {
  /** Who asked (audit trail actor). */
  id: string;
  /** Their jurisdictions; when given, the load is refused unless it writes into one of them. */
  jurisdictions?: readonly string[];
  /** The file's name as the user gave it (the audit record keeps no server path for API loads). */
  fileName?: string;
}

export async function runLoad(
  options: LoadOptions,
  hooks: LoadHooks = {},
  actor: string | LoadActor = 'system',
): Promise<LoadSummary> {
  const who: LoadActor = typeof actor === 'string' ? { id: actor } : actor;
  const fileName = who.fileName ?? options.file;
  let jurisdiction = options.jurisdiction ?? null;
  let summary: LoadSummary | undefined;
  try {
    // Inside the try: a bad mapping or a refused jurisdiction is audited as a failed load too.
    jurisdiction = extractJurisdiction(options);
    if (who.jurisdictions) assertMayLoadInto(jurisdiction, who.jurisdictions);
    summary = await loadExtract(options, hooks);
    return summary;
  } finally {
    await appendAudit({
      actor: who.id,
      // A load without a user's jurisdictions (CLI, quick start) is one of every jurisdiction's.
      jurisdictions: who.jurisdictions ?? ['*'],
      action: 'load',
      operation: `load ${basename(fileName)}`,
      args: JSON.stringify({
        file: fileName,
        mapping: typeof options.mapping === 'string' ? options.mapping : options.mapping.name,
        jurisdiction,
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
