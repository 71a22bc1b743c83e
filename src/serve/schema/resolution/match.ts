/**
 * Match: one stored SAME_AS / POSSIBLY_SAME_AS / NOT_SAME_AS relationship seen from one of its
 * records, with the score explained feature by feature and the status its judgement gives it; and
 * `possibleMatches`, the field Person and Organisation share.
 */
import type { ObjectFieldBuilder } from '@pothos/core';
import { MATCH_TYPES, type MatchReason } from '../../../model/resolution-contract.ts';
import type { EntityRecord } from '../../../store/read/entities.ts';
import type { MatchRecord, MatchView } from '../../../store/read/matches.ts';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { EntityInterface } from '../entity.ts';
import { JudgementRef } from './judgement.ts';

export const MatchKindEnum = builder.enumType('MatchKind', {
  description:
    'SAME_AS: one entity (a certain rule or a confirmation); POSSIBLY_SAME_AS: a scored proposal; NOT_SAME_AS: a rejection.',
  values: MATCH_TYPES,
});

export const MatchStatusEnum = builder.enumType('MatchStatus', {
  description: 'What the active judgement of the pair that binds this match says, if any.',
  values: ['UNDECIDED', 'CONFIRMED', 'REJECTED'] as const,
});

export const MatchReasonRef = builder.objectRef<MatchReason>('MatchReason').implement({
  description:
    'One feature’s share of a score: its comparison level and weight (log2 Bayes factor, + for one entity, − against).',
  authScopes: { analyst: true },
  fields: (t) => ({
    feature: t.exposeString('feature'),
    level: t.exposeString('level'),
    weight: t.exposeFloat('weight'),
    detail: t.string({ nullable: true, resolve: (r) => r.detail ?? null }),
  }),
});

/** A match and the other record, resolved once (the record is read with the viewer's loaders). */
export interface MatchValue {
  match: MatchRecord;
  record: EntityRecord;
}

export function statusOf(match: MatchRecord): 'UNDECIDED' | 'CONFIRMED' | 'REJECTED' {
  if (!match.judgement) return 'UNDECIDED';
  return match.judgement.decision === 'confirmed' ? 'CONFIRMED' : 'REJECTED';
}

export const MatchRef = builder.objectRef<MatchValue>('Match').implement({
  description:
    'A stored match between two records, seen from one of them: how it came to be, its score with the reasons, and the judgement that decides it.',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.id({
      description: 'The relationship’s key (type, ordered pair, scope).',
      resolve: (m) => m.match.key,
    }),
    kind: t.field({ type: MatchKindEnum, resolve: (m) => m.match.type }),
    by: t.string({
      description: '"rule:<name>" (a certain rule), "score" (a proposal) or "judgement".',
      resolve: (m) => m.match.by,
    }),
    score: t.float({
      nullable: true,
      description: 'Probability that the records are one entity (0–1); null for a judgement.',
      resolve: (m) => m.match.score,
    }),
    matchWeight: t.float({
      nullable: true,
      description: 'Prior log2-odds plus the weight of every reason; null for rules and judgements.',
      resolve: (m) => m.match.matchWeight,
    }),
    reasons: t.field({ type: [MatchReasonRef], resolve: (m) => m.match.reasons }),
    status: t.field({ type: MatchStatusEnum, resolve: (m) => statusOf(m.match) }),
    jurisdictions: t.stringList({
      description:
        'The jurisdictions whose data established it ("*": all); only viewers of all of them read it.',
      resolve: (m) => m.match.jurisdictions,
    }),
    runId: t.string({ nullable: true, resolve: (m) => m.match.runId }),
    record: t.field({ type: EntityInterface, description: 'The other record.', resolve: (m) => m.record }),
    judgement: t.field({
      type: JudgementRef,
      nullable: true,
      description: 'The active judgement of the pair that binds this match and that you may read.',
      resolve: (m) => m.match.judgement,
    }),
    judgements: t.field({
      type: [JudgementRef],
      description:
        'Every judgement of the pair that binds this match and that you may read, withdrawn ones too, newest first.',
      resolve: (m) => m.match.history,
    }),
  }),
});

/** Matches with their other record, dropping any whose record the viewer no longer reads. */
export async function matchValues(
  matches: readonly (MatchRecord & { other?: string })[],
  otherOf: (m: MatchRecord) => string,
  ctx: Context,
): Promise<MatchValue[]> {
  const records = await ctx.loaders.entity.loadMany(matches.map(otherOf));
  return matches.flatMap((match, i) => {
    const record = records[i];
    return record && !(record instanceof Error) ? [{ match, record }] : [];
  });
}

type PothosTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** `possibleMatches` on Person and Organisation. */
export function possibleMatchesField(t: ObjectFieldBuilder<PothosTypes, EntityRecord>) {
  return t.field({
    type: [MatchRef],
    description:
      'Every match of this record you may read — certain (SAME_AS), rejected (NOT_SAME_AS) and proposed (POSSIBLY_SAME_AS) — with the score explained and the status its judgement gives it.',
    resolve: async (e, _args, ctx) => {
      const views = await ctx.loaders.matches.load(e.id);
      return matchValues(views, (m) => (m as MatchView).other, ctx);
    },
  });
}
