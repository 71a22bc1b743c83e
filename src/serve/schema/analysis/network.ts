/**
 * Network: a community found by a detection run, with its members and their roles, key actors,
 * the links between members, indicator matches with their evidence, and the explanation of its risk.
 */

import type { MemberRole, NetworkEdge } from '../../../analyse/pipeline.ts';
import type { RiskExplanation } from '../../../analyse/risk.ts';
import type { Flow, NetworkSummary } from '../../../analyse/summary.ts';
import { INDICATOR_CATEGORIES, storedCaseRole } from '../../../model/roles.ts';
import type {
  LinkedNetworkRecord,
  MatchRecord,
  MemberRecord,
  NetworkDetail,
  NetworkRecord,
} from '../../../store/read/analysis.ts';
import { getNetwork } from '../../../store/read/analysis.ts';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { CaseRoleEnum } from '../entities/person.ts';
import { EntityInterface } from '../entity.ts';
import { NetworkMemberRoleEnum } from '../enums.ts';

export const IndicatorCategoryEnum = builder.enumType('IndicatorCategory', {
  description:
    'THB: trafficking in human beings; FINANCIAL: money laundering and financial fraud; BENEFIT: welfare-benefit fraud.',
  values: INDICATOR_CATEGORIES,
});

// The stored JSON has the shapes the analysis wrote (kinds are counted as numbers here).
type Summary = Partial<NetworkSummary>;
type Explanation = Pick<RiskExplanation, 'score' | 'base' | 'multipliers' | 'byIndicator'>;
type ProjectedEdge = Omit<NetworkEdge, 'kinds'> & { kinds: Record<string, number> };

/** Loads a network's detail once per request (members, matches, edges share one query). */
async function detail(network: NetworkRecord, ctx: Context): Promise<NetworkDetail> {
  const key = `network:${network.id}`;
  let pending = ctx.memo.get(key) as Promise<NetworkDetail | null> | undefined;
  if (!pending) {
    pending = ctx.scope().then((scope) => getNetwork(network.id, scope));
    ctx.memo.set(key, pending);
  }
  const found = await pending;
  if (!found) throw new Error(`network ${network.id} vanished`);
  return found;
}

const CountRef = builder.objectRef<{ key: string; count: number }>('KeyCount').implement({
  authScopes: { analyst: true },
  fields: (t) => ({ key: t.exposeString('key'), count: t.exposeInt('count') }),
});

const FlowRef = builder.objectRef<Flow>('NetworkFlow').implement({
  authScopes: { analyst: true },
  fields: (t) => ({
    relationshipId: t.exposeString('relationship'),
    fromId: t.exposeString('from'),
    toId: t.exposeString('to'),
    amount: t.exposeFloat('amount'),
    currency: t.exposeString('currency', { nullable: true }),
    at: t.exposeString('at', { nullable: true }),
    kind: t.exposeString('kind'),
  }),
});

const MemberRef = builder.objectRef<MemberRecord>('NetworkMember').implement({
  description: 'A member of a network. Recorded victims have role VICTIM and are never ranked as offenders.',
  authScopes: { analyst: true },
  fields: (t) => ({
    entityId: t.exposeString('id'),
    label: t.exposeString('label'),
    name: t.exposeString('name', { nullable: true }),
    entity: t.field({
      type: EntityInterface,
      nullable: true,
      resolve: (m, _a, ctx) => ctx.loaders.entity.load(m.id),
    }),
    role: t.field({ type: NetworkMemberRoleEnum, resolve: (m) => m.role as MemberRole }),
    recordedRoles: t.field({
      type: [CaseRoleEnum],
      description: 'The case roles recorded for this person in the cases the run read.',
      resolve: (m) => [...new Set(m.recordedRoles.map((r) => storedCaseRole(r).toUpperCase() as 'VICTIM'))],
    }),
    centrality: t.exposeFloat('centrality'),
    pagerank: t.exposeFloat('pagerank'),
    betweenness: t.exposeFloat('betweenness'),
    offenderScore: t.exposeFloat('offenderScore', {
      description: 'Points of the indicator matches naming this member as beneficiary.',
    }),
    controlScore: t.exposeFloat('controlScore', {
      description:
        'Directed control over other members without any pattern: holding their documents, paying their ' +
        'travel, taking their benefits, calling them all, owning the address they are registered at ' +
        '(0 for victims). Offenders are ranked by offenderScore + controlScore.',
    }),
    control: t.field({
      type: [CountRef],
      description:
        'Distinct other members controlled, per kind (documents, travel, benefits, calls, addresses).',
      resolve: (m) => counts(m.control),
    }),
    offenderRank: t.exposeInt('offenderRank', {
      nullable: true,
      description: 'Null for victims and members without offender or control points.',
    }),
    identityId: t.exposeString('identity', {
      nullable: true,
      description:
        'When the run read this record as one identity with others (joined by SAME_AS): that identity ' +
        '(`identity:<first record>`). Every record of it is a member, with the same role and scores.',
    }),
  }),
});

const MatchRef = builder.objectRef<MatchRecord>('IndicatorMatch').implement({
  description: 'One match of a cited indicator, with the entities and relationships that are its evidence.',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.exposeString('id'),
    indicator: t.exposeString('indicator'),
    version: t.exposeInt('version'),
    category: t.field({ type: IndicatorCategoryEnum, resolve: (m) => m.category as 'THB' }),
    subjectId: t.exposeString('subject'),
    evidenceEntityIds: t.exposeStringList('nodes'),
    evidenceRelationshipIds: t.exposeStringList('relationships'),
    actorIds: t.exposeStringList('actors'),
    beneficiaryIds: t.exposeStringList('beneficiaries'),
    exposedIds: t.exposeStringList('exposed', {
      description: 'People the pattern exposes to harm (possible victims).',
    }),
    strength: t.exposeFloat('strength'),
    points: t.exposeFloat('points', { description: 'Points this match adds to the network’s risk.' }),
    share: t.exposeFloat('share', { description: 'Fraction of the risk score that comes from this match.' }),
    facts: t.field({
      type: 'JSON',
      description: 'What was measured (counts, amounts, dates).',
      resolve: (m) => m.facts,
    }),
  }),
});

const ContributionRef = builder
  .objectRef<{ indicator: string; matches: number; points: number }>('ScoreContribution')
  .implement({
    authScopes: { analyst: true },
    fields: (t) => ({
      indicator: t.exposeString('indicator'),
      matches: t.exposeInt('matches'),
      points: t.exposeFloat('points'),
    }),
  });

const ExplanationRef = builder.objectRef<Explanation>('RiskExplanation').implement({
  description:
    'How the risk score is made: points per indicator, then multipliers. Every point traces to a match.',
  authScopes: { analyst: true },
  fields: (t) => ({
    score: t.exposeFloat('score'),
    base: t.exposeFloat('base', { description: 'Sum of indicator points before multipliers.' }),
    crossCategoryMultiplier: t.float({ resolve: (e) => e.multipliers.crossCategory }),
    contextOnlyMultiplier: t.float({ resolve: (e) => e.multipliers.contextOnly }),
    byIndicator: t.field({ type: [ContributionRef], resolve: (e) => e.byIndicator }),
  }),
});

const LinkRef = builder.objectRef<ProjectedEdge>('NetworkLink').implement({
  description:
    'A weighted link between two members in the projected graph (money, calls, shared identifiers…).',
  authScopes: { analyst: true },
  fields: (t) => ({
    sourceId: t.exposeString('source'),
    targetId: t.exposeString('target'),
    weight: t.exposeFloat('weight'),
    kinds: t.field({
      type: [CountRef],
      description: 'What the link is made of, with each kind’s share of the weight.',
      resolve: (e) =>
        Object.entries(e.kinds).map(([key, count]) => ({ key, count: Math.round(Number(count)) })),
    }),
  }),
});

type SharedNodeRecord = LinkedNetworkRecord['shared'][number];

const SharedNodeRef = builder.objectRef<SharedNodeRecord>('SharedNode').implement({
  description:
    'A node two networks share (a recruiter, a transport payer, an ad platform): tied to members of both.',
  authScopes: { analyst: true },
  fields: (t) => ({
    entityId: t.exposeString('node'),
    label: t.exposeString('label'),
    entity: t.field({
      type: EntityInterface,
      nullable: true,
      resolve: (s, _a, ctx) => ctx.loaders.entity.load(s.node),
    }),
    memberOfNetworkId: t.string({
      nullable: true,
      description: 'The network of the run it is a member of, if any.',
      resolve: (s) => s.memberOf ?? null,
    }),
    kinds: t.stringList({
      description:
        'Kinds of links between the node and the other side, strongest first (travel-payer, call…).',
      resolve: (s) => s.kinds,
    }),
    weight: t.exposeFloat('weight', { description: 'Summed link weight to the other side.' }),
    infrastructure: t.exposeBoolean('infrastructure', {
      description: 'The detection cut a community at this node: rings it joined were separated.',
    }),
  }),
});

const LinkedNetworkRef = builder.objectRef<LinkedNetworkRecord>('LinkedNetwork').implement({
  description:
    'Another network of the same run that shares nodes with this one ("shares a recruiter with #4").',
  authScopes: { analyst: true },
  fields: (t) => ({
    networkId: t.exposeString('network'),
    rank: t.exposeInt('rank'),
    shared: t.field({ type: [SharedNodeRef], resolve: (l) => l.shared }),
  }),
});

const counts = (record: Record<string, number> | undefined) =>
  Object.entries(record ?? {})
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

export const NetworkRef = builder.objectRef<NetworkRecord>('Network').implement({
  description: 'A network found by a detection run, ranked by explained risk.',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Unique per run: "<runId>/<stableId>".' }),
    stableId: t.exposeString('stableId', {
      description: 'Kept across runs while membership barely changes.',
    }),
    runId: t.exposeString('runId'),
    parentId: t.exposeString('parent', {
      nullable: true,
      description: 'The larger community this one was split from.',
    }),
    rank: t.exposeInt('rank', {
      description: 'Position in the ranking: units by risk, the pieces of one unit one after the other.',
    }),
    unitId: t.exposeString('unit', {
      nullable: true,
      description:
        'The unit it is ranked in: the parent key it was split from for size (its pieces are ranked together), else its own key.',
    }),
    unitRank: t.exposeInt('unitRank', { nullable: true, description: 'Rank of its unit among units.' }),
    unitRisk: t.exposeFloat('unitRisk', {
      nullable: true,
      description: 'Risk of its unit: the parent scored as a whole or its best piece, whichever is higher.',
    }),
    linkedNetworks: t.field({
      type: [LinkedNetworkRef],
      description: 'Networks that share nodes with this one (recruiters, payers…), most shared first.',
      resolve: (n) => n.linkedNetworks,
    }),
    size: t.exposeInt('size'),
    risk: t.exposeFloat('risk'),
    categories: t.field({
      type: [IndicatorCategoryEnum],
      resolve: (n) => n.categories as ('THB' | 'FINANCIAL' | 'BENEFIT')[],
    }),
    linksCategories: t.exposeBoolean('linksCategories', {
      description: 'Evidence spans two or more categories: links trafficking to financial or benefit fraud.',
    }),
    keyActorIds: t.exposeStringList('keyActors'),
    offenderIds: t.exposeStringList('offenders', {
      description: 'Non-victim members with offender points, highest first.',
    }),
    victimIds: t.exposeStringList('victims'),
    possiblyExploitedIds: t.exposeStringList('possiblyExploited'),
    membersByType: t.field({
      type: [CountRef],
      resolve: (n) => counts((n.summary as Summary).membersByLabel),
    }),
    countries: t.field({ type: [CountRef], resolve: (n) => counts((n.summary as Summary).countries) }),
    timeFrom: t.string({ nullable: true, resolve: (n) => (n.summary as Summary).timeSpan?.from ?? null }),
    timeTo: t.string({ nullable: true, resolve: (n) => (n.summary as Summary).timeSpan?.to ?? null }),
    moneyIn: t.float({ resolve: (n) => (n.summary as Summary).money?.in ?? 0 }),
    moneyOut: t.float({ resolve: (n) => (n.summary as Summary).money?.out ?? 0 }),
    moneyInternal: t.float({ resolve: (n) => (n.summary as Summary).money?.internal ?? 0 }),
    largestFlows: t.field({ type: [FlowRef], resolve: (n) => (n.summary as Summary).money?.largest ?? [] }),
    routes: t.field({
      type: [CountRef],
      resolve: (n) => ((n.summary as Summary).routes ?? []).map((r) => ({ key: r.route, count: r.journeys })),
    }),
    explanation: t.field({ type: ExplanationRef, resolve: (n) => n.explanation as Explanation }),
    members: t.field({
      type: [MemberRef],
      description: 'Members, most central first.',
      resolve: async (n, _a, ctx) => (await detail(n, ctx)).members,
    }),
    keyActors: t.field({
      type: [MemberRef],
      resolve: async (n, _a, ctx) => {
        const members = new Map((await detail(n, ctx)).members.map((m) => [m.id, m]));
        return n.keyActors.map((id) => members.get(id)).filter((m): m is MemberRecord => m !== undefined);
      },
    }),
    links: t.field({
      type: [LinkRef],
      resolve: async (n, _a, ctx) => (await detail(n, ctx)).edges as ProjectedEdge[],
    }),
    indicators: t.field({
      type: [MatchRef],
      description: 'Indicator matches, most points first.',
      resolve: async (n, _a, ctx) => (await detail(n, ctx)).matches,
    }),
  }),
});
