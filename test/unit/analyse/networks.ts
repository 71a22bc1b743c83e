/** A hand-built detected network for ranking tests: one point per match, rank and unit to be set. */
import type { DetectedNetwork } from '../../../src/analyse/pipeline.ts';
import type { IndicatorMatch } from '../../../src/analyse/types.ts';

export function rankedNetwork(
  key: string,
  members: string[],
  risk: number,
  matches: IndicatorMatch[],
  parent?: string,
): DetectedNetwork {
  return {
    id: key,
    key,
    ...(parent !== undefined ? { parent } : {}),
    risk,
    size: members.length,
    rank: 0,
    unit: key,
    unitRank: 0,
    unitRisk: 0,
    members: members.map((node) => ({ node })),
    explanation: {
      contributions: matches.map((m) => ({ match: m.id, indicator: m.indicator, points: 1 })),
    },
  } as unknown as DetectedNetwork;
}
