/**
 * A network's risk score, explained point by point.
 *
 * Attribution: a match belongs to a network when one of its actors is a member. Its share there is
 * 1 when one of its beneficiaries is a member, else the fraction of its actors that are members.
 *
 * Points: for each indicator i, with F_i = Σ share × strength over its matches in the network,
 *   P_i = weight_i × (F_i <= 1 ? F_i : 1 + log2(F_i))
 * (repeats add less and less: ten crowded addresses are not ten times one), shared among the matches
 * in proportion to share × strength. Then two multipliers apply to every point:
 *   × (1 + crossCategoryBonus) when the evidence spans >= 2 categories (THB, FINANCIAL, BENEFIT):
 *     the network links trafficking to financial or benefit fraud;
 *   × contextOnlyFactor when no `control` indicator matched: circumstances that also fit large
 *     families, care homes and big employers never outrank signs that someone controls the money.
 * The score is the sum of the contributions, so every point traces to a match and its evidence.
 *
 * Offender rank: a member earns the points of contributions whose match names them as beneficiary
 * (shared equally among the beneficiaries in the network). Recorded victims earn nothing and are
 * listed as victims; members only ever exposed by matches are listed as possibly exploited. So are
 * members others control (control.ts isControlled: their documents, travel, benefit or money go to
 * someone else): a pattern that names them as beneficiary (the shared work phone, an account opened
 * with the others) describes what is done to them, and they earn nothing either.
 */
import type { IndicatorCategory } from '../model/roles.ts';
import { isControlled } from './control.ts';
import { isRecordedVictim, resolveParams } from './hgraph.ts';
import { isMinor } from './minors.ts';
import type { HGraph, IndicatorDefinition, IndicatorMatch } from './types.ts';

export interface RiskOptions {
  crossCategoryBonus: number;
  contextOnlyFactor: number;
  /** Per-indicator weight overrides. */
  weights: Record<string, number>;
}

export const DEFAULTS: RiskOptions = {
  crossCategoryBonus: 0.5,
  contextOnlyFactor: 0.5,
  weights: {},
};

export interface Contribution {
  match: string;
  indicator: string;
  version: number;
  category: IndicatorCategory;
  weight: number;
  strength: number;
  share: number;
  points: number;
}

export interface RiskExplanation {
  score: number;
  /** Sum of indicator points before multipliers. */
  base: number;
  multipliers: { crossCategory: number; contextOnly: number };
  categories: IndicatorCategory[];
  /** Evidence spans >= 2 categories. */
  linksCategories: boolean;
  byIndicator: Array<{ indicator: string; matches: number; points: number }>;
  contributions: Contribution[];
}

export interface MemberRisk {
  node: string;
  offenderScore: number;
  recordedVictim: boolean;
  /** Others control this member (control.ts isControlled): never an offender. */
  controlled: boolean;
  /** Under 18 at a fact the run read, or today (minors.ts): a person to protect, never an offender. */
  minor: boolean;
  exposed: boolean;
}

export interface NetworkRisk {
  explanation: RiskExplanation;
  members: MemberRisk[];
  /** Non-victim members with offender points, highest first. */
  offenders: string[];
  victims: string[];
  possiblyExploited: string[];
}

type Indicators = ReadonlyMap<string, Pick<IndicatorDefinition, 'weight' | 'kind'>>;

export function resolveRiskOptions(input: Partial<RiskOptions> = {}): RiskOptions {
  const options = resolveParams('analyse/risk', DEFAULTS, input);
  if (options.crossCategoryBonus < 0 || options.contextOnlyFactor < 0 || options.contextOnlyFactor > 1) {
    throw new Error('analyse/risk: crossCategoryBonus must be >= 0 and contextOnlyFactor within [0, 1]');
  }
  return options;
}

export function scoreNetwork(
  graph: HGraph,
  members: readonly string[],
  matches: readonly IndicatorMatch[],
  indicators: Indicators,
  input: Partial<RiskOptions> = {},
): NetworkRisk {
  const options = resolveRiskOptions(input);
  const memberSet = new Set(members);
  const attributed: Array<{ match: IndicatorMatch; share: number }> = [];
  for (const match of matches) {
    const inside = match.actors.filter((a) => memberSet.has(a)).length;
    if (inside === 0) continue;
    const share = match.beneficiaries.some((b) => memberSet.has(b)) ? 1 : inside / match.actors.length;
    attributed.push({ match, share });
  }
  const byIndicator = new Map<string, Array<{ match: IndicatorMatch; share: number }>>();
  for (const entry of attributed) {
    const list = byIndicator.get(entry.match.indicator) ?? [];
    list.push(entry);
    byIndicator.set(entry.match.indicator, list);
  }
  const categories = [...new Set(attributed.map((e) => e.match.category))].sort() as IndicatorCategory[];
  const linksCategories = categories.length >= 2;
  const control = attributed.some((e) => indicators.get(e.match.indicator)?.kind === 'control');
  const crossCategory = linksCategories ? 1 + options.crossCategoryBonus : 1;
  const contextOnly = control || attributed.length === 0 ? 1 : options.contextOnlyFactor;
  const multiplier = crossCategory * contextOnly;

  const contributions: Contribution[] = [];
  const summary: RiskExplanation['byIndicator'] = [];
  let base = 0;
  for (const [indicator, entries] of [...byIndicator].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const definition = indicators.get(indicator);
    if (!definition) {
      throw new Error(
        `analyse/risk: match of unknown indicator "${indicator}"; pass the registry it came from`,
      );
    }
    const weight = options.weights[indicator] ?? definition.weight;
    const total = entries.reduce((sum, e) => sum + e.share * e.match.strength, 0);
    const points = weight * (total <= 1 ? total : 1 + Math.log2(total));
    base += points;
    summary.push({ indicator, matches: entries.length, points: points * multiplier });
    for (const { match, share } of entries) {
      contributions.push({
        match: match.id,
        indicator,
        version: match.version,
        category: match.category,
        weight,
        strength: match.strength,
        share,
        points: total === 0 ? 0 : ((points * share * match.strength) / total) * multiplier,
      });
    }
  }
  const score = contributions.reduce((sum, c) => sum + c.points, 0);

  const offenderScore = new Map<string, number>();
  const exposed = new Set<string>();
  const matchById = new Map(attributed.map((e) => [e.match.id, e.match]));
  for (const contribution of contributions) {
    const match = matchById.get(contribution.match)!;
    const inside = match.beneficiaries.filter((b) => memberSet.has(b));
    for (const beneficiary of inside) {
      offenderScore.set(
        beneficiary,
        (offenderScore.get(beneficiary) ?? 0) + contribution.points / inside.length,
      );
    }
    for (const person of match.exposed) if (memberSet.has(person)) exposed.add(person);
  }
  const memberRisks: MemberRisk[] = [...members].sort().map((node) => {
    const recordedVictim = graph.hasNode(node) && isRecordedVictim(graph, node);
    const controlled = !recordedVictim && isControlled(graph, node);
    const minor = isMinor(graph, node);
    return {
      node,
      offenderScore: recordedVictim || controlled || minor ? 0 : (offenderScore.get(node) ?? 0),
      recordedVictim,
      controlled,
      minor,
      exposed: exposed.has(node) || controlled,
    };
  });
  const offenders = memberRisks
    .filter((m) => !m.recordedVictim && !m.controlled && !m.minor && m.offenderScore > 0)
    .sort((a, b) => b.offenderScore - a.offenderScore || (a.node < b.node ? -1 : 1))
    .map((m) => m.node);
  return {
    explanation: {
      score,
      base,
      multipliers: { crossCategory, contextOnly },
      categories,
      linksCategories,
      byIndicator: summary.sort((a, b) => b.points - a.points || (a.indicator < b.indicator ? -1 : 1)),
      contributions,
    },
    members: memberRisks,
    offenders,
    victims: memberRisks.filter((m) => m.recordedVictim).map((m) => m.node),
    possiblyExploited: memberRisks
      .filter((m) => !m.recordedVictim && m.exposed && m.offenderScore === 0)
      .map((m) => m.node),
  };
}
