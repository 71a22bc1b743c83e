/**
 * The GraphQL the page sends, and the shapes it reads back. Field names follow schema/schema.graphql
 * (the printed SDL); this is the only file to touch when the API renames something.
 */
import { graphql } from './api.ts';

export interface IndicatorSummary {
  indicator: string;
  matches: number;
  points: number;
}

export interface Explanation {
  score: number;
  base: number;
  crossCategoryMultiplier: number;
  contextOnlyMultiplier: number;
  byIndicator: IndicatorSummary[];
}

export interface LinkedNetwork {
  networkId: string;
  rank: number;
  shared: { entityId: string; label: string; kinds: string[] }[];
}

export interface NetworkSummary {
  id: string;
  runId: string;
  rank: number;
  /** The unit it is ranked in (the parent it was split from for size, else its own key). */
  unitId: string | null;
  unitRank: number | null;
  parentId: string | null;
  linkedNetworks: LinkedNetwork[];
  risk: number;
  size: number;
  categories: string[];
  linksCategories: boolean;
  countries: { key: string; count: number }[];
  timeFrom: string | null;
  timeTo: string | null;
  explanation: Explanation;
}

export interface IndicatorMatch {
  id: string;
  indicator: string;
  category: string;
  points: number;
  share: number;
  evidenceEntityIds: string[];
  evidenceRelationshipIds: string[];
  /** What was measured, as JSON text. */
  /** What was measured (the JSON scalar: an object, not a string). */
  facts: Record<string, unknown>;
}

/** Whose extracts hold a network's evidence (Network.jurisdictions), as the viewer may see them. */
export interface NetworkJurisdiction {
  jurisdiction: string;
  extractIds: string[];
  members: number;
  rows: number;
  money: { currency: string | null; payments: number; total: number }[];
}

export interface NetworkDetail extends NetworkSummary {
  jurisdictions: NetworkJurisdiction[];
  moneyIn: number;
  moneyOut: number;
  moneyInternal: number;
  indicators: IndicatorMatch[];
}

export interface NetworkPage {
  totalCount: number;
  networks: NetworkSummary[];
  endCursor: string | null;
  hasNextPage: boolean;
}

const SUMMARY_FIELDS = `
  id runId rank unitId unitRank parentId risk size categories linksCategories
  linkedNetworks { networkId rank shared { entityId label kinds } }
  countries { key count }
  timeFrom timeTo
  explanation { score base crossCategoryMultiplier contextOnlyMultiplier byIndicator { indicator matches points } }`;

export const NETWORKS = `
query Networks($first: Int, $after: String, $categories: [IndicatorCategory!], $minSize: Int) {
  networks(orderBy: RISK, first: $first, after: $after, categories: $categories, minSize: $minSize) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { node { ${SUMMARY_FIELDS} } }
  }
}`;

export const NETWORK = `
query Network($id: String!) {
  network(id: $id) {
    ${SUMMARY_FIELDS}
    moneyIn moneyOut moneyInternal
    jurisdictions { jurisdiction extractIds members rows money { currency payments total } }
    indicators { id indicator category points share evidenceEntityIds evidenceRelationshipIds facts }
  }
}`;

export const SEARCH = `
query Search($text: String!) {
  search(text: $text, first: 12) {
    totalCount
    edges { node { entityId label name } }
  }
}`;

export interface NetworkFilter {
  categories?: string[];
  minSize?: number;
  first?: number;
  after?: string | null;
}

interface NetworksData {
  networks: {
    totalCount: number;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    edges: { node: NetworkSummary }[];
  };
}

export async function listNetworks(filter: NetworkFilter): Promise<NetworkPage> {
  const variables: Record<string, unknown> = { first: filter.first ?? 50, after: filter.after ?? null };
  if (filter.categories && filter.categories.length > 0) variables.categories = filter.categories;
  if (filter.minSize) variables.minSize = filter.minSize;
  const data = await graphql<NetworksData>(NETWORKS, variables);
  return {
    totalCount: data.networks.totalCount,
    networks: data.networks.edges.map((e) => e.node),
    endCursor: data.networks.pageInfo.endCursor,
    hasNextPage: data.networks.pageInfo.hasNextPage,
  };
}

export async function getNetwork(id: string): Promise<NetworkDetail> {
  const data = await graphql<{ network: NetworkDetail }>(NETWORK, { id });
  return data.network;
}

export interface SearchHit {
  entityId: string;
  label: string;
  name: string | null;
}

export async function searchEntities(text: string): Promise<{ totalCount: number; hits: SearchHit[] }> {
  const data = await graphql<{ search: { totalCount: number; edges: { node: SearchHit }[] } }>(SEARCH, {
    text,
  });
  return { totalCount: data.search.totalCount, hits: data.search.edges.map((e) => e.node) };
}

// ---- entity resolution: a record's matches and the investigator's judgements ----------------------

export interface MatchReason {
  feature: string;
  level: string;
  weight: number;
  detail: string | null;
}

export interface JudgementSummary {
  id: string;
  decision: 'CONFIRMED' | 'REJECTED';
  author: string;
  reason: string;
  at: string;
  active: boolean;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
}

export interface MatchSummary {
  id: string;
  kind: 'SAME_AS' | 'POSSIBLY_SAME_AS' | 'NOT_SAME_AS';
  by: string;
  score: number | null;
  matchWeight: number | null;
  status: 'UNDECIDED' | 'CONFIRMED' | 'REJECTED';
  jurisdictions: string[];
  reasons: MatchReason[];
  record: { entityId: string; label: string; name: string | null };
  judgement: JudgementSummary | null;
  judgements: JudgementSummary[];
}

const JUDGEMENT_FIELDS = 'id decision author reason at active withdrawnAt withdrawnBy withdrawReason';
const MATCH_FIELDS = `id kind by score matchWeight status jurisdictions
  reasons { feature level weight detail }
  record { entityId label name }
  judgement { ${JUDGEMENT_FIELDS} }
  judgements { ${JUDGEMENT_FIELDS} }`;

export const POSSIBLE_MATCHES = `
query PossibleMatches($id: ID!) {
  entity(id: $id) {
    ... on Person { possibleMatches { ${MATCH_FIELDS} } }
    ... on Organisation { possibleMatches { ${MATCH_FIELDS} } }
  }
}`;

export const CONFIRM_MATCH = `
mutation ConfirmMatch($input: JudgeMatchInput!) { confirmMatch(input: $input) { ${JUDGEMENT_FIELDS} } }`;
export const REJECT_MATCH = `
mutation RejectMatch($input: JudgeMatchInput!) { rejectMatch(input: $input) { ${JUDGEMENT_FIELDS} } }`;
export const WITHDRAW_JUDGEMENT = `
mutation WithdrawJudgement($input: WithdrawJudgementInput!) { withdrawJudgement(input: $input) { ${JUDGEMENT_FIELDS} } }`;

export async function possibleMatches(entityId: string): Promise<MatchSummary[]> {
  const data = await graphql<{ entity: { possibleMatches?: MatchSummary[] } }>(POSSIBLE_MATCHES, {
    id: entityId,
  });
  return data.entity.possibleMatches ?? [];
}

export async function judgeMatch(
  decision: 'confirm' | 'reject',
  input: { a: string; b: string; reason: string },
): Promise<JudgementSummary> {
  if (decision === 'confirm') {
    return (await graphql<{ confirmMatch: JudgementSummary }>(CONFIRM_MATCH, { input })).confirmMatch;
  }
  return (await graphql<{ rejectMatch: JudgementSummary }>(REJECT_MATCH, { input })).rejectMatch;
}

export async function withdrawJudgement(input: { id: string; reason: string }): Promise<JudgementSummary> {
  return (await graphql<{ withdrawJudgement: JudgementSummary }>(WITHDRAW_JUDGEMENT, { input }))
    .withdrawJudgement;
}

export interface ReviewItem {
  id: string;
  impact: string;
  score: number;
  reasons: string[];
  networks: string[];
  evidence: string[];
  a: { entityId: string; name: string | null };
  b: { entityId: string; name: string | null };
}

export const REVIEW_QUEUE = `
query ReviewQueue($first: Int) {
  reviewQueue(first: $first) {
    id impact score reasons networks evidence
    a { entityId name }
    b { entityId name }
  }
}`;

export async function reviewQueue(first = 10): Promise<ReviewItem[]> {
  const data = await graphql<{ reviewQueue: ReviewItem[] }>(REVIEW_QUEUE, { first });
  return data.reviewQueue;
}
