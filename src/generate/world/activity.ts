/** Everyday activity shared by background and planted people: spending, cash, calls. */
import type { Phone } from '../ids/phone.ts';
import { GB_DIRECT_DEBITS, GB_MERCHANTS, NL_DIRECT_DEBITS, NL_MERCHANTS } from '../pools/merchants.ts';
import type { Rng } from '../rng.ts';
import { dayToIso, isoToDay } from './calendar.ts';
import { cents } from './text.ts';
import type { Account, Person } from './types.ts';
import type { World } from './world.ts';

/** A random day of month `m` of the period (ISO). */
export function dayOf(world: World, rng: Rng, m: number, from = 1, to = 28): string {
  return dayToIso(world.period.monthStartDays[m]! + rng.range(from, to) - 1);
}

export function daysBetween(a: string, b: string): number {
  return isoToDay(b) - isoToDay(a);
}

export function inPeriod(world: World, iso: string): boolean {
  const day = isoToDay(iso);
  return day >= world.period.startDay && day < world.period.endDay;
}

export function clampToPeriod(world: World, iso: string): string {
  const day = Math.min(Math.max(isoToDay(iso), world.period.startDay), world.period.endDay - 1);
  return dayToIso(day);
}

/** Card spending, direct debits and cash for one month of an account. */
export function everydaySpending(
  world: World,
  rng: Rng,
  account: Account,
  town: string,
  m: number,
  intensity = 1,
): void {
  const gb = account.currency === 'GBP';
  const currency = gb ? 'GBP' : 'EUR';
  const merchants = gb ? GB_MERCHANTS : NL_MERCHANTS;
  const cards = rng.poisson(3 * intensity);
  for (let i = 0; i < cards; i++) {
    const merchant = rng.pick(merchants);
    world.out.post({
      date: dayOf(world, rng, m),
      time: rng.range(8 * 3600, 21 * 3600),
      from: account,
      to: { kind: 'merchant', name: merchant.name, town },
      amount: cents(merchant.min + rng.next() * (merchant.max - merchant.min)),
      currency,
      kind: 'card',
      reference: '',
      mayCorrupt: true,
    });
  }
  if (intensity >= 1 && rng.chance(0.8)) {
    const dd = rng.pick(gb ? GB_DIRECT_DEBITS : NL_DIRECT_DEBITS);
    world.out.post({
      date: dayOf(world, rng, m, 1, 5),
      time: 6 * 3600,
      from: account,
      to: world.counterparty(dd.name, gb ? 'GB' : 'NL').account!,
      amount: cents(dd.min + rng.next() * (dd.max - dd.min)),
      currency,
      kind: 'direct-debit',
      reference: gb ? 'DIRECT DEBIT' : 'Incasso maandbedrag',
      mayCorrupt: true,
    });
  }
  if (rng.chance(0.5 * intensity)) {
    world.out.post({
      date: dayOf(world, rng, m),
      time: rng.range(9 * 3600, 22 * 3600),
      from: account,
      to: { kind: 'cash', name: 'ATM', town },
      amount: rng.pick([20, 40, 50, 60, 100, 200]),
      currency,
      kind: 'atm',
      reference: '',
      mayCorrupt: true,
    });
  }
}

/** One call or SMS between two phones (written if either is a Kestrel subscriber). */
export function call(
  world: World,
  rng: Rng,
  a: { phone: Phone; imei?: string; telco: boolean; town: string },
  b: { phone: Phone; telco: boolean },
  date: string,
  sms = rng.chance(0.3),
): void {
  // One literal shape for every call (aImei possibly undefined): spreading into a second shape
  // was a slow path taken once per CDR row.
  world.out.telecom.call({
    a: a.phone,
    aImei: a.imei,
    aSubscriber: a.telco,
    b: b.phone,
    bSubscriber: b.telco,
    date,
    time: rng.range(7 * 3600, 23 * 3600),
    seconds: Math.round(Math.exp(3.5 + rng.normal())) + 5,
    event: sms ? 'SMS' : 'VOICE',
    town: a.town,
  });
}

export function caller(person: Person): { phone: Phone; imei?: string; telco: boolean; town: string } {
  const out: { phone: Phone; imei?: string; telco: boolean; town: string } = {
    phone: person.phone!,
    telco: person.telco,
    town: person.address.town,
  };
  if (person.imei) out.imei = person.imei;
  return out;
}
