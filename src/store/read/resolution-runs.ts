/**
 * Reads stored resolution runs (store/write-resolution.ts): one run, the runs newest first, the
 * running run of a scope, and the judgements a new run of a scope must respect.
 *
 * Need-to-know: a run is seen as an analysis run is (record-scope.ts coveredBy): only by a viewer
 * whose scope covers every jurisdiction the run read; a GB viewer does not see a GB+IE run, whose
 * counts say what IE data held. Hidden runs are answered exactly as missing ones.
 */
import type { JudgementDecision } from '../../model/resolution-contract.ts';
import type { Plain } from '../convert.ts';
import { executeRead } from '../run.ts';
import { coveredBy, recordJurisdictions, scopeParameter } from './record-scope.ts';
import { jsonField, nullable, type Page, type RunLifecycle, runLifecycle, runPage } from './run-record.ts';
import type { ReadScope } from './scope.ts';

const RUN_VISIBLE = coveredBy('r');

/** The counts a run stores (jobs/resolve.ts writes them; every field is present on new runs). */
export interface ResolutionCounts {
  /** Records read, by label. */
  records: Record<string, number>;
  /** Records compared (read minus skipped). */
  compared: number;
  /** Records left out, by reason. */
  skipped: Record<string, number>;
  /** Records kept with a value set aside (an impossible birth date...), by reason. */
  repaired: Record<string, number>;
  /** Candidate pairs in all, and the pairs each kind of block proposed first. */
  candidates: number;
  candidatesByKind: Record<string, number>;
  /** Blocks too large to pair, by kind (their records are still paired through other blocks). */
  oversizedBlocks: Record<string, number>;
  /** Certain matches found, by rule. */
  ruleMatches: Record<string, number>;
  /** Scored pairs at or above the threshold. */
  proposals: number;
  /** Pairs above the threshold left for a human because a record resembles two records kept apart. */
  ambiguous: number;
  /** Candidate pairs kept apart whatever their score, by the reason. */
  exclusions: Record<string, number>;
  /** Pairs sharing a unique identifier whose names share nothing (one document, two names). */
  identifierNameConflicts: number;
  /** Pairs not written because of an active judgement, and rejected pairs proposed again on new evidence. */
  judgements: { confirmed: number; rejected: number; newEvidence: number; judgedDuringRun?: number };
  /** Relationships written, by type, and earlier answers of the scope this run replaced. */
  written: Record<string, number>;
  replaced: number;
}

export interface ResolutionRunRecord extends RunLifecycle {
  author: string | null;
  counts: ResolutionCounts | null;
  timings: Record<string, number> | null;
}

export type { Page } from './run-record.ts';

const parse = jsonField('store/read/resolution-runs', 'a stored resolution run', 'run resolution again');

function toRun(props: Record<string, Plain>): ResolutionRunRecord {
  return {
    ...runLifecycle(props, parse),
    author: nullable<string>(props.author),
    counts: parse(props.countsJson, 'countsJson') as ResolutionCounts | null,
    timings: parse(props.timingsJson, 'timingsJson') as Record<string, number> | null,
  };
}

function decode(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return value as [string, string];
    }
  } catch {
    // said below
  }
  throw new Error(
    `store/read/resolution-runs: "${cursor}" is not a resolution run cursor; pass an endCursor this API returned`,
  );
}

/** A run the scope may see (null when missing or hidden: the two are not told apart). */
export async function getResolutionRun(id: string, scope: ReadScope): Promise<ResolutionRunRecord | null> {
  const rows = await executeRead(
    `MATCH (r:ResolutionRun {id: $id}) WHERE ${RUN_VISIBLE} RETURN properties(r) AS run`,
    { id, scope: scopeParameter(scope) },
  );
  return rows[0] ? toRun(rows[0].run as Record<string, Plain>) : null;
}

/** The runs the scope may see, newest first, with keyset cursors. */
export async function listResolutionRuns(
  scope: ReadScope,
  options: { first?: number; after?: string | null } = {},
): Promise<Page<ResolutionRunRecord>> {
  const first = options.first ?? 20;
  if (!(Number.isInteger(first) && first >= 0 && first <= 500)) {
    throw new Error(`store/read/resolution-runs: first must be an integer within 0..500, got ${first}`);
  }
  const after = options.after ? decode(options.after) : null;
  const visible = scopeParameter(scope);
  const [rows, total] = await Promise.all([
    executeRead(
      `MATCH (r:ResolutionRun) WHERE ${RUN_VISIBLE}
         AND ($after IS NULL OR r.startedAt < $after[0] OR (r.startedAt = $after[0] AND r.id < $after[1]))
       RETURN properties(r) AS run ORDER BY r.startedAt DESC, r.id DESC LIMIT toInteger($limit)`,
      { after, limit: first + 1, scope: visible },
    ),
    executeRead(`MATCH (r:ResolutionRun) WHERE ${RUN_VISIBLE} RETURN count(r) AS total`, { scope: visible }),
  ]);
  return runPage(rows, total, first, (row) => toRun(row.run as Record<string, Plain>));
}

/** The id of a run of exactly this scope still running, other than `except` (two would replace each other's answers). */
export async function runningResolutionOfScope(
  jurisdictions: readonly string[],
  except: string | null = null,
): Promise<string | null> {
  const rows = await executeRead(
    `MATCH (r:ResolutionRun {status: 'running'}) WHERE r.scopeKey = $scopeKey AND ($except IS NULL OR r.id <> $except)
     RETURN r.id AS id ORDER BY r.startedAt LIMIT 1`,
    { scopeKey: recordJurisdictions(jurisdictions).join(','), except },
  );
  return rows[0] ? String(rows[0].id) : null;
}

export interface BindingJudgement {
  a: string;
  b: string;
  decision: JudgementDecision;
  evidenceKey: string;
}

/**
 * The active judgements (not withdrawn) a run of this scope must respect: those whose
 * jurisdictions the run's scope covers. A run reads them itself, not as any viewer, to keep its
 * answers from contradicting them; it never shows them.
 */
export async function bindingJudgements(jurisdictions: readonly string[]): Promise<BindingJudgement[]> {
  const scope = recordJurisdictions(jurisdictions);
  const all = scope.includes('*');
  const rows = await executeRead(
    `MATCH (j:Judgement) WHERE j.withdrawnAt IS NULL AND ${coveredBy('j')}
     RETURN j.a AS a, j.b AS b, j.decision AS decision, coalesce(j.evidenceKey, '') AS evidenceKey
     ORDER BY j.at, j.id`,
    { scope: { all, jurisdictions: all ? [] : scope } },
  );
  return rows.map((row) => ({
    a: String(row.a),
    b: String(row.b),
    decision: String(row.decision) as JudgementDecision,
    evidenceKey: String(row.evidenceKey),
  }));
}
