import { describe, expect, it } from 'vitest';
import { forEachCandidate } from '../../../../src/analyse/resolve/blocking.ts';
import { clustersOf, scoreClusters, scorePairs } from '../../../../src/analyse/resolve/evaluate.ts';
import { prepareRecords } from '../../../../src/analyse/resolve/prepare.ts';
import { resolveRecords } from '../../../../src/analyse/resolve/resolve.ts';
import { generateResolutionWorld } from '../../../../src/generate/resolution/records.ts';
import { person } from './records.ts';

describe('analyse/resolve', () => {
  const world = generateResolutionWorld({ persons: 1500, companies: 150, seed: 3 });
  const result = resolveRecords(world.records);
  const predicted = [...result.certain, ...result.proposed].map((m) => [m.a, m.b] as const);

  it('finds one person in records of other sources, scripts and spellings, precisely (generated world)', () => {
    const pairs = scorePairs(predicted, world.entityOf);
    expect(pairs.precision).toBeGreaterThanOrEqual(0.98);
    expect(pairs.recall).toBeGreaterThan(0.6);
    const clusters = scoreClusters(
      clustersOf(
        world.records.map((r) => r.id),
        predicted,
      ),
      world.entityOf,
    );
    expect(clusters.precision).toBeGreaterThanOrEqual(0.98);
  });

  it('proposes true pairs among its candidates (blocking recall)', () => {
    const { records } = prepareRecords(world.records);
    const candidates = new Set<string>();
    forEachCandidate(records, (i, j) => candidates.add(`${records[i]!.id}|${records[j]!.id}`));
    let truePairs = 0;
    let found = 0;
    for (let i = 0; i < records.length; i++) {
      for (let j = i + 1; j < records.length; j++) {
        if (world.entityOf.get(records[i]!.id) !== world.entityOf.get(records[j]!.id)) continue;
        truePairs++;
        if (candidates.has(`${records[i]!.id}|${records[j]!.id}`)) found++;
      }
    }
    expect(found / truePairs).toBeGreaterThanOrEqual(0.95);
  });

  it('merges no twin and no namesake company directly', () => {
    const lookalike = new Set(world.lookalikes.flatMap((l) => [`${l.a}|${l.b}`, `${l.b}|${l.a}`]));
    const kinds = world.lookalikes.map((l) => l.kind);
    expect(kinds).toContain('twins');
    const merged = predicted.filter(([a, b]) =>
      lookalike.has(`${world.entityOf.get(a)}|${world.entityOf.get(b)}`),
    );
    const kindOf = new Map(world.lookalikes.map((l) => [`${l.a}|${l.b}`, l.kind]));
    const byKind = merged.map(([a, b]) => {
      const [x, y] = [world.entityOf.get(a)!, world.entityOf.get(b)!];
      return kindOf.get(`${x}|${y}`) ?? kindOf.get(`${y}|${x}`);
    });
    expect(byKind.filter((k) => k === 'namesake-companies')).toEqual([]);
    // No look-alike is ever joined by a rule (SAME_AS).
    const isLookalike = (m: { a: string; b: string }) =>
      lookalike.has(`${world.entityOf.get(m.a)}|${world.entityOf.get(m.b)}`);
    expect(result.certain.filter(isLookalike)).toEqual([]);
    // What reaches the review queue (score >= 0.8) stays within 5 % of the look-alikes; the review
    // band below it (stored, not queued) may hold a few more, within 15 % (docs/resolution.md).
    const queued = result.proposed.filter((m) => m.score.probability >= 0.8 && isLookalike(m));
    expect(queued.length).toBeLessThanOrEqual(Math.ceil(world.lookalikes.length * 0.05));
    expect(merged.length).toBeLessThanOrEqual(Math.ceil(world.lookalikes.length * 0.15));
  });

  it('is deterministic: the same records give the same answer', () => {
    const again = resolveRecords(world.records);
    expect(again.proposed.map((m) => `${m.a}|${m.b}|${m.score.matchWeight}`)).toEqual(
      result.proposed.map((m) => `${m.a}|${m.b}|${m.score.matchWeight}`),
    );
  });

  it('joins records sharing a document by rule, but not when their names have nothing in common', () => {
    const records = [
      person('police:1', 'Ion Popescu', '1980-01-02', [{ kind: 'document', value: 'passport|RO|051234567' }]),
      person('travel:2', 'POPESCU, Ion', undefined, [{ kind: 'document', value: 'passport|RO|051234567' }]),
      person('travel:3', 'Vasile Rusu', undefined, [{ kind: 'document', value: 'passport|RO|051234567' }]),
      ...world.records.slice(0, 300),
    ];
    const out = resolveRecords(records);
    expect(out.certain).toContainEqual(
      expect.objectContaining({ a: 'police:1', b: 'travel:2', rule: 'rule:same-document' }),
    );
    expect(out.stats.identifierNameConflicts.map((c) => [c.a, c.b].sort().join('|'))).toContain(
      'police:1|travel:3',
    );
    expect(out.certain.some((m) => [m.a, m.b].includes('travel:3'))).toBe(false);
  });

  it('explains every proposal as per-feature weights that add up to its match weight', () => {
    const match = result.proposed[0]!;
    const prior = Math.log2(result.stats.weights.lambda / (1 - result.stats.weights.lambda));
    const sum = prior + match.score.contributions.reduce((total, c) => total + c.weight, 0);
    expect(sum).toBeCloseTo(match.score.matchWeight, 9);
    expect(match.score.probability).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps a father and son of one name apart by their conflicting birth years', () => {
    const records = [
      person('bank:1', 'Stefan Balan', '1960-05-01'),
      person('police:2', 'BALAN, Stefan', '1960-05-01'),
      person('bank:3', 'Stefan Balan', '1988-09-09'),
      person('register:4', 'BALAN, Stefan', '1988-09'),
      ...world.records.slice(0, 500),
    ];
    const out = resolveRecords(records);
    const pairs = [...out.certain, ...out.proposed].map((m) => [m.a, m.b].sort().join('|'));
    expect(pairs).toContain('bank:1|police:2');
    expect(pairs).toContain('bank:3|register:4');
    expect(
      pairs.filter((p) => p.includes('bank:1') && (p.includes('bank:3') || p.includes('register:4'))),
    ).toEqual([]);
    expect(out.stats.exclusions['birth-date-conflict']).toBeGreaterThan(0);
  });

  it('joins given names written by other romanisations or national forms, and keeps look-alike names apart', () => {
    const records = [
      // One person each: the same date, family name and door, the given name by another system.
      person('bank:1', 'MRS JANA PEMARIEVA', '1957-02-01'),
      person('travel:2', 'Zhana Pemarieva', '1957-02-01'),
      person('bank:3', 'IHOR BOIKO', '1986-08-26'),
      person('register:4', 'BOIKO, Igor', '1986-08-26'),
      person('bank:5', 'KATERYNA MELNYK', '1979-11-30'),
      person('register:6', 'MELNYK, Ekaterina', '1979-11-30'),
      person('bank:7', 'GUEORGUI KOTIOV', '1961-12-14'),
      person('benefits:8', 'Georgi Kotiov', '1961-12-14'),
      // Two people each: other given names that look alike (Яна and Жана, Егор and Игорь).
      person('bank:9', 'Yana Dobreva', '1990-04-04'),
      person('travel:10', 'Zhana Dobreva', '1990-04-04'),
      person('bank:11', 'Egor Lysenko', '1972-06-15'),
      person('register:12', 'LYSENKO, Igor', '1972-06-15'),
      ...world.records.slice(0, 500),
    ];
    const out = resolveRecords(records);
    const pairs = [...out.certain, ...out.proposed].map((m) => [m.a, m.b].sort().join('|'));
    for (const pair of ['bank:1|travel:2', 'bank:3|register:4', 'bank:5|register:6', 'bank:7|benefits:8'])
      expect(pairs, pair).toContain(pair);
    expect(pairs).not.toContain('bank:9|travel:10');
    expect(pairs).not.toContain('bank:11|register:12');
  });

  it('counts and skips records without a usable name, and ignores impossible dates', () => {
    const out = resolveRecords([
      person('a:1', '   '),
      person('a:2', '12345'),
      person('a:3', 'Ana Pop', '1990-02-30'),
      person('a:4', 'Ana Pop', '1990-02-03'),
    ]);
    expect(out.stats.skipped.map((s) => s.id)).toEqual(['a:1', 'a:2']);
    expect(out.stats.badDates.map((s) => s.id)).toEqual(['a:3']);
  });

  it('refuses a threshold that is not a probability', () => {
    expect(() => resolveRecords([], { threshold: 1.5 })).toThrow(/analyse\/resolve: threshold/);
  });
});
