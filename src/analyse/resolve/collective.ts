/**
 * Collective evidence: records already joined (a rule, or a proposal scoring at least `strong`) are
 * one person, so what one of them holds speaks for the others. A seized phone's "Emily Phillips"
 * holds only a number; the register's "PHILLIPS, Emily" only a year of birth: the two hold nothing
 * in common, but the bank's record of Emily Phillips shares the phone with the first and the birth
 * date with the second. A second pass compares a pair again with one record seen with the context of
 * its strong partners (the other record of the pair left out), as entity-centric resolution does.
 *
 * Deterministic (one pass, partners in index order) and careful: a partner kept apart from the other
 * record (a conflicting date, another given name) vetoes the pair, and the enriched comparison goes
 * through the same exclusions, so a son is never joined to his father through the father's records.
 */
import { mergeContext } from './context.ts';
import type { PartialDate } from './dates.ts';
import { addIdentifier } from './identifiers.ts';
import type { PreparedRecord } from './prepare.ts';

export const COLLECTIVE_DEFAULTS = {
  /** Probability from which a proposal counts as a join whose records share their context. */
  strong: 0.99,
  /** Partners read per record (the strongest first): bounds the pass on hubs. */
  maxPartners: 8,
};

/** Strong partners of each record, by index, from joined pairs (each pair once). */
export function partnersOf(
  links: readonly (readonly [number, number, number])[],
  max: number,
): Map<number, number[]> {
  const sorted = [...links].sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1]);
  const partners = new Map<number, number[]>();
  const add = (from: number, to: number) => {
    const list = partners.get(from);
    if (!list) partners.set(from, [to]);
    else if (list.length < max && !list.includes(to)) list.push(to);
  };
  for (const [a, b] of sorted) {
    add(a, b);
    add(b, a);
  }
  return partners;
}

/**
 * Partners as columns, to hand to another thread: record x's partners are
 * `list[starts[x]..starts[x + 1]]`, in their order (the strongest first). Records without partners
 * have an empty run and come back without an entry, as partnersOf leaves them.
 */
export interface PartnerColumns {
  starts: Uint32Array;
  list: Uint32Array;
}

export function partnerColumns(partners: ReadonlyMap<number, readonly number[]>, n: number): PartnerColumns {
  const starts = new Uint32Array(n + 1);
  for (const [x, list] of partners) starts[x + 1] = list.length;
  for (let x = 0; x < n; x++) starts[x + 1]! += starts[x]!;
  const list = new Uint32Array(starts[n]!);
  for (const [x, own] of partners) list.set(own, starts[x]!);
  return { starts, list };
}

export function partnersFromColumns({ starts, list }: PartnerColumns): Map<number, number[]> {
  const partners = new Map<number, number[]>();
  for (let x = 0; x + 1 < starts.length; x++) {
    if (starts[x + 1] === starts[x]) continue;
    partners.set(x, Array.from(list.subarray(starts[x]!, starts[x + 1]!)));
  }
  return partners;
}

function completeness(date: PartialDate): number {
  return date.day !== undefined ? 3 : date.month !== undefined ? 2 : 1;
}

/** The most complete birth date of the partners, or none when their years disagree. */
function partnersBirth(partners: readonly PreparedRecord[]): PartialDate | undefined {
  let best: PartialDate | undefined;
  for (const partner of partners) {
    const birth = partner.birth;
    if (!birth) continue;
    if (best && best.year !== birth.year) return undefined;
    if (!best || completeness(birth) > completeness(best)) best = birth;
  }
  return best;
}

/**
 * `record` as its strong partners know it: its own names, and its own birth date, nationality,
 * identifiers, addresses and context completed with theirs (a date only where it has none).
 */
export function withPartners(record: PreparedRecord, partners: readonly PreparedRecord[]): PreparedRecord {
  if (partners.length === 0) return record;
  const identifiers: string[] = [];
  for (const source of [record, ...partners]) {
    const own = source.identifiers;
    for (let i = 0; i < own.length; i += 2) addIdentifier(identifiers, own[i]!, own[i + 1]!);
  }
  return {
    ...record,
    birth: record.birth ?? partnersBirth(partners),
    nationality: record.nationality ?? partners.find((p) => p.nationality)?.nationality,
    identifiers,
    addresses: [record, ...partners].flatMap((p) => p.addresses),
    contextRare: mergeContext([record, ...partners].map((p) => p.contextRare)),
    contextCommon: mergeContext([record, ...partners].map((p) => p.contextCommon)),
    contextKinds: [record, ...partners].reduce((kinds, p) => kinds | p.contextKinds, 0),
  };
}
