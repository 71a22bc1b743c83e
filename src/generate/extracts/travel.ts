/** travel: Carpați Travel (RO) bookings as JSON lines, Romanian city names, MRZ-order passenger names. */
import { pad, scramble } from '../ids/scramble.ts';
import { corruptDate } from '../noise/malformed.ts';
import type { Person } from '../world/types.ts';
import type { WriterContext } from './context.ts';
import type { Corruption, ExtractFile, ExtractSpec } from './file.ts';
import { mrz, sourceName } from './render.ts';

export const TRAVEL_SPEC: ExtractSpec = {
  file: 'travel-bookings.jsonl',
  format: 'jsonl',
  source: 'Carpați Travel S.R.L.',
  jurisdiction: 'RO',
  mapping: 'travel',
  encoding: 'utf-8',
  lineEnding: 'lf',
};

export interface Place {
  city: string;
  country: string;
}

export interface Leg {
  from: Place;
  to: Place;
  via: Place[];
  depart: string;
}

export type Payment =
  | { method: 'bank_transfer'; iban: string }
  | { method: 'card'; card_last4: string; card_holder: string }
  | { method: 'cash' };

export interface PassengerJson {
  pax: number;
  full_name: string;
  birth_date: string | null;
  nationality: string;
  document: { type: string; number: string; country: string } | null;
  phone: string | null;
}

export interface BookingJson {
  booking_ref: string;
  created: string;
  channel: 'web' | 'agent' | 'phone';
  payer: { name: string; email: string | null; phone: string | null; payment: Payment };
  trip: { mode: 'coach' | 'air' | 'rail'; type: 'one_way' | 'return'; outbound: Leg; inbound: Leg | null };
  passengers: PassengerJson[];
  price: { amount: number; currency: string };
}

export class TravelWriter {
  private count = 0;

  constructor(
    private readonly file: ExtractFile | null,
    private readonly ctx: WriterContext,
  ) {}

  nextRef(): string {
    this.count++;
    return `CT-${scramble(this.count, 36 ** 6, 91)
      .toString(36)
      .toUpperCase()
      .padStart(6, '0')}`;
  }

  /** Passenger object for a person, name and birth date as this source writes them. */
  passenger(person: Person, pax: number, bookingRef: string, phone: string | null): PassengerJson {
    const name = sourceName(this.ctx.seed, person, 'travel');
    const fullName = mrz(name);
    this.ctx.log.record(person, 'travel', `${bookingRef}/${pax}`, fullName, name.birthDate, name.noise);
    const doc =
      person.documents.find((d) => d.type === 'passport') ??
      person.documents.find((d) => d.type === 'id-card');
    return {
      pax,
      full_name: fullName,
      birth_date: name.birthDate || null,
      nationality: person.nationality,
      document: doc ? { type: doc.type, number: doc.number, country: doc.country } : null,
      phone,
    };
  }

  booking(booking: BookingJson): void {
    const file = this.file;
    if (!file) return;
    if (file.schedule.due(file.rows + 1) && file.schedule.count % 3 === 2) {
      const broken = JSON.stringify({ ...booking, booking_ref: `CT-X${pad(file.schedule.count, 5)}` });
      file.writeRawMalformed(broken.slice(0, Math.floor(broken.length / 2)), '(line)', 'invalid-json');
    }
    file.write(booking, (b) => JSON.stringify(b), corrupt);
  }
}

function corrupt(booking: BookingJson, k: number): Corruption<BookingJson> | undefined {
  if (k % 3 === 0) {
    const outbound = { ...booking.trip.outbound, depart: corruptDate(booking.trip.outbound.depart) };
    return {
      row: { ...booking, booking_ref: `CT-Y${pad(k, 5)}`, trip: { ...booking.trip, outbound } },
      field: 'trip.outbound.depart',
      reason: 'invalid-date',
    };
  }
  if (k % 3 === 1)
    return { row: { ...booking, booking_ref: '' }, field: 'booking_ref', reason: 'missing-id' };
  return undefined;
}
