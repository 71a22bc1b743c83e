/**
 * Fellegi–Sunter weights estimated from the data, as Splink does: u (how often a level occurs
 * between two records of different people) from random pairs, which are almost all non-matches; m
 * (how often it occurs between two records of one person) and the share of matches among candidates
 * by expectation–maximisation over the candidate pairs, with u held fixed. Pairs are aggregated by
 * comparison pattern first, so EM costs the number of patterns, not of pairs.
 */
import { comparisonOf, FEATURES, PATTERN_COUNT } from './compare.ts';

export interface Weights {
  /** m[feature][level] and u[feature][level]. */
  m: number[][];
  u: number[][];
  /** Share of matches among candidate pairs. */
  lambda: number;
  iterations: number;
  converged: boolean;
}

export const EM_DEFAULTS = {
  maxIterations: 50,
  tolerance: 1e-5,
  /** Added to every level's count: no level is ever impossible, so no weight is infinite. */
  smoothing: 1,
  initialLambda: 0.1,
};

/** u from pattern counts of random pairs (with smoothing). */
export function estimateU(randomCounts: Float64Array, smoothing = EM_DEFAULTS.smoothing): number[][] {
  const counts = FEATURES.map((feature) => new Array<number>(feature.levels.length).fill(smoothing));
  const comparison = new Int8Array(FEATURES.length);
  for (let pattern = 0; pattern < PATTERN_COUNT; pattern++) {
    const n = randomCounts[pattern]!;
    if (n === 0) continue;
    comparisonOf(pattern, comparison);
    for (let f = 0; f < FEATURES.length; f++) {
      const level = comparison[f]!;
      if (level >= 0) counts[f]![level]! += n;
    }
  }
  return counts.map(normalise);
}

function normalise(values: number[]): number[] {
  const total = values.reduce((sum, v) => sum + v, 0);
  return values.map((v) => v / total);
}

/**
 * Every level keeps at least `M_FLOOR` of m: a level never seen among one world's matches (a
 * different nationality on two records of one person) still happens in real data (dual nationals,
 * clerical errors), and a weight of -25 bits would let one field veto every other.
 */
export const M_FLOOR = 0.001;
export function withFloor(row: number[]): number[] {
  const share = M_FLOOR * row.length;
  return row.map((value) => value * (1 - share) + M_FLOOR);
}

/** Initial m: agreement levels likely among matches, falling geometrically towards disagreement. */
export function initialM(): number[][] {
  return FEATURES.map((feature) => normalise(feature.levels.map((_, level) => 0.5 ** (level * 1.5))));
}

/**
 * One EM session (Splink's `estimate_parameters_using_expectation_maximisation`): m of every feature
 * except the excluded ones (the feature the session's pairs were chosen by is neither used nor
 * estimated) and the held ones, and the share of matches among the session's pairs.
 */
export function estimateWeights(
  candidateCounts: Float64Array,
  u: number[][],
  options: Partial<typeof EM_DEFAULTS> & {
    /** Features left out of the session: its blocking feature, and features correlated with it. */
    exclude?: readonly number[];
    /** Features used with their m as given (initialM), not re-estimated. */
    hold?: readonly number[];
    initialM?: number[][];
  } = {},
): Weights {
  const settings = { ...EM_DEFAULTS, ...options };
  const used = FEATURES.map((_, f) => !(options.exclude ?? []).includes(f));
  const estimated = FEATURES.map((_, f) => used[f] && !(options.hold ?? []).includes(f));
  const patterns: { comparison: Int8Array; count: number }[] = [];
  for (let pattern = 0; pattern < PATTERN_COUNT; pattern++) {
    const count = candidateCounts[pattern]!;
    if (count > 0) patterns.push({ comparison: comparisonOf(pattern), count });
  }
  let m = options.initialM?.map((row) => [...row]) ?? initialM();
  let lambda = settings.initialLambda;
  let iterations = 0;
  let converged = false;
  while (iterations < settings.maxIterations && patterns.length > 0) {
    iterations++;
    const mCounts = FEATURES.map((feature) =>
      new Array<number>(feature.levels.length).fill(settings.smoothing * 1e-3),
    );
    let matches = 0;
    let total = 0;
    for (const { comparison, count } of patterns) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < FEATURES.length; f++) {
        const level = comparison[f]!;
        if (level < 0 || !used[f]) continue;
        pm *= m[f]![level]!;
        pu *= u[f]![level]!;
      }
      const posterior = pm / (pm + pu);
      matches += posterior * count;
      total += count;
      for (let f = 0; f < FEATURES.length; f++) {
        const level = comparison[f]!;
        if (level >= 0) mCounts[f]![level]! += posterior * count;
      }
    }
    const next = mCounts.map((row, f) => (estimated[f] ? withFloor(normalise(row)) : m[f]!));
    const nextLambda = Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9);
    let change = Math.abs(nextLambda - lambda);
    for (let f = 0; f < FEATURES.length; f++) {
      for (let level = 0; level < next[f]!.length; level++) {
        change = Math.max(change, Math.abs(next[f]![level]! - m[f]![level]!));
      }
    }
    m = next;
    lambda = nextLambda;
    if (change < settings.tolerance) {
      converged = true;
      break;
    }
  }
  return { m, u, lambda, iterations, converged };
}

/** Candidate pairs aggregated by pattern and name-frequency adjustment (bits). */
export interface PatternGroup {
  pattern: number;
  adjustment: number;
  count: number;
}

/**
 * The probability that two random records are one person (Splink's
 * `probability_two_random_records_match`), with m and u known: u was measured on random pairs, so the
 * prior must be the random pairs' too, not the candidates' (blocking already chose similar records;
 * counting that again would make every namesake a match). Pairs that blocking did not propose are
 * taken as non-matches. A one-parameter EM that cannot collapse.
 */
export function estimateLambda(
  groups: readonly PatternGroup[],
  m: number[][],
  u: number[][],
  allPairs: number,
  settings = EM_DEFAULTS,
): number {
  const ratios = groups.map(({ pattern, adjustment }) => {
    const comparison = comparisonOf(pattern);
    let ratio = 2 ** adjustment;
    for (let f = 0; f < FEATURES.length; f++) {
      const level = comparison[f]!;
      if (level >= 0) ratio *= m[f]![level]! / u[f]![level]!;
    }
    return ratio;
  });
  const total = Math.max(
    allPairs,
    groups.reduce((sum, group) => sum + group.count, 0),
  );
  let lambda = settings.initialLambda;
  for (let iteration = 0; iteration < settings.maxIterations * 4 && total > 0; iteration++) {
    let matches = 0;
    for (let g = 0; g < groups.length; g++) {
      const ratio = ratios[g]!;
      matches += (groups[g]!.count * lambda * ratio) / (lambda * ratio + 1 - lambda);
    }
    const next = Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9);
    if (Math.abs(next - lambda) <= next * settings.tolerance) return next;
    lambda = next;
  }
  return lambda;
}

export interface Contribution {
  feature: string;
  level: string;
  /** log2(m/u): positive is evidence for one person, negative against. */
  weight: number;
}

export interface PatternScore {
  /** Prior log-odds plus every contribution. */
  matchWeight: number;
  probability: number;
  contributions: Contribution[];
}

/**
 * The explained score of one comparison pattern: a waterfall of per-feature weights, plus the
 * name-frequency adjustment when names agree (Splink's term-frequency adjustment: "Uwe Müller" agreeing
 * is weaker evidence than a rare name agreeing).
 */
export function scorePattern(
  pattern: number,
  weights: Weights,
  nameFrequency?: { records: number; adjustment: number; detail?: string },
): PatternScore {
  const comparison = comparisonOf(pattern);
  const contributions: Contribution[] = [];
  let matchWeight = Math.log2(weights.lambda / (1 - weights.lambda));
  for (let f = 0; f < FEATURES.length; f++) {
    const level = comparison[f]!;
    if (level < 0) continue;
    const weight = Math.log2(weights.m[f]![level]! / weights.u[f]![level]!);
    matchWeight += weight;
    contributions.push({ feature: FEATURES[f]!.name, level: FEATURES[f]!.levels[level]!, weight });
  }
  if (nameFrequency && nameFrequency.adjustment !== 0) {
    matchWeight += nameFrequency.adjustment;
    contributions.push({
      feature: 'nameFrequency',
      level: nameFrequency.detail ?? `${nameFrequency.records} records of this name`,
      weight: nameFrequency.adjustment,
    });
  }
  const odds = 2 ** matchWeight;
  return { matchWeight, probability: odds / (1 + odds), contributions };
}
