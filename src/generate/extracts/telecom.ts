/** telecom: Kestrel Mobile UK call detail records (one row per call/SMS touching a subscriber). */
import { dialledFrom, type Phone } from '../ids/phone.ts';
import { pad } from '../ids/scramble.ts';
import { corruptDate } from '../noise/malformed.ts';
import { clock } from '../world/calendar.ts';
import { upper } from '../world/text.ts';
import type { Corruption, ExtractFile, ExtractSpec } from './file.ts';

export const TELECOM_SPEC: ExtractSpec = {
  file: 'telecom-cdr.csv',
  format: 'csv',
  source: 'Kestrel Mobile UK',
  jurisdiction: 'GB',
  mapping: 'telecom',
  encoding: 'utf-8',
  delimiter: ',',
  lineEnding: 'lf',
};

export const TELECOM_HEADER = [
  'record_id',
  'record_type',
  'event',
  'start_time',
  'duration_s',
  'a_number',
  'b_number',
  'a_imei',
  'cell_id',
  'cell_city',
] as const;

export interface CallEvent {
  a: Phone;
  aImei?: string;
  aSubscriber: boolean;
  b: Phone;
  bSubscriber: boolean;
  date: string;
  /** Seconds since midnight (UTC). */
  time: number;
  seconds: number;
  event: 'VOICE' | 'SMS';
  /** City of the subscriber's serving cell. */
  town: string;
}

export class TelecomWriter {
  private ids = 0;

  constructor(private readonly file: ExtractFile | null) {}

  call(call: CallEvent): void {
    const file = this.file;
    if (!file || !(call.aSubscriber || call.bSubscriber)) return;
    this.ids++;
    const moc = call.aSubscriber;
    const cellNo = (this.ids * 7919) % 10_000;
    const row = [
      `K${pad(this.ids, 10)}`,
      moc ? 'MOC' : 'MTC',
      call.event,
      `${call.date}T${clock(call.time)}Z`,
      String(call.event === 'SMS' ? 0 : call.seconds),
      call.a.e164.slice(1),
      dialled(call.b),
      moc && call.aImei ? call.aImei : '',
      `${cellPrefix(call.town)}${pad(cellNo, 4)}`,
      call.town,
    ];
    file.write(row, (r) => file.csvLine(r), corrupt);
  }
}

const prefixes = new Map<string, string>();

function cellPrefix(town: string): string {
  let prefix = prefixes.get(town);
  if (prefix === undefined) {
    prefix = `234-15-${upper(town).slice(0, 2)}-`;
    prefixes.set(town, prefix);
  }
  return prefix;
}

/** As a GB subscriber dials: domestic numbers with the trunk 0, foreign ones with 00 (same as dialledFrom). */
function dialled(phone: Phone): string {
  return phone.country === 'GB' ? `0${phone.e164.slice(3)}` : dialledFrom('GB', phone);
}

function corrupt(row: string[], k: number): Corruption<string[]> {
  const bad = row.slice();
  if (k % 2 === 0) {
    bad[0] = `K9${pad(k, 9)}`;
    bad[3] = corruptDate(bad[3]!);
    return { row: bad, field: 'start_time', reason: 'invalid-date' };
  }
  bad[0] = '';
  return { row: bad, field: 'record_id', reason: 'missing-id' };
}
