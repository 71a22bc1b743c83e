/**
 * `node --import tsx scripts/bench/resolve-explain.ts [--seed 1] [--persons 3000] [--feature context] [--level shared]`
 *
 * The worked example of docs/resolution.md, re-computed: on a development world, the first true
 * pair proposed whose explanation has the given feature at the given level and that the feature
 * decides (default: a private contact in common, on a pair with no birth date on one side), with
 * both records, the prior and each contribution with its m and u.
 */
import { parseArgs } from 'node:util';
import { FEATURES } from '../../src/analyse/resolve/compare.ts';
import { resolveRecords } from '../../src/analyse/resolve/resolve.ts';
import { generateResolutionWorld } from '../../src/generate/resolution/records.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    persons: { type: 'string', default: '3000' },
    feature: { type: 'string', default: 'context' },
    level: { type: 'string', default: 'shared' },
  },
});
const persons = Number(values.persons);
const world = generateResolutionWorld({
  seed: Number(values.seed),
  persons,
  companies: Math.round(persons / 10),
});
const result = resolveRecords(world.records);
const byId = new Map(world.records.map((r) => [r.id, r]));
const { weights } = result.stats;
const match = result.proposed.find(
  (m) =>
    world.entityOf.get(m.a) === world.entityOf.get(m.b) &&
    !m.through &&
    // Nothing else personal in common: no shared identifier.
    !m.score.contributions.some((c) => c.feature === 'identifiers' && c.weight > 0) &&
    (!byId.get(m.a)!.birthDate || !byId.get(m.b)!.birthDate) &&
    m.score.contributions.some(
      (c) =>
        c.feature === values.feature &&
        c.level === values.level &&
        // The feature decides: without it the pair would not reach the threshold (0.5, weight 0).
        m.score.matchWeight - c.weight < 0,
    ),
);
if (!match) {
  console.log(`no true pair proposed with ${values.feature} = ${values.level}`);
  process.exit(1);
}
for (const id of [match.a, match.b]) {
  const r = byId.get(id)!;
  console.log(
    `${r.id}: names ${JSON.stringify(r.names)}, birth ${r.birthDate ?? '-'}, nationality ${r.nationality ?? '-'}, identifiers ${JSON.stringify(r.identifiers)}, addresses ${JSON.stringify((r.addresses ?? []).map((a) => a.line))}, context ${JSON.stringify(r.context ?? [])}`,
  );
}
const shared = (byId.get(match.a)!.context ?? []).filter((c) =>
  (byId.get(match.b)!.context ?? []).includes(c),
);
const degree = (item: string) => world.records.filter((r) => r.context?.includes(item)).length;
console.log(`shared context: ${shared.map((c) => `${c} (named by ${degree(c)} records)`).join(', ')}`);
console.log(
  `prior: lambda ${weights.lambda.toPrecision(3)}, ${Math.log2(weights.lambda / (1 - weights.lambda)).toFixed(2)} bits`,
);
for (const c of match.score.contributions) {
  const f = FEATURES.findIndex((feature) => feature.name === c.feature);
  const level = f < 0 ? -1 : FEATURES[f]!.levels.indexOf(c.level);
  const mu =
    level < 0 ? '' : ` m ${weights.m[f]![level]!.toPrecision(4)} u ${weights.u[f]![level]!.toPrecision(4)}`;
  console.log(
    `${c.feature.padEnd(14)} ${c.level.padEnd(40)} ${c.weight >= 0 ? '+' : ''}${c.weight.toFixed(2)}${mu}`,
  );
}
console.log(
  `match weight ${match.score.matchWeight.toFixed(2)}, probability ${match.score.probability.toFixed(4)} (threshold 0.5, review score 0.8)`,
);
console.log(
  `context weights: ${FEATURES.find((feature) => feature.name === 'context')!
    .levels.map((level, l) => {
      const f = FEATURES.findIndex((feature) => feature.name === 'context');
      return `${level} ${Math.log2(weights.m[f]![l]! / weights.u[f]![l]!).toFixed(2)} (m ${weights.m[f]![l]!.toFixed(3)}, u ${weights.u[f]![l]!.toPrecision(3)})`;
    })
    .join('; ')}`,
);
