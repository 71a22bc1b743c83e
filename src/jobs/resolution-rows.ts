/**
 * Turns what analyse/resolve found into the rows a resolution run stores (model/resolution-contract.ts),
 * respecting investigators' judgements: a pair confirmed is not proposed again (its SAME_AS is the
 * judgement's), a rejected pair only when its evidence changed since the rejection, and then only
 * as POSSIBLY_SAME_AS for a human — a run never turns a rejection into a join by itself. Pure, so
 * the rules are tested without a database.
 */
import { evidenceKey, sharedContext } from '../analyse/resolve/evidence.ts';
import type { CertainMatch, ProposedMatch } from '../analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../analyse/resolve/types.ts';
import {
  type MatchReason,
  type MatchType,
  matchKey,
  orderedPair,
  type ResolvableLabel,
} from '../model/resolution-contract.ts';
import type { BindingJudgement } from '../store/read/resolution-runs.ts';
import type { MatchRelationshipRow, RunMatchType } from '../store/write-resolution.ts';

export interface RowGroup {
  type: RunMatchType;
  label: ResolvableLabel;
  rows: MatchRelationshipRow[];
}

export interface JudgementEffects {
  /** Pairs not written because they are confirmed. */
  confirmed: number;
  /** Pairs not written because they were rejected on the same evidence. */
  rejected: number;
  /** Rejected pairs proposed again because their evidence changed. */
  newEvidence: number;
  /**
   * Pairs held back at the write by a judgement made while the run worked (after it read the
   * judgements); absent on runs stored before it was counted.
   */
  judgedDuringRun?: number;
}

const quote = (values: readonly string[]) =>
  values.length === 0
    ? '(none)'
    : values
        .slice(0, 3)
        .map((v) => `"${v}"`)
        .join(', ');

/** What was compared for a feature, readable; undefined when the feature has nothing to show. */
export function reasonDetail(feature: string, a: ResolutionRecord, b: ResolutionRecord): string | undefined {
  switch (feature) {
    case 'name':
    case 'nameFrequency':
      return feature === 'name' ? `${quote(a.names)} ~ ${quote(b.names)}` : undefined;
    case 'birthDate':
      return `${a.birthDate ?? '?'} ~ ${b.birthDate ?? '?'}`;
    case 'nationality':
      return `${a.nationality ?? '?'} ~ ${b.nationality ?? '?'}`;
    case 'identifiers': {
      const theirs = new Set(b.identifiers.map((i) => `${i.kind}:${i.value}`));
      const shared = [...new Set(a.identifiers.map((i) => `${i.kind}:${i.value}`))]
        .filter((i) => theirs.has(i))
        .sort();
      return shared.length > 0 ? `shared ${shared.slice(0, 3).join(', ')}` : undefined;
    }
    case 'context': {
      const shared = sharedContext(a, b);
      return shared.length > 0
        ? `shared ${shared.slice(0, 3).join(', ')}${shared.length > 3 ? ` and ${shared.length - 3} more` : ''}`
        : `${a.context?.length ?? 0} ~ ${b.context?.length ?? 0} neighbours, none in common`;
    }
    case 'address': {
      const lines = (r: ResolutionRecord) => (r.addresses ?? []).map((address) => address.line);
      return `${quote(lines(a))} ~ ${quote(lines(b))}`;
    }
    default:
      return undefined;
  }
}

function reasonsOf(proposal: ProposedMatch, a: ResolutionRecord, b: ResolutionRecord): MatchReason[] {
  return proposal.score.contributions.map((c) => {
    const reason: MatchReason = { feature: c.feature, level: c.level, weight: round(c.weight) };
    const detail = reasonDetail(c.feature, a, b);
    if (detail !== undefined) reason.detail = detail;
    return reason;
  });
}

/** Stored numbers are rounded so a re-run on the same data writes the same values, digit for digit. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

const pairKey = (a: string, b: string) => orderedPair(a, b).join('\u0000');

/**
 * The rows a run writes, grouped by type and label, in a stable order (pairs sorted), and what the
 * judgements held back.
 */
export function matchRows(
  found: { certain: readonly CertainMatch[]; proposed: readonly ProposedMatch[] },
  records: ReadonlyMap<string, ResolutionRecord>,
  judgements: readonly BindingJudgement[],
  scope: readonly string[],
): { groups: RowGroup[]; effects: JudgementEffects } {
  const confirmed = new Set<string>();
  const rejected = new Map<string, Set<string>>();
  for (const j of judgements) {
    const key = pairKey(j.a, j.b);
    if (j.decision === 'confirmed') confirmed.add(key);
    else {
      const keys = rejected.get(key) ?? new Set<string>();
      keys.add(j.evidenceKey);
      rejected.set(key, keys);
    }
  }
  const effects: JudgementEffects = { confirmed: 0, rejected: 0, newEvidence: 0 };
  const groups = new Map<string, RowGroup>();
  const add = (type: MatchType & RunMatchType, label: ResolvableLabel, row: MatchRelationshipRow) => {
    const id = `${type}:${label}`;
    let group = groups.get(id);
    if (!group) {
      group = { type, label, rows: [] };
      groups.set(id, group);
    }
    group.rows.push(row);
  };
  const seen = new Set<string>();
  /** Decides a pair against the judgements: the type to write, or null to write nothing. */
  const decide = (a: string, b: string, wanted: RunMatchType, evidence: string): RunMatchType | null => {
    const key = pairKey(a, b);
    if (seen.has(key)) return null;
    seen.add(key);
    if (confirmed.has(key)) {
      effects.confirmed++;
      return null;
    }
    const rejections = rejected.get(key);
    if (rejections) {
      if (rejections.has(evidence)) {
        effects.rejected++;
        return null;
      }
      effects.newEvidence++;
      return 'POSSIBLY_SAME_AS';
    }
    return wanted;
  };
  const recordOf = (id: string) => {
    const record = records.get(id);
    if (!record)
      throw new Error(`jobs/resolution-rows: resolution returned record ${id}, which was not read`);
    return record;
  };

  for (const match of [...found.certain].sort(byPair)) {
    const [a, b] = orderedPair(match.a, match.b).map(recordOf) as [ResolutionRecord, ResolutionRecord];
    const evidence = evidenceKey(a, b);
    const type = decide(a.id, b.id, 'SAME_AS', evidence);
    if (type === null) continue;
    const reasons: MatchReason[] = [
      {
        feature: 'rule',
        level: match.rule.replace(/^rule:/, ''),
        weight: 0,
        detail: `both records hold ${match.identifier}`,
      },
    ];
    add(type, a.kind, {
      a: a.id,
      b: b.id,
      key: matchKey(type, a.id, b.id, scope),
      by: match.rule as `rule:${string}`,
      score: 1,
      matchWeight: null,
      reasonsJson: JSON.stringify(reasons),
      evidenceKey: evidence,
    });
  }
  for (const proposal of [...found.proposed].sort(byPair)) {
    const [a, b] = orderedPair(proposal.a, proposal.b).map(recordOf) as [ResolutionRecord, ResolutionRecord];
    const evidence = evidenceKey(a, b);
    const type = decide(a.id, b.id, 'POSSIBLY_SAME_AS', evidence);
    if (type === null) continue;
    add(type, a.kind, {
      a: a.id,
      b: b.id,
      key: matchKey(type, a.id, b.id, scope),
      by: 'score',
      score: round(proposal.score.probability),
      matchWeight: round(proposal.score.matchWeight),
      reasonsJson: JSON.stringify(reasonsOf(proposal, a, b)),
      evidenceKey: evidence,
    });
  }
  return { groups: [...groups.values()], effects };
}

function byPair(x: { a: string; b: string }, y: { a: string; b: string }): number {
  const [xa, xb] = orderedPair(x.a, x.b);
  const [ya, yb] = orderedPair(y.a, y.b);
  return xa < ya ? -1 : xa > ya ? 1 : xb < yb ? -1 : xb > yb ? 1 : 0;
}
