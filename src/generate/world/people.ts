/**
 * Person synthesis: every attribute of a person is a pure function of (seed, index, spec), so the
 * background population is recomputed on demand instead of stored (memory stays flat with scale).
 */

import type { IdentityDocument } from '../ids/documents.ts';
import { idCardNumber, nino, passportNumber, residencePermitNumber, romanianCnp } from '../ids/documents.ts';
import { imei, mobile, type PhoneSpace } from '../ids/phone.ts';
import { pad } from '../ids/scramble.ts';
import { canonical, NAME_POOLS, ORIGIN_INFO, type Origin } from '../pools/names.ts';
import { type Rng, rngFor } from '../rng.ts';
import { dayToIso, isoToDay } from './calendar.ts';
import { ascii } from './text.ts';
import type { Address, Person } from './types.ts';

export interface PersonSpec {
  origin: Origin;
  gender?: 'M' | 'F';
  /** Age range in whole years on the period start. */
  age: readonly [number, number];
  /** Family-name pool entry shared with the household; drawn if absent. */
  family?: string;
  address: Address;
  /** Country the person lives in (phone country for most). */
  residence: string;
  /** Probability of a phone (default 0.95 adults). */
  phoneChance?: number;
  /** Probability the phone is a Kestrel subscriber (GB numbers only). */
  telcoChance?: number;
  noise: number;
  phoneSpace: PhoneSpace;
}

const EU = new Set(['GB', 'NL', 'RO', 'PL', 'BG']);
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];

export function personId(index: number): string {
  return `P${pad(index, 7)}`;
}

export function synthPerson(seed: number, index: number, spec: PersonSpec, periodStart: string): Person {
  const rng = rngFor(seed, 'person', index);
  const pool = NAME_POOLS[spec.origin];
  const gender = spec.gender ?? (rng.chance(0.5) ? 'M' : 'F');
  const given = rng.pick(gender === 'M' ? pool.male : pool.female);
  let middle: string | undefined;
  if (pool.middles) middle = pool.middles[gender === 'M' ? 0 : 1];
  else if (rng.chance(spec.origin === 'GB' ? 0.35 : spec.origin === 'RO' ? 0.25 : 0.08)) {
    const other = rng.pick(gender === 'M' ? pool.male : pool.female);
    if (other !== given) middle = other;
  }
  const family = spec.family ?? rng.pick(pool.family);
  const age = rng.range(spec.age[0], spec.age[1]);
  const birthDay = isoToDay(periodStart) - age * 365 - rng.int(365) - Math.floor(age / 4);
  const birthDate = dayToIso(birthDay);
  const info = ORIGIN_INFO[spec.origin];
  const nationality = info.country;
  const adult = age >= 18;

  const person: Person = {
    id: personId(index),
    index,
    origin: spec.origin,
    gender,
    given,
    family,
    birthDate,
    nationality,
    address: spec.address,
    documents: [],
    telco: false,
    noise: spec.noise,
  };
  if (middle) person.middle = middle;

  const phoneChance = spec.phoneChance ?? (adult ? 0.95 : age >= 12 ? 0.6 : 0);
  if (rng.chance(phoneChance)) {
    const homeNumber = spec.residence === nationality || rng.chance(0.88);
    const phoneCountry = homeNumber ? spec.residence : nationality;
    person.phone = mobile(phoneCountry, spec.phoneSpace, index);
    person.imei = imei(index, spec.phoneSpace === 'planted' ? 1 : 0);
    person.telco = phoneCountry === 'GB' && rng.chance(spec.telcoChance ?? 0.45);
  }
  if (adult && rng.chance(0.6)) {
    const local = ascii(`${canonical(given)}.${canonical(family)}`)
      .toLowerCase()
      .replace(/[^a-z.]/g, '');
    person.email = `${local}${rng.chance(0.5) ? rng.range(1, 99) : ''}@${rng.pick(EMAIL_DOMAINS)}`;
  }
  if (spec.residence === 'GB' && adult && rng.chance(0.92)) person.nino = nino(index);
  documents(rng, person, index, spec.residence);
  if (nationality === 'RO') person.cnp = romanianCnp(gender, birthDate, index);
  return person;
}

function documents(rng: Rng, person: Person, index: number, residence: string): void {
  const docs: IdentityDocument[] = person.documents;
  const country = person.nationality;
  if (rng.chance(country === 'GB' ? 0.6 : 0.75))
    docs.push({ type: 'passport', number: passportNumber(country, index), country });
  if (country !== 'GB' && EU.has(country) && rng.chance(0.6))
    docs.push({ type: 'id-card', number: idCardNumber(country, index), country });
  if (residence === 'GB' && !EU.has(country) && rng.chance(0.8)) {
    docs.push({ type: 'residence-permit', number: residencePermitNumber(index), country: 'GB' });
  }
}
