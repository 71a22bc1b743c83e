/**
 * The contract for stored analysis results: what an indicator match is when analyse/ computes it,
 * when store/ writes it to an :IndicatorMatch node, and when store/ reads it back for serve/. It is
 * declared once, here in model/, because every layer may import model/ (biome.json's layering rules).
 *
 * Every AnalysisRun carries the `contractVersion` its results were written with, so a reader knows
 * the shape. Runs written before the field existed have none and are version 1: the shape below is
 * the one they were written with. A run of a newer version than this code knows is refused with a
 * message that says so (`assertReadableContract`), never misread.
 */
import type { IndicatorCategory } from './roles.ts';
import { INDICATOR_CATEGORIES } from './roles.ts';

/**
 * The version written on new runs. Raise it when the stored shape changes, and teach
 * `matchFromStored` to read the older versions it still must (or refuse them there, by name).
 */
export const ANALYSIS_CONTRACT_VERSION = 1;
/** The oldest version this code reads. */
export const OLDEST_READABLE_CONTRACT_VERSION = 1;

/** Figures that make a match readable: counts, amounts, dates. */
export type MatchFacts = Record<string, string | number | boolean>;

/** One match of one indicator, with the evidence that makes it checkable. */
export interface IndicatorMatch {
  /** Stable within a graph: `<indicator>@<version>:<subject>`. */
  id: string;
  indicator: string;
  version: number;
  category: IndicatorCategory;
  /** The node the pattern centres on (an account, a phone, an address, a person...). */
  subject: string;
  /** Evidence: entity ids and relationship ids (keys of the heterogeneous graph). */
  nodes: string[];
  relationships: string[];
  /** Persons and organisations involved; used to attribute the match to networks. */
  actors: string[];
  /** Actors the pattern points at as controlling or profiting (offender rank counts only these). */
  beneficiaries: string[];
  /** Actors the pattern shows as possibly exploited (never given offender points). */
  exposed: string[];
  /** Multiplier of the indicator's weight for this match (1 unless a documented param says more). */
  strength: number;
  facts: MatchFacts;
}

/** A match as written to its :IndicatorMatch node: Neo4j holds no maps, so facts are JSON. */
export interface StoredMatch extends Omit<IndicatorMatch, 'facts'> {
  /** Whether the match counts towards some network's risk. */
  attributed: boolean;
  factsJson: string;
}

/** A match as read back for one network: its stored id, its own id, and what it adds to the risk. */
export interface NetworkMatch extends IndicatorMatch {
  /** `<runId>/<match id>`: unique over all runs. */
  id: string;
  /** The match's own id within its run (`<indicator>@<version>:<subject>`). */
  matchId: string;
  points: number;
  share: number;
}

export function matchToStored(match: IndicatorMatch, attributed: boolean): StoredMatch {
  const { facts, ...rest } = match;
  return { ...rest, attributed, factsJson: JSON.stringify(facts) };
}

/** The contract version of a stored run: its `contractVersion`, or 1 for runs written before it. */
export function contractVersionOf(stored: unknown): number {
  return typeof stored === 'number' && Number.isInteger(stored) ? stored : 1;
}

/** Throws a message naming the run and the versions when this code cannot read its results. */
export function assertReadableContract(runId: string, version: number): void {
  if (version > ANALYSIS_CONTRACT_VERSION || version < OLDEST_READABLE_CONTRACT_VERSION) {
    throw new Error(
      `model/analysis-contract: run ${runId} was stored with analysis contract version ${version}; ` +
        `this Skein reads versions ${OLDEST_READABLE_CONTRACT_VERSION} to ${ANALYSIS_CONTRACT_VERSION}. ` +
        (version > ANALYSIS_CONTRACT_VERSION
          ? 'Upgrade Skein to read it, or run the detection again.'
          : 'Run the detection again to store it in the current shape.'),
    );
  }
}

type StoredValue = unknown;

const strings = (value: StoredValue): string[] => (Array.isArray(value) ? value.map(String) : []);

function facts(json: StoredValue, where: string): MatchFacts {
  if (typeof json !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as MatchFacts;
  } catch {
    // reported below
  }
  throw new Error(`model/analysis-contract: the facts of match ${where} are not a JSON object: ${json}`);
}

function category(value: StoredValue, where: string): IndicatorCategory {
  if ((INDICATOR_CATEGORIES as readonly unknown[]).includes(value)) return value as IndicatorCategory;
  throw new Error(
    `model/analysis-contract: match ${where} has category ${String(value)}, not one of ${INDICATOR_CATEGORIES.join(', ')}`,
  );
}

/**
 * A stored match (the properties of its :IndicatorMatch node and of its MATCHED relationship) in the
 * contract's shape, for a run of contract `version`. Every version this code reads is handled here.
 */
export function matchFromStored(
  props: Record<string, StoredValue>,
  link: { points: StoredValue; share: StoredValue },
  version: number,
): NetworkMatch {
  const where = String(props.id);
  assertReadableContract(String(props.runId ?? where.split('/')[0]), version);
  return {
    id: where,
    matchId: String(props.matchId),
    indicator: String(props.indicator),
    version: Number(props.version),
    category: category(props.category, where),
    subject: String(props.subject),
    nodes: strings(props.nodes),
    relationships: strings(props.relationships),
    actors: strings(props.actors),
    beneficiaries: strings(props.beneficiaries),
    exposed: strings(props.exposed),
    strength: Number(props.strength ?? 1),
    facts: facts(props.factsJson, where),
    points: Number(link.points),
    share: Number(link.share),
  };
}

/** How a run's networks relate to its previous run's (stable ids), as computed and as read back. */
export interface NetworkChanges {
  new: string[];
  stable: string[];
  grown: string[];
  shrunk: string[];
  merged: Array<{ id: string; from: string[] }>;
  split: Array<{ from: string; into: string[] }>;
  dissolved: string[];
}
