/**
 * `matchContradictions`: pairs someone rejected whose records are nevertheless joined by a chain of
 * SAME_AS (rules or confirmations) — listed with the chain for a human to settle, never settled by
 * Skein. Only what the viewer may read counts: one unreadable link and there is no contradiction.
 */
import { listContradictions } from '../../../store/read/contradictions.ts';
import type { EntityRecord } from '../../../store/read/entities.ts';
import type { MatchRecord } from '../../../store/read/matches.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { EntityInterface } from '../entity.ts';
import { JudgementRef } from './judgement.ts';
import { MatchRef, type MatchValue, matchValues } from './match.ts';

interface ContradictionValue {
  rejection: MatchRecord;
  chain: EntityRecord[];
  links: MatchValue[];
}

const MatchContradictionRef = builder.objectRef<ContradictionValue>('MatchContradiction').implement({
  description:
    'A rejected pair (NOT_SAME_AS) whose two records are joined by a chain of SAME_AS: one of the decisions is wrong.',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.id({ description: 'The rejection’s key.', resolve: (c) => c.rejection.key }),
    a: t.field({ type: EntityInterface, resolve: (c) => c.chain[0] as EntityRecord }),
    b: t.field({ type: EntityInterface, resolve: (c) => c.chain[c.chain.length - 1] as EntityRecord }),
    rejection: t.field({
      type: JudgementRef,
      nullable: true,
      description: 'The active judgement that rejected the pair.',
      resolve: (c) => c.rejection.judgement,
    }),
    chain: t.field({
      type: [EntityInterface],
      description: 'The records from a to b along the shortest chain of SAME_AS.',
      resolve: (c) => c.chain,
    }),
    links: t.field({
      type: [MatchRef],
      description: 'The SAME_AS between consecutive records of the chain, each seen from the earlier record.',
      resolve: (c) => c.links,
    }),
  }),
});

builder.queryField('matchContradictions', (t) =>
  t.field({
    type: [MatchContradictionRef],
    authScopes: { analyst: true },
    description:
      'Rejected pairs joined through a chain of SAME_AS (rules or confirmations), newest rejection first, as far as you may read them.',
    args: { first: t.arg.int({ required: false, description: 'At most this many (1–500, default 50).' }) },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? 50;
      if (!Number.isInteger(first) || first < 1 || first > 500) {
        throw expectedError('BAD_USER_INPUT', '"first" must be from 1 to 500.', { argument: 'first' });
      }
      const found = await listContradictions(await ctx.scope(), first);
      const out: ContradictionValue[] = [];
      for (const c of found) {
        const records = await ctx.loaders.entity.loadMany(c.chain);
        const chain = records.filter((r): r is EntityRecord => !!r && !(r instanceof Error));
        // A record gone since the query: the chain is broken for this viewer, so no contradiction.
        if (chain.length !== c.chain.length) continue;
        const links = await matchValues(
          c.links.map((link, i) => ({ ...link, other: c.chain[i + 1] })),
          (m) => (m as MatchRecord & { other: string }).other,
          ctx,
        );
        out.push({ rejection: c.rejection, chain, links });
      }
      return out;
    },
  }),
);
