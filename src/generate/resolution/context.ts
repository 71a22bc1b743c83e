/**
 * The context a record carries besides the person's own details: the numbers a seized phone calls,
 * the accounts a bank customer pays or is paid by, the employer a benefit claim or a register
 * names. Drawn from each person's true neighbourhood (a circle of acquaintances, their own
 * counterparties, an employer), so that two records of one human share some of it and two
 * namesakes share it only by chance, as in seized data; with noise (numbers nobody else calls,
 * shops and utilities half the town pays, big employers of thousands).
 *
 * A separate random stream (`rngFor(seed, 'context')`) after every other field is drawn: the rest of
 * a world of a given seed is byte for byte what it was before records had context.
 */
import { Rng, rngFor } from '../rng.ts';

/** Entity ids as the store has them: `phone:+…`, `account:…`, `organisation:…`. */
export type ContextId = string;

export const CONTEXT_DEFAULTS = {
  /** People per circle of acquaintances (a village, a workplace, a church, an extended family). */
  circle: 25,
  /** Mean acquaintances per person beyond the first three. */
  contactsMean: 5,
  /** Share of a person's acquaintances from outside their circle. */
  outsideShare: 0.2,
  /** Shops, utilities and landlords' agents paid by many: the common counterparties. */
  merchants: 40,
  /**
   * Share of people employed. Employers are the world's companies with sizes skewed as firm sizes
   * are (rank drawn as `companies × u^3`): the first few employ hundreds, most a handful.
   */
  employedShare: 0.75,
};

interface Neighbourhood {
  /** The number acquaintances call the person on (the one their records hold, or another). */
  phone: ContextId;
  account: ContextId;
  contacts: number[];
  merchants: number[];
  employer?: ContextId;
}

export interface ContextPerson {
  id: string;
  /** The person's own phone, when their records hold one: that is the number others call. */
  phone?: string;
}

export interface ContextRecord {
  source: string;
  context?: ContextId[];
}

/**
 * What each source knows of a person's context (chances per item): a seized phone its contact list;
 * a bank the accounts the customer pays, the shops, mobile-number payments to friends and the
 * salary payer; the police call data for some suspects; a benefit claim the employer.
 */
const SEEN: Record<
  string,
  { any: number; contacts: number; accounts: number; merchants: number; employer: number; noise: number }
> = {
  phone: { any: 1, contacts: 0.7, accounts: 0, merchants: 0, employer: 0, noise: 1.5 },
  'bank-a': { any: 1, contacts: 0.2, accounts: 0.7, merchants: 0.8, employer: 0.8, noise: 0.5 },
  'bank-b': { any: 1, contacts: 0.2, accounts: 0.7, merchants: 0.8, employer: 0.8, noise: 0.5 },
  police: { any: 0.5, contacts: 0.4, accounts: 0, merchants: 0, employer: 0.4, noise: 0.5 },
  // A claim declares the employer (earnings are means-tested); a register entry is an officer's,
  // naming the company (the generator's employer) unless the register holds a private company.
  benefits: { any: 1, contacts: 0, accounts: 0, merchants: 0, employer: 0.8, noise: 0 },
  register: { any: 1, contacts: 0, accounts: 0, merchants: 0, employer: 0.9, noise: 0 },
  travel: { any: 0.4, contacts: 0.15, accounts: 0, merchants: 0, employer: 0, noise: 0 },
};

/** Family look-alikes share part of their circle: a father and son, twins, call the same relatives. */
export interface ContextFamily {
  a: string;
  b: string;
  kind: string;
}

/**
 * Gives every record of `records` (by person, through `entityOf`) its context, in place. `companies`
 * are the organisation entity ids the world holds (employers are drawn from them).
 */
export function addContext(
  seed: number,
  persons: readonly ContextPerson[],
  companies: readonly string[],
  records: readonly (ContextRecord & { id: string; kind: string })[],
  entityOf: ReadonlyMap<string, string>,
  families: readonly ContextFamily[],
  options: Partial<typeof CONTEXT_DEFAULTS> = {},
): void {
  const settings = { ...CONTEXT_DEFAULTS, ...options };
  const rng = rngFor(seed, 'context');
  const n = persons.length;
  if (n === 0) return;
  const index = new Map(persons.map((person, i) => [person.id, i]));
  // Circles: people in a shuffled order, cut into circles of `circle`.
  const order = rng.sample(
    persons.map((_, i) => i),
    n,
  );
  const circleOf = new Int32Array(n);
  order.forEach((person, position) => {
    circleOf[person] = Math.floor(position / settings.circle);
  });
  const members = new Map<number, number[]>();
  order.forEach((person) => {
    const list = members.get(circleOf[person]!) ?? [];
    list.push(person);
    members.set(circleOf[person]!, list);
  });
  const merchantIds = Array.from(
    { length: settings.merchants },
    (_, m) => `account:GB${String(10 + (m % 90))}SHOP${String(m).padStart(8, '0')}`,
  );
  const hoods: Neighbourhood[] = persons.map((person, i) => {
    const own = new Rng(rng.nextUint32());
    const circle = members.get(circleOf[i]!)!;
    const wanted = 3 + own.poisson(settings.contactsMean);
    const contacts = new Set<number>();
    for (let tries = 0; contacts.size < wanted && tries < wanted * 4; tries++) {
      const other = own.chance(settings.outsideShare) ? own.int(n) : own.pick(circle);
      if (other !== i) contacts.add(other);
    }
    // Shops by popularity: the first merchants are paid by most people.
    const merchants = new Set<number>();
    const shops = own.range(1, 4);
    for (let s = 0; s < shops; s++) merchants.add(Math.floor(settings.merchants * own.next() ** 3));
    const hood: Neighbourhood = {
      phone: `phone:${person.phone ?? `+4479${own.range(10_000_000, 99_999_999)}`}`,
      account: `account:GB${own.range(10, 99)}PERS${own.range(10_000_000, 99_999_999)}`,
      contacts: [...contacts].sort((x, y) => x - y),
      merchants: [...merchants].sort((x, y) => x - y),
    };
    if (companies.length > 0 && own.chance(settings.employedShare)) {
      hood.employer = `organisation:${companies[Math.floor(companies.length * own.next() ** 3)]!}`;
    }
    return hood;
  });
  // Relatives call the same relatives: a father and son, twins share two or three acquaintances
  // (and each other). Namesakes of one town half the time know one person in common.
  for (const family of families) {
    const a = index.get(family.a);
    const b = index.get(family.b);
    if (a === undefined || b === undefined) continue;
    if (family.kind === 'namesakes-in-town' && rng.chance(0.5) && hoods[a]!.contacts.length > 0) {
      const shared = rng.pick(hoods[a]!.contacts);
      hoods[b]!.contacts = [...new Set([...hoods[b]!.contacts, shared])].sort((x, y) => x - y);
    }
    if (family.kind !== 'father-son' && family.kind !== 'twins') continue;
    const shared = rng.sample(hoods[a]!.contacts, family.kind === 'twins' ? 3 : 2);
    hoods[b]!.contacts = [...new Set([...hoods[b]!.contacts, ...shared, a])].sort((x, y) => x - y);
    hoods[a]!.contacts = [...new Set([...hoods[a]!.contacts, b])].sort((x, y) => x - y);
    if (rng.chance(0.3) && hoods[a]!.employer) hoods[b]!.employer = hoods[a]!.employer;
  }
  for (const record of records) {
    if (record.kind !== 'Person') continue;
    const person = index.get(entityOf.get(record.id) ?? '');
    const seen = SEEN[record.source];
    if (person === undefined || !seen || !rng.chance(seen.any)) continue;
    const hood = hoods[person]!;
    const context = new Set<ContextId>();
    for (const contact of hood.contacts) {
      if (rng.chance(seen.contacts)) context.add(hoods[contact]!.phone);
      if (rng.chance(seen.accounts)) context.add(hoods[contact]!.account);
    }
    for (const merchant of hood.merchants)
      if (rng.chance(seen.merchants)) context.add(merchantIds[merchant]!);
    if (hood.employer && rng.chance(seen.employer)) context.add(hood.employer);
    // Numbers nobody else in the world calls (a taxi, a delivery), or a stranger's by chance.
    for (let k = rng.poisson(seen.noise); k > 0; k--) {
      context.add(
        rng.chance(0.5) ? hoods[rng.int(n)]!.phone : `phone:+4474${rng.range(10_000_000, 99_999_999)}`,
      );
    }
    if (context.size > 0) record.context = [...context].sort();
  }
}
