/**
 * Stored matches (SAME_AS / POSSIBLY_SAME_AS / NOT_SAME_AS) and judgements as a viewer may read
 * them (model/resolution-contract.ts): a match only when the viewer sees both records (VISIBLE) and
 * their scope covers the match's `jurisdictions`; a judgement likewise. Each match carries the
 * active judgement of its pair that binds it — one the viewer may read, made for jurisdictions the
 * match's scope covers (a GB judgement binds a GB+IE proposal; a GB+IE one never a GB proposal).
 */
import {
  MATCH_TYPES,
  type MatchReason,
  type MatchType,
  RESOLVABLE_LABELS,
  type StoredJudgement,
} from '../../model/resolution-contract.ts';
import { cypher } from '../cypher.ts';
import { type Row, readTx } from '../run.ts';
import { groupByLabel } from './entities.ts';
import { coveredBy, coversRecord, scopeParameter } from './record-scope.ts';
import type { ReadScope } from './scope.ts';

export interface MatchRecord {
  key: string;
  type: MatchType;
  /** The two records in stored order (a < b). */
  a: string;
  b: string;
  by: string;
  runId: string | null;
  judgementId: string | null;
  jurisdictions: string[];
  score: number | null;
  matchWeight: number | null;
  reasons: MatchReason[];
  evidenceKey: string;
  createdAt: string;
  /** The active judgement of the pair that binds this match and that the viewer may read. */
  judgement: StoredJudgement | null;
  /** Every readable judgement of the pair that binds this match, withdrawn ones too, newest first. */
  history: StoredJudgement[];
}

/** A match seen from one of its records. */
export interface MatchView extends MatchRecord {
  from: string;
  other: string;
}

const MATCHES_OF = `
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id}) WHERE VISIBLE(n)
MATCH (n)-[r:__TYPES__]-(o)
WHERE any(l IN labels(o) WHERE l IN $resolvable) AND VISIBLE(o) AND ${coveredBy('r', 'cover')}
RETURN id, o.id AS other, type(r) AS type, startNode(r).id AS a, endNode(r).id AS b, properties(r) AS props`;

const PAIR_JUDGEMENTS = `
UNWIND $pairs AS pair
MATCH (j:Judgement) WHERE j.a = pair[0] AND j.b = pair[1] AND ${coveredBy('j', 'cover')}
RETURN j {.*} AS j ORDER BY j.at DESC, j.id DESC`;

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** reasonsJson → reasons; a value that does not parse is shown as no reasons, never an error. */
export function parseReasons(json: unknown): MatchReason[] {
  if (typeof json !== 'string' || json === '') return [];
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((r: Record<string, unknown>) =>
      r && typeof r.feature === 'string' && typeof r.level === 'string' && typeof r.weight === 'number'
        ? [
            {
              feature: r.feature,
              level: r.level,
              weight: r.weight,
              ...(typeof r.detail === 'string' ? { detail: r.detail } : {}),
            },
          ]
        : [],
    );
  } catch {
    return [];
  }
}

export function toJudgement(j: Record<string, unknown>): StoredJudgement {
  return {
    id: String(j.id),
    decision: j.decision === 'rejected' ? 'rejected' : 'confirmed',
    a: String(j.a),
    b: String(j.b),
    author: String(j.author ?? ''),
    authorJurisdictions: list(j.authorJurisdictions),
    jurisdictions: list(j.jurisdictions),
    scopeKey: String(j.scopeKey ?? ''),
    reason: String(j.reason ?? ''),
    at: String(j.at ?? ''),
    evidenceKey: String(j.evidenceKey ?? ''),
    withdrawnAt: text(j.withdrawnAt),
    withdrawnBy: text(j.withdrawnBy),
    withdrawReason: text(j.withdrawReason),
  };
}

/** True when a judgement made for `judged` binds a match made for `match` (its scope covers it). */
export function binds(judged: readonly string[], match: readonly string[]): boolean {
  if (match.includes('*')) return true;
  if (judged.includes('*') || judged.length === 0) return false;
  return judged.every((j) => match.includes(j));
}

/** Newest first (ISO times compare as text), then by id. */
const newestFirst = (x: StoredJudgement, y: StoredJudgement) =>
  x.at < y.at ? 1 : x.at > y.at ? -1 : x.id < y.id ? 1 : -1;

/** The readable judgements of the pair that bind this match: its own, or those made for a scope it covers. */
export function judgementsFor(
  match: Pick<MatchRecord, 'judgementId' | 'jurisdictions'>,
  all: readonly StoredJudgement[],
): StoredJudgement[] {
  const own = match.judgementId;
  return all
    .filter((j) => (own ? j.id === own : binds(j.jurisdictions, match.jurisdictions)))
    .sort(newestFirst);
}

/** The judgement that gives a match its status: its own, else the latest active one that binds it. */
export function judgementFor(
  match: Pick<MatchRecord, 'judgementId' | 'jurisdictions'>,
  all: readonly StoredJudgement[],
): StoredJudgement | null {
  return judgementsFor(match, all).find((j) => j.withdrawnAt === null) ?? null;
}

/** The match with its judgement and history from the pair's readable judgements. */
export function withJudgements<M extends MatchRecord>(match: M, all: readonly StoredJudgement[]): M {
  return { ...match, judgement: judgementFor(match, all), history: judgementsFor(match, all) };
}

export function toMatch(type: string, a: string, b: string, props: Record<string, unknown>): MatchRecord {
  return {
    key: String(props.key ?? `${type}:${a}|${b}`),
    type: type as MatchType,
    a,
    b,
    by: String(props.by ?? ''),
    runId: text(props.runId),
    judgementId: text(props.judgementId),
    jurisdictions: list(props.jurisdictions),
    score: num(props.score),
    matchWeight: num(props.matchWeight),
    reasons: parseReasons(props.reasonsJson),
    evidenceKey: String(props.evidenceKey ?? ''),
    createdAt: String(props.createdAt ?? ''),
    judgement: null,
    history: [],
  };
}

export const pairKey = (a: string, b: string) => `${a}\u0000${b}`;

/** Judgements of these pairs (withdrawn ones too) that the scope may read, by pair. */
export async function pairJudgements(
  pairs: readonly (readonly [string, string])[],
  scope: ReadScope,
  run: (text: string, params: Record<string, unknown>) => Promise<Row[]>,
): Promise<Map<string, StoredJudgement[]>> {
  const out = new Map<string, StoredJudgement[]>();
  if (pairs.length === 0) return out;
  const rows = await run(cypher(PAIR_JUDGEMENTS), { pairs, cover: scopeParameter(scope) });
  for (const row of rows) {
    const j = toJudgement(row.j as Record<string, unknown>);
    if (!coversRecord(scope, j.jurisdictions)) continue;
    const key = pairKey(j.a, j.b);
    out.set(key, [...(out.get(key) ?? []), j]);
  }
  return out;
}

const ORDER: Record<MatchType, number> = { SAME_AS: 0, NOT_SAME_AS: 1, POSSIBLY_SAME_AS: 2 };

/**
 * Every readable match of each record (DataLoader batch), with the judgement that binds it:
 * certain ones first, then rejections, then proposals by score.
 */
export async function loadMatches(
  ids: readonly string[],
  scope: ReadScope,
): Promise<Map<string, MatchView[]>> {
  const out = new Map<string, MatchView[]>();
  const groups = groupByLabel(ids);
  if (groups.size === 0) return out;
  await readTx(async (tx) => {
    const views: MatchView[] = [];
    for (const [label, labelIds] of groups) {
      if (!(RESOLVABLE_LABELS as readonly string[]).includes(label)) continue;
      const rows = await tx.run(cypher(MATCHES_OF, { label, types: MATCH_TYPES }), {
        ids: labelIds,
        scope,
        cover: scopeParameter(scope),
        resolvable: RESOLVABLE_LABELS,
      });
      for (const row of rows) {
        const match = toMatch(
          String(row.type),
          String(row.a),
          String(row.b),
          row.props as Record<string, unknown>,
        );
        views.push({ ...match, from: String(row.id), other: String(row.other) });
      }
    }
    const pairs = [...new Map(views.map((v) => [pairKey(v.a, v.b), [v.a, v.b] as const])).values()];
    const judgements = await pairJudgements(pairs, scope, (t, p) => tx.run(t, p));
    for (const view of views) {
      const judged = withJudgements(view, judgements.get(pairKey(view.a, view.b)) ?? []);
      out.set(view.from, [...(out.get(view.from) ?? []), judged]);
    }
  });
  for (const list of out.values()) {
    list.sort(
      (x, y) =>
        ORDER[x.type] - ORDER[y.type] || (y.score ?? -1) - (x.score ?? -1) || (x.key < y.key ? -1 : 1),
    );
  }
  return out;
}
