/**
 * The background population's only stored state: which household each person belongs to (two
 * typed arrays, 4 bytes per person). Every other attribute is recomputed from (seed, index) on
 * demand, with small caches for the persons a household's activity touches.
 */

import { romanianCnp } from '../ids/documents.ts';
import { unscramble } from '../ids/scramble.ts';
import { NAME_POOLS, ORIGINS, type Origin } from '../pools/names.ts';
import { rngFor } from '../rng.ts';
import { openAccount } from '../world/accounts.ts';
import { makeAddress } from '../world/addresses.ts';
import { ageOn } from '../world/calendar.ts';
import { employer } from '../world/orgs.ts';
import { personId, synthPerson } from '../world/people.ts';
import type { Address, LookAlikeKind, Organisation, Person } from '../world/types.ts';

/** Share of sons named after their father ("Ion Popescu" and "Ion Popescu", 25 years apart). */
const JUNIOR_SHARE = 0.05;
/** Share of children (from the third member on) born the same day as the previous child: above the
 * birth rate of twins (about 1 in 60) so that every world holds enough of them to test against. */
const TWIN_SHARE = 0.08;
/** Share of married women whose maiden name some source still carries. */
const MAIDEN_SHARE = 0.6;

export interface Household {
  index: number;
  first: number;
  size: number;
  country: 'GB' | 'NL';
  origin: Origin;
  address: Address;
  tenure: 'own' | 'rent' | 'social';
  /** Unrelated adults sharing (each with their own family name). */
  flatshare: boolean;
  family: string;
  landlord: number;
  rent: number;
}

const SIZE_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 29],
  [2, 34],
  [3, 15],
  [4, 13],
  [5, 6],
  [6, 3],
];

const GB_ORIGINS: readonly (readonly [Origin, number])[] = [
  ['GB', 72],
  ['RO', 8],
  ['PL', 7],
  ['BG', 3],
  ['AL', 3],
  ['VN', 2],
  ['UA', 3],
  ['NL', 2],
];
const NL_ORIGINS: readonly (readonly [Origin, number])[] = [
  ['NL', 76],
  ['RO', 8],
  ['PL', 8],
  ['BG', 4],
  ['UA', 3],
  ['GB', 1],
];

/** Background employers per person, and the salt tying employer e to its director. */
export const PEOPLE_PER_EMPLOYER = 25;
const DIRECTOR_SALT = 61;

export class Population {
  readonly size: number;
  readonly households: number;
  readonly employers: number;
  readonly landlords: number;
  private readonly hhStart: Uint32Array;
  private readonly hhOf: Uint32Array;
  private readonly personCache = new Map<number, Person>();
  private readonly householdCache = new Map<number, Household>();
  private readonly employerCache = new Map<number, Organisation>();

  constructor(
    readonly seed: number,
    size: number,
    readonly periodStart: string,
    /** Share of background persons whose records carry a deliberate error (the `noisy` variant raises it). */
    readonly noise = 0.04,
  ) {
    this.size = size;
    const rng = rngFor(seed, 'households');
    const starts: number[] = [];
    const hhOf = new Uint32Array(size);
    let person = 0;
    while (person < size) {
      const hh = starts.length;
      starts.push(person);
      const n = Math.min(rng.weighted(SIZE_WEIGHTS), size - person);
      hhOf.fill(hh, person, person + n);
      person += n;
    }
    this.hhOf = hhOf;
    this.households = starts.length;
    this.hhStart = new Uint32Array(starts.length + 1);
    this.hhStart.set(starts);
    this.hhStart[starts.length] = size;
    this.employers = Math.max(3, Math.round(size / PEOPLE_PER_EMPLOYER));
    this.landlords = Math.max(3, Math.round(size / 60));
  }

  /** Bytes held by the population tables. */
  get tableBytes(): number {
    return this.hhOf.byteLength + this.hhStart.byteLength;
  }

  householdOf(person: number): number {
    return this.hhOf[person]!;
  }

  household(h: number): Household {
    let hh = this.householdCache.get(h);
    if (hh) return hh;
    if (this.householdCache.size > 2048) this.householdCache.clear();
    const rng = rngFor(this.seed, 'household', h);
    const country = rng.chance(0.85) ? 'GB' : 'NL';
    const origin = rng.weighted(country === 'GB' ? GB_ORIGINS : NL_ORIGINS);
    const first = this.hhStart[h]!;
    const size = this.hhStart[h + 1]! - first;
    const tenure = rng.weighted<Household['tenure']>([
      ['own', 55],
      ['rent', origin === 'GB' || origin === 'NL' ? 33 : 60],
      ['social', 12],
    ]);
    hh = {
      index: h,
      first,
      size,
      country,
      origin,
      address: makeAddress(rng, `ADR-H${String(h).padStart(7, '0')}`, country),
      tenure,
      flatshare: size >= 2 && size <= 4 && rng.chance(tenure === 'rent' ? 0.3 : 0.03),
      family: rng.pick(NAME_POOLS[origin].family),
      landlord: rng.int(this.landlords),
      rent: Math.round(rng.range(450, 1600) / 5) * 5,
    };
    this.householdCache.set(h, hh);
    return hh;
  }

  /** Background person `i`, recomputed (cached briefly). */
  person(i: number): Person {
    let person = this.personCache.get(i);
    if (person) return person;
    if (this.personCache.size > 8192) this.personCache.clear();
    const hh = this.household(this.hhOf[i]!);
    const k = i - hh.first;
    const rng = rngFor(this.seed, 'member', i);
    let origin = hh.origin;
    let family: string | undefined = hh.family;
    let age: [number, number];
    let gender: 'M' | 'F' | undefined;
    if (hh.flatshare) {
      if (k > 0 && rng.chance(0.4)) origin = ORIGINS[rng.int(ORIGINS.length)]!;
      family = undefined;
      age = [19, 42];
    } else if (k === 0) {
      age = rng.chance(0.72) ? [22, 64] : [65, 90];
    } else {
      const head = this.person(hh.first);
      const headAge = ageOn(head.birthDate, this.periodStart);
      if (k === 1 && rng.chance(0.85)) {
        gender = head.gender === 'M' ? 'F' : 'M';
        age = [Math.max(18, headAge - 6), headAge + 4];
      } else age = [0, Math.max(0, Math.min(17, headAge - 19))];
    }
    const spec = {
      origin,
      age,
      address: hh.address,
      residence: hh.country,
      noise: this.noise,
      phoneSpace: 'person' as const,
      ...(family ? { family } : {}),
      ...(gender ? { gender } : {}),
    };
    person = synthPerson(this.seed, i, spec, this.periodStart);
    this.family(person, hh, k);
    if (ageOn(person.birthDate, this.periodStart) >= 18) {
      const bankDraw = rngFor(this.seed, 'bank', i).next();
      const bank = hh.country === 'GB' ? (bankDraw < 0.55 ? 'A' : 'X') : bankDraw < 0.6 ? 'B' : 'X';
      person.account = openAccount({
        holder: { kind: 'person', person },
        country: hh.country,
        bank,
        space: 'person',
        index: i,
        before: this.periodStart,
        branchTown: hh.address.town,
        seed: this.seed,
      });
    }
    this.personCache.set(i, person);
    return person;
  }

  /**
   * Family look-alikes and names, on streams of their own (every other draw of the world unchanged):
   * a son named after his father, twins (the previous child's birthday), a wife's maiden name. Both
   * sides of a look-alike list each other in `lookAlikes` (the truth of who must never be merged),
   * computed from the household's draws alone, as every attribute is.
   */
  private family(person: Person, hh: Household, k: number): void {
    if (hh.flatshare) return;
    const flags = this.familyDraws(person.index);
    if (k === 1 && person.gender === 'F' && flags.maiden) {
      const maiden = NAME_POOLS[hh.origin].family[flags.maidenPick % NAME_POOLS[hh.origin].family.length]!;
      if (maiden !== person.family) person.maiden = maiden;
    }
    const looks: { personId: string; kind: LookAlikeKind }[] = [];
    if (this.isJunior(hh, k)) {
      person.given = this.person(hh.first).given;
      looks.push({ personId: this.person(hh.first).id, kind: 'father-son' });
    }
    if (this.isTwin(hh, k)) {
      const previous = this.person(hh.first + k - 1);
      person.birthDate = previous.birthDate;
      if (person.cnp) person.cnp = romanianCnp(person.gender, person.birthDate, person.index);
      looks.push({ personId: previous.id, kind: 'twins' });
    }
    if (this.isTwin(hh, k + 1)) looks.push({ personId: personId(hh.first + k + 1), kind: 'twins' });
    if (k === 0) {
      for (let j = 2; j < hh.size; j++)
        if (this.isJunior(hh, j)) looks.push({ personId: personId(hh.first + j), kind: 'father-son' });
    }
    if (looks.length > 0) person.lookAlikes = looks;
  }

  private familyDraws(index: number) {
    const draw = rngFor(this.seed, 'family-lookalike', index);
    return {
      junior: draw.chance(JUNIOR_SHARE),
      twin: draw.chance(TWIN_SHARE),
      maiden: draw.chance(MAIDEN_SHARE),
      maidenPick: draw.int(1 << 30),
    };
  }

  /** Gender as synthPerson draws it for a member without a set gender (the head, the children). */
  private drawnGender(index: number): 'M' | 'F' {
    return rngFor(this.seed, 'person', index).chance(0.5) ? 'M' : 'F';
  }

  /** Child k (k ≥ 2: every member after the head's partner is a child) is a son named after his father. */
  private isJunior(hh: Household, k: number): boolean {
    return (
      !hh.flatshare &&
      k >= 2 &&
      k < hh.size &&
      this.familyDraws(hh.first + k).junior &&
      this.drawnGender(hh.first + k) === 'M' &&
      this.drawnGender(hh.first) === 'M'
    );
  }

  /** Child k shares the previous child's birthday. */
  private isTwin(hh: Household, k: number): boolean {
    return !hh.flatshare && k >= 3 && k < hh.size && this.familyDraws(hh.first + k).twin;
  }

  members(h: number): Person[] {
    const hh = this.household(h);
    const out: Person[] = [];
    for (let i = hh.first; i < hh.first + hh.size; i++) out.push(this.person(i));
    return out;
  }

  employer(e: number): Organisation {
    let org = this.employerCache.get(e);
    if (org) return org;
    if (this.employerCache.size > 4096) this.employerCache.clear();
    org = employer(this.seed, e, this.periodStart);
    this.employerCache.set(e, org);
    return org;
  }

  /** Zipf-distributed employer for a uniform draw: a few large employers, many small ones. */
  employerFor(u: number): number {
    return Math.min(this.employers - 1, Math.floor(Math.exp(u * Math.log(this.employers + 1))) - 1);
  }

  /** The employer person `i` directs, if any (a bijection ties each employer to one person). */
  directs(i: number): number | undefined {
    const e = unscramble(i, this.size, DIRECTOR_SALT);
    return e < this.employers ? e : undefined;
  }
}
