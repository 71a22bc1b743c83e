/**
 * `reviewQueue(first)`: the undecided proposals the viewer may read, highest impact first (issue #13
 * item 5). Ranking and need-to-know are in the store (store/read/review-queue.ts); this file only
 * shapes the answer. ReviewItem carries its own a / b / score fields, so it stands without the Match
 * type (its `id` is the proposal's key, the Match id of the agreed surface).
 */
import { config } from '../../../config.ts';
import {
  REVIEW_QUEUE_DEFAULTS,
  type ReviewItemRecord,
  reviewQueue,
} from '../../../store/read/review-queue.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { EntityInterface } from '../entity.ts';

const ReviewItemRef = builder.objectRef<ReviewItemRecord>('ReviewItem').implement({
  description:
    'An undecided proposal (POSSIBLY_SAME_AS) with what judging it would change in the newest detection run you may see.',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.exposeID('id', { description: "The proposal's key (the Match id)." }),
    a: t.field({
      type: EntityInterface,
      description: 'The record with the smaller id.',
      resolve: async (item, _a, ctx) => {
        const entity = await ctx.loaders.entity.load(item.a);
        if (!entity) throw new Error(`reviewQueue: record ${item.a} of ${item.id} vanished`);
        return entity;
      },
    }),
    b: t.field({
      type: EntityInterface,
      resolve: async (item, _a, ctx) => {
        const entity = await ctx.loaders.entity.load(item.b);
        if (!entity) throw new Error(`reviewQueue: record ${item.b} of ${item.id} vanished`);
        return entity;
      },
    }),
    score: t.exposeFloat('score', { description: 'Probability the two records are one (0..1).' }),
    matchWeight: t.exposeFloat('matchWeight', { nullable: true }),
    impact: t.exposeString('impact', {
      description:
        'merges-networks (each record is in a different network), joins-victim-to-controller (a recorded or possibly exploited victim and an offender, key actor or suspect), joins-network (one record is in a network, the other not), or score (neither).',
    }),
    reasons: t.exposeStringList('reasons', {
      description:
        'Why it ranks where it does: the networks it would merge, the roles it would join, its score.',
    }),
    networks: t.field({
      type: ['ID'],
      description: 'The networks of `runId` the two records are members of.',
      resolve: (item) => item.networks,
    }),
    runId: t.exposeString('runId', {
      nullable: true,
      description: 'The detection run impact was measured against (null when you may see none).',
    }),
    evidence: t.stringList({
      description: "Each feature's share of the score (log2 Bayes factor), readable.",
      resolve: (item) =>
        item.evidence.map(
          (r) =>
            `${r.feature} ${r.level} (${r.weight >= 0 ? '+' : ''}${Number(r.weight).toFixed(2)})${r.detail ? `: ${r.detail}` : ''}`,
        ),
    }),
  }),
});

builder.queryField('reviewQueue', (t) =>
  t.field({
    type: [ReviewItemRef],
    authScopes: { analyst: true },
    description:
      'Undecided proposals you may see, highest impact first: those that would merge networks, then those that would join a victim to a controller, then by score.',
    args: {
      first: t.arg.int({
        required: false,
        description: `How many (1 to ${REVIEW_QUEUE_DEFAULTS.max}); default ${REVIEW_QUEUE_DEFAULTS.first}.`,
      }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? REVIEW_QUEUE_DEFAULTS.first;
      if (!(first >= 1 && first <= REVIEW_QUEUE_DEFAULTS.max)) {
        throw expectedError(
          'BAD_USER_INPUT',
          `reviewQueue: first must be from 1 to ${REVIEW_QUEUE_DEFAULTS.max}, got ${first}.`,
          { argument: 'first' },
        );
      }
      return reviewQueue(await ctx.scope(), first, config().resolution.reviewScore);
    },
  }),
);
