/**
 * `node --import tsx scripts/bench/resolve-misses.ts [--seed 1] [--variant base] [--persons 3000]`
 *
 * What the true pairs that resolution missed hold, on a development world: for each missed pair
 * why it was missed (`not-blocked`: never a candidate; `excluded:<rule>`; `undated-namesake`;
 * `ambiguous`; `below-threshold`), its record kind and its comparison (name level, date level,
 * identifiers, address, context), counted by pattern, most common first, with an example; then the
 * counts by reason alone. Read while tuning on the development set only.
 */
import { parseArgs } from 'node:util';
import { forEachCandidate } from '../../src/analyse/resolve/blocking.ts';
import { compareRecords, FEATURES } from '../../src/analyse/resolve/compare.ts';
import {
  exclusionOf,
  prepareResolution,
  resolveRecords,
  undatedNamesake,
} from '../../src/analyse/resolve/resolve.ts';
import {
  generateResolutionWorld,
  RECORD_WORLD_VARIANTS,
  type RecordWorldVariant,
} from '../../src/generate/resolution/records.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    variant: { type: 'string', default: 'base' },
    persons: { type: 'string', default: '3000' },
    top: { type: 'string', default: '25' },
  },
});
const persons = Number(values.persons);
const world = generateResolutionWorld({
  seed: Number(values.seed),
  persons,
  companies: Math.round(persons / 10),
  ...RECORD_WORLD_VARIANTS[values.variant as RecordWorldVariant],
});
const result = resolveRecords(world.records);
const found = new Set<string>();
for (const m of [...result.certain, ...result.proposed]) found.add(`${m.a}|${m.b}`).add(`${m.b}|${m.a}`);
const { records, census, words } = prepareResolution(world.records);
const ambiguous = new Set(result.stats.ambiguous.flatMap((m) => [`${m.a}|${m.b}`, `${m.b}|${m.a}`]));
const candidates = new Set<number>();
forEachCandidate(records, (i, j) => candidates.add(i * records.length + j));
const reasons = new Map<string, number>();
const byEntity = new Map<string, number[]>();
for (const r of records) {
  const e = world.entityOf.get(r.id)!;
  byEntity.set(e, [...(byEntity.get(e) ?? []), r.index]);
}
const patterns = new Map<string, { count: number; example: string }>();
const comparison = new Int8Array(FEATURES.length);
let missed = 0;
for (const group of byEntity.values()) {
  for (let x = 0; x < group.length; x++) {
    for (let y = x + 1; y < group.length; y++) {
      const a = records[group[x]!]!;
      const b = records[group[y]!]!;
      if (found.has(`${a.id}|${b.id}`)) continue;
      missed++;
      compareRecords(a, b, comparison);
      const excluded = exclusionOf(a, b, comparison, words);
      const reason = !candidates.has(a.index * records.length + b.index)
        ? 'not-blocked'
        : ambiguous.has(`${a.id}|${b.id}`)
          ? 'ambiguous'
          : excluded
            ? `excluded:${excluded}`
            : undatedNamesake(a, b, comparison, census)
              ? 'undated-namesake'
              : 'below-threshold';
      const why = `${a.kind} ${reason}`;
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
      const key = `${why}  ${FEATURES.map(
        (f, i) => `${f.name}=${comparison[i]! < 0 ? '-' : f.levels[comparison[i]!]}`,
      )
        .filter((s) => !s.startsWith('legalForm') || a.kind === 'Organisation')
        .join(' ')}`;
      const entry = patterns.get(key) ?? { count: 0, example: '' };
      entry.count++;
      const original = (id: string) => world.records.find((r) => r.id === id)!;
      if (!entry.example) {
        const show = (id: string) => {
          const r = original(id);
          return `${r.id} ${JSON.stringify(r.names)} ${r.birthDate ?? '-'} ${r.identifiers.map((i) => i.kind).join('/')} ${(r.addresses ?? []).map((ad) => ad.line).join(' / ')} context ${r.context?.length ?? 0}`;
        };
        entry.example = `${show(a.id)}  ||  ${show(b.id)}`;
      }
      patterns.set(key, entry);
    }
  }
}
console.log(
  `missed true pairs: ${missed}; exclusions ${JSON.stringify(result.stats.exclusions)}; ambiguous ${result.stats.ambiguous.length}`,
);
for (const [key, { count, example }] of [...patterns]
  .sort((p, q) => q[1].count - p[1].count)
  .slice(0, Number(values.top))) {
  console.log(`${String(count).padStart(5)}  ${key}\n       e.g. ${example}`);
}
console.log('\nby reason:');
for (const [why, count] of [...reasons].sort((p, q) => q[1] - p[1]))
  console.log(`${String(count).padStart(5)}  ${why}`);
