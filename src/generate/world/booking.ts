/** Build and write one travel booking, and post its payment to the payer's bank if it is one of ours. */
import type { BookingJson, Leg, Payment } from '../extracts/travel.ts';
import { formatPhone } from '../ids/phone.ts';
import { fullName, nameFor } from '../noise/names.ts';
import { TRAVEL_PLACES } from '../pools/places.ts';
import type { Rng } from '../rng.ts';
import { addDays, isoToDay } from './calendar.ts';
import { cents, upper } from './text.ts';
import type { Account, Person } from './types.ts';
import type { World } from './world.ts';

export interface BookingRequest {
  payer: Person;
  /** Account the payer pays from (transfer/card); omitted for cash. */
  account?: Account;
  method: Payment['method'];
  passengers: readonly Person[];
  from: keyof typeof TRAVEL_PLACES;
  to: keyof typeof TRAVEL_PLACES;
  via?: readonly (keyof typeof TRAVEL_PLACES)[];
  depart: string;
  mode: 'coach' | 'air' | 'rail';
  returnAfter?: number;
  channel?: BookingJson['channel'];
  /** Price per passenger (EUR). */
  fare: number;
}

const place = (key: keyof typeof TRAVEL_PLACES) => ({
  city: TRAVEL_PLACES[key]!.ro,
  country: TRAVEL_PLACES[key]!.country,
});

function stamp(date: string, hour: number, country: string): string {
  const offset = country === 'GB' ? '+00:00' : country === 'RO' || country === 'BG' ? '+02:00' : '+01:00';
  return `${date}T${String(hour).padStart(2, '0')}:00:00${offset}`;
}

export function book(world: World, rng: Rng, request: BookingRequest): string {
  const travel = world.out.travel;
  const ref = travel.nextRef();
  const fromPlace = place(request.from);
  const toPlace = place(request.to);
  const outbound: Leg = {
    from: fromPlace,
    to: toPlace,
    via: (request.via ?? []).map(place),
    depart: stamp(request.depart, rng.range(5, 20), fromPlace.country),
  };
  const inbound: Leg | null = request.returnAfter
    ? {
        from: toPlace,
        to: fromPlace,
        via: (request.via ?? []).slice().reverse().map(place),
        depart: stamp(addDays(request.depart, request.returnAfter), rng.range(5, 20), toPlace.country),
      }
    : null;
  const created = addDays(request.depart, -rng.range(2, 40));
  const price = cents(request.fare * request.passengers.length * (inbound ? 1.8 : 1));
  let payment: Payment;
  if (request.method === 'bank_transfer' && request.account)
    payment = { method: 'bank_transfer', iban: request.account.iban };
  else if (request.method === 'card' && request.account) {
    const payerName = nameFor(world.seed, request.payer, 'card');
    payment = {
      method: 'card',
      card_last4: request.account.accountNumber.slice(-4),
      card_holder: upper(`${payerName.given.charAt(0)} ${payerName.family}`),
    };
  } else payment = { method: 'cash' };
  const payerName = nameFor(world.seed, request.payer, 'travel-payer');
  const payerPhone = request.payer.phone ? formatPhone(request.payer.phone, 'intlSpaced') : null;
  const passengers = request.passengers.map((p, i) => {
    const phone =
      p.phone && rng.chance(0.6)
        ? formatPhone(p.phone, p.phone.country === 'RO' ? 'nationalCompact' : 'e164')
        : null;
    return travel.passenger(p, i + 1, ref, phone);
  });
  world.log.record(request.payer, 'travel', `${ref}/payer`, fullName(payerName), '', payerName.noise);
  travel.booking({
    booking_ref: ref,
    created: stamp(created, rng.range(8, 22), 'RO'),
    channel: request.channel ?? rng.pick(['web', 'web', 'agent', 'phone'] as const),
    payer: { name: fullName(payerName), email: request.payer.email ?? null, phone: payerPhone, payment },
    trip: { mode: request.mode, type: inbound ? 'return' : 'one_way', outbound, inbound },
    passengers,
    price: { amount: price, currency: 'EUR' },
  });
  if (request.account && payment.method !== 'cash') {
    const gbp = request.account.currency === 'GBP';
    const amount = cents(gbp ? price / 1.17 : price);
    // Bookings made before the period are paid on its first day (the statements start there).
    const postDay = isoToDay(created) < world.period.startDay ? world.period.start : created;
    if (payment.method === 'card') {
      world.out.post({
        date: postDay,
        time: rng.range(8, 22) * 3600,
        from: request.account,
        to: { kind: 'merchant', name: 'CARPATI TRAVEL', town: 'Bucuresti' },
        amount,
        currency: gbp ? 'GBP' : 'EUR',
        kind: 'card',
        reference: ref,
      });
    } else {
      world.out.post({
        date: postDay,
        time: rng.range(8, 22) * 3600,
        from: request.account,
        to: world.travelOperator.account!,
        amount,
        currency: gbp ? 'GBP' : 'EUR',
        kind: 'booking',
        reference: `BOOKING ${ref}`,
      });
    }
  }
  return ref;
}
