/**
 * `possibleVictims(runId, networkId)`: the people a detection run shows as possibly exploited, each
 * with the indicator matches that point at them, for referral to victim support (store/read/
 * possible-victims.ts). A role recorded with `recordRole` counts at once, without a new run.
 */
import { getRun, latestCompletedRun, networkVisible } from '../../../store/read/analysis.ts';
import type { PossibleVictimRecord, VictimEvidence } from '../../../store/read/possible-victims.ts';
import { possibleVictims } from '../../../store/read/possible-victims.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { EntityInterface } from '../entity.ts';
import { arrayConnection } from '../pagination.ts';

const VictimEvidenceRef = builder.objectRef<VictimEvidence>('VictimEvidence').implement({
  description: 'An indicator match that shows the person as possibly exploited.',
  authScopes: { analyst: true },
  fields: (t) => ({
    matchId: t.exposeString('matchId', { description: 'The match, as `IndicatorMatch.id` gives it.' }),
    indicator: t.exposeString('indicator'),
    networkId: t.exposeString('networkId'),
    evidenceEntityIds: t.exposeStringList('evidenceEntityIds'),
  }),
});

const VictimNetworkRef = builder
  .objectRef<PossibleVictimRecord['networks'][number]>('VictimNetwork')
  .implement({
    authScopes: { analyst: true },
    fields: (t) => ({ networkId: t.exposeString('networkId'), rank: t.exposeInt('rank') }),
  });

const PossibleVictimRef = builder.objectRef<PossibleVictimRecord>('PossibleVictim').implement({
  description:
    'A person a detection run shows as possibly exploited (or a recorded victim), with the evidence for each: a person to protect, never an offender.',
  authScopes: { analyst: true },
  fields: (t) => ({
    entityId: t.exposeString('personId'),
    name: t.exposeString('name', { nullable: true }),
    entity: t.field({
      type: EntityInterface,
      nullable: true,
      resolve: (v, _a, ctx) => ctx.loaders.entity.load(v.personId),
    }),
    recordedVictim: t.exposeBoolean('recordedVictim', {
      description: 'A case records the person as a victim (at the run or since, in an extract you may see).',
    }),
    possiblyExploited: t.exposeBoolean('possiblyExploited', {
      description: 'The risk model counted the person possibly exploited in one of the networks.',
    }),
    networks: t.field({ type: [VictimNetworkRef], resolve: (v) => v.networks }),
    evidence: t.field({ type: [VictimEvidenceRef], resolve: (v) => v.evidence }),
  }),
});

builder.queryField('possibleVictims', (t) =>
  t.connection({
    type: PossibleVictimRef,
    authScopes: { analyst: true },
    description:
      'People a run shows as possibly exploited, with the evidence for each, for referral to victim support: recorded victims first, then most evidence. Default run: the newest completed run you may see.',
    args: {
      runId: t.arg.string({ required: false }),
      networkId: t.arg.string({ required: false, description: 'Only this network’s (of the run).' }),
    },
    resolve: async (_root, args, ctx) => {
      const scope = await ctx.scope();
      let runId = args.runId ?? null;
      if (args.networkId) {
        // A network id is "<runId>/<stableId>" (Network.id); visibility is its run's, checked here.
        const ofRun = args.networkId.slice(0, Math.max(0, args.networkId.indexOf('/')));
        if (!(await networkVisible(args.networkId, scope)) || (runId !== null && ofRun !== runId)) {
          throw expectedError('NOT_FOUND', `No network ${args.networkId}.`, { id: args.networkId });
        }
        runId = ofRun;
      }
      const run = runId ? await getRun(runId, scope) : await latestCompletedRun(scope);
      if (runId && !run) throw expectedError('NOT_FOUND', `No analysis run ${runId}.`, { id: runId });
      const list = run ? await possibleVictims(run.id, scope, { networkId: args.networkId ?? null }) : [];
      return arrayConnection(list, args);
    },
  }),
);
