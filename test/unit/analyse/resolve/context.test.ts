import { describe, expect, it } from 'vitest';
import { contextLevel } from '../../../../src/analyse/resolve/context.ts';
import { prepareRecords } from '../../../../src/analyse/resolve/prepare.ts';
import { resolveRecords } from '../../../../src/analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../../../../src/analyse/resolve/types.ts';
import { generateResolutionWorld } from '../../../../src/generate/resolution/records.ts';
import { person } from './records.ts';

const withContext = (record: ResolutionRecord, context: string[]): ResolutionRecord => ({
  ...record,
  context,
});
/** Fewer random pairs for u than a run draws: the background is small, and the machine shared. */
const resolve = (records: ResolutionRecord[]) => resolveRecords(records, { randomPairs: 60_000 });
const pairsOf = (out: ReturnType<typeof resolveRecords>) =>
  [...out.certain, ...out.proposed].map((m) => [m.a, m.b].sort().join('|'));

describe('analyse/resolve: context evidence', () => {
  // Background records with context (calls, counterparties, employers): u, m and the prior.
  const world = generateResolutionWorld({ persons: 600, companies: 60, seed: 5 });
  const background = world.records;
  // Two more people of one name, dated apart: "Oana Badraescu" is a name several people carry, so
  // an undated record of it is held back unless something personal says which one it is.
  const namesakes = [
    person('bank:n1', 'Oana Badraescu', '1958-02-11'),
    person('police:n2', 'Oana Badraescu', '1993-07-30'),
  ];
  const phone = person('phone:a', 'Oana Badraescu');
  const bank = person('bank:b', 'OANA BADRAESCU', '1981-05-17');
  /** A big employer: named by 60 background records, as the town's hospital would be. */
  const staff = background
    .filter((r) => r.kind === 'Person')
    .slice(0, 60)
    .map((r) => withContext(r, [...(r.context ?? []), 'organisation:hospital']));
  const others = [...staff, ...background.filter((r) => !staff.some((s) => s.id === r.id))];

  it('levels: two private items, one, only common ones, none, and null without a kind in common', () => {
    const records = [
      withContext(person('x:1', 'A B'), ['phone:+1', 'phone:+2', 'organisation:big']),
      withContext(person('x:2', 'A B'), ['phone:+1', 'phone:+2']),
      withContext(person('x:3', 'A B'), ['phone:+2', 'organisation:big']),
      withContext(person('x:4', 'A B'), ['organisation:big', 'phone:+9']),
      withContext(person('x:5', 'A B'), ['account:GB1']),
      person('x:6', 'A B'),
      ...Array.from({ length: 30 }, (_, i) => withContext(person(`y:${i}`, 'C D'), ['organisation:big'])),
    ];
    const prepared = prepareRecords(records).records;
    const level = (i: number, j: number) => contextLevel(prepared[i]!, prepared[j]!);
    expect(level(0, 1)).toBe(0); // shared-2
    expect(level(0, 2)).toBe(1); // shared: phone:+2; the big employer does not count as private
    expect(level(2, 3)).toBe(2); // common: only the employer of 33
    expect(level(1, 3)).toBe(3); // none: both saw calls, none in common
    expect(level(0, 4)).toBe(-1); // calls and payments cannot disagree
    expect(level(0, 5)).toBe(-1);
  });

  it('joins an undated record to a namesake-carried name by private contacts both called', () => {
    const out = resolve([
      withContext(phone, ['phone:+40721000001', 'phone:+40721000002', 'phone:+447700900555']),
      withContext(bank, ['phone:+40721000001', 'phone:+40721000002', 'account:GB11SHOP00000001']),
      ...namesakes,
      ...others,
    ]);
    expect(pairsOf(out)).toContain('bank:b|phone:a');
    const match = out.proposed.find((m) => [m.a, m.b].sort().join('|') === 'bank:b|phone:a')!;
    const context = match.score.contributions.find((c) => c.feature === 'context')!;
    expect(context.level).toBe('shared-2');
    expect(context.weight).toBeGreaterThan(3);
    // One contact in common is what a father and son share (a relative both call): it does not say
    // which Oana the undated record is, and without any the name alone does not either.
    for (const bankContext of [
      ['phone:+40721000001', 'account:GB11SHOP00000001'],
      ['phone:+40721000009', 'account:GB11SHOP00000001'],
    ]) {
      const without = resolve([
        withContext(phone, ['phone:+40721000001', 'phone:+40721000002', 'phone:+447700900555']),
        withContext(bank, bankContext),
        ...namesakes,
        ...others,
      ]);
      expect(pairsOf(without)).not.toContain('bank:b|phone:a');
    }
  }, 180_000);

  it('does not join namesakes by a big employer they share', () => {
    const out = resolve([
      withContext(person('register:a', 'BADRAESCU, Oana'), ['organisation:hospital']),
      withContext(bank, ['organisation:hospital', 'account:GB11SHOP00000001']),
      ...namesakes,
      ...others,
    ]);
    expect(pairsOf(out)).not.toContain('bank:b|register:a');
    // A small firm of a few people in its place is private: with a friend's number in common too,
    // it joins them.
    const small = resolve([
      withContext(person('register:a', 'BADRAESCU, Oana'), [
        'organisation:corner-bakery',
        'phone:+40721000001',
      ]),
      withContext(bank, ['organisation:corner-bakery', 'phone:+40721000001']),
      ...namesakes,
      ...others,
    ]);
    expect(pairsOf(small)).toContain('bank:b|register:a');
  }, 120_000);

  it('gives the generated worlds context that records of one person share more often than namesakes', () => {
    const prepared = prepareRecords(world.records).records;
    const byEntity = new Map<string, number[]>();
    for (const r of prepared) {
      const entity = world.entityOf.get(r.id)!;
      byEntity.set(entity, [...(byEntity.get(entity) ?? []), r.index]);
    }
    let same = 0;
    let sameShared = 0;
    for (const group of byEntity.values()) {
      for (let x = 0; x < group.length; x++)
        for (let y = x + 1; y < group.length; y++) {
          const level = contextLevel(prepared[group[x]!]!, prepared[group[y]!]!);
          if (level < 0) continue;
          same++;
          if (level <= 1) sameShared++;
        }
    }
    let apart = 0;
    let apartShared = 0;
    for (const { a, b } of world.lookalikes) {
      for (const x of byEntity.get(a) ?? [])
        for (const y of byEntity.get(b) ?? []) {
          const level = contextLevel(prepared[x]!, prepared[y]!);
          if (level < 0) continue;
          apart++;
          if (level <= 1) apartShared++;
        }
    }
    expect(same).toBeGreaterThan(100);
    expect(sameShared / same).toBeGreaterThan(0.5);
    // Look-alikes include fathers and sons and twins, who call the same relatives: they share some,
    // far less often than one person's records do.
    expect(apartShared / Math.max(apart, 1)).toBeLessThan(sameShared / same / 2);
  });
});
